/**
 * # Peering plans: the API the wizard calls
 *
 * Pure Node (no `vscode`, no SDK): scenarios are data plus small functions,
 * plans are JSON, and the runner calls providers only through the typed
 * adapter interfaces, loaded by the `loadProvider` it is given.
 *
 * ```ts
 * import { listScenarios, validate, buildPlan, renderScript, Runner } from '../plans';
 *
 * listScenarios();
 * // → [{ id: 'dragonfly-aws', title, description, constraints: [...], clouds, inputs: InputSpec[], source }, ...]
 *
 * validate('emqx-cloud-aws', inputs, context);
 * // → { errors: ValidationIssue[], warnings: ValidationIssue[] }
 * //   every issue has `field` (an input name, or `name[i]` for one list item), `value`, `rule`, `message`:
 * //   { field: 'customerCidrs[0]', value: '100.64.0.0/16', rule: 'EMQX Cloud does not support CIDRs in 100.0.0.0/8; …', message }
 * //   All failures come back at once; warnings (cross-region charges, missing route tables) never block.
 *
 * const plan = buildPlan('emqx-cloud-aws', inputs, context);   // throws PlanValidationError (with .errors) if invalid
 * plan.steps;        // ordered: side, title, reason, kind (api | wait | manual), action {cloud, method, args},
 *                    // check (the idempotency read), rollback, instructions/values for manual steps,
 *                    // script: { bash, terraform } (this step's text)
 * plan.carryValues;  // what the user copies to another console (EMQX console: peering id, account, VPC)
 * plan.followUps;    // what is left afterwards (DHCP renewal on UpCloud VMs, a Dragonfly data store, ...)
 * plan.teardown;     // how to undo, and its preconditions (EMQX Cloud: the peering must be running, ...)
 *
 * renderScript(plan, 'bash');       // the whole script: set -euo pipefail, values at the top, a comment per step
 * renderScript(plan, 'terraform');  // HCL with the official providers
 *
 * const runner = new Runner({ loadProvider, accounts, journalPath, onEvent });
 * await runner.run(plan, { signal });  // resumes from the journal; see src/runner/runner.ts
 * ```
 *
 * `inputs` is a `Record<string, string | string[]>` keyed by the scenario's
 * `InputSpec.name`; lists (CIDRs, route tables, security groups) are arrays.
 * `context` (all optional) carries what discovery knows: `accounts` per side
 * id (a side without an account gets manual steps), `networks` (so every CIDR
 * of a network is checked, secondary and IPv6 included), `peerings` (an
 * existing peering between the same pair is an error), and UpCloud
 * `networkTypes` / `networkZones` / `networkRouters`.
 */
import { renderBash, renderBashStep } from '../render/bash';
import { renderTerraform, renderTerraformStep } from '../render/terraform';
import { finishPlan } from './draft';
import { readInputs, type Scenario } from './scenario';
import { SCENARIOS } from './registry';
import type {
  Plan,
  PlanContext,
  PlanInputs,
  ScenarioId,
  ScenarioSummary,
  ValidationIssue,
  ValidationResult,
} from '../model/plan';
import { checkInput } from './validation/fieldRules';
import { contradictionIssues, inWords } from './validation/wording';

export type * from '../model/plan';
export { Runner } from '../runner/runner';
export type { RunnerEvent, RunnerOptions, RunResult } from '../runner/runner';

export class PlanValidationError extends Error {
  constructor(readonly errors: ValidationIssue[]) {
    super(`The plan cannot be built: ${errors.map((e) => e.message).join(' ')}`);
    this.name = 'PlanValidationError';
  }
}

function scenario(id: string): Scenario {
  const found = SCENARIOS.find((s) => s.id === id);
  if (!found)
    throw new PlanValidationError([
      {
        field: 'scenarioId',
        value: id,
        rule: `it must be one of ${SCENARIOS.map((s) => s.id).join(', ')}`,
        message: `scenarioId "${id}" is not a known scenario.`,
      },
    ]);
  return found;
}

export function listScenarios(): ScenarioSummary[] {
  return SCENARIOS.map(
    ({ id, title, description, constraints, clouds, sides, service, inputs, source }) => ({
      id,
      title,
      description,
      constraints,
      clouds,
      sides,
      ...(service ? { service } : {}),
      inputs,
      source,
    }),
  );
}

/** Every failure at once: each input's format first, then the rules across inputs and context. */
export function validate(
  scenarioId: ScenarioId | string,
  inputs: PlanInputs,
  context: PlanContext = {},
): ValidationResult {
  const s = scenario(scenarioId);
  const errors: ValidationIssue[] = [];
  for (const spec of s.inputs) {
    const raw =
      inputs[spec.name] === undefined || inputs[spec.name] === ''
        ? spec.default
        : inputs[spec.name];
    errors.push(...checkInput(spec, raw, { azCli: s.clouds.includes('azure') }));
  }
  const unknown = Object.keys(inputs).filter(
    (k) => inputs[k] !== undefined && !s.inputs.some((i) => i.name === k),
  );
  for (const k of unknown)
    errors.push({
      field: k,
      value: String(inputs[k]),
      rule: `${s.title} takes no such input`,
      message: `${k}: ${s.title} takes no such input.`,
    });
  // Rules across fields read only well-formed values; a malformed one is reported above.
  const broken = new Set(errors.map((e) => e.field.replace(/\[\d+\]$/, '')));
  const clean: PlanInputs = {};
  for (const spec of s.inputs) {
    const v = inputs[spec.name];
    if (!broken.has(spec.name) && v !== undefined) clean[spec.name] = v;
    else if (Array.isArray(v))
      clean[spec.name] = v.filter((_, i) => !errors.some((e) => e.field === `${spec.name}[${i}]`));
  }
  const rules = s.rules(readInputs(s.inputs, clean), context);
  const present = (list: (ValidationIssue | undefined)[]) =>
    list.filter((i): i is ValidationIssue => i !== undefined);
  return {
    errors: inWords(
      present([...errors, ...contradictionIssues(s.inputs, clean, context), ...rules.errors]),
      s.inputs,
    ),
    warnings: inWords(present(rules.warnings), s.inputs),
  };
}

/** The plan for valid inputs; throws PlanValidationError listing every failure otherwise. */
export function buildPlan(
  scenarioId: ScenarioId | string,
  inputs: PlanInputs,
  context: PlanContext = {},
): Plan {
  const result = validate(scenarioId, inputs, context);
  if (result.errors.length) throw new PlanValidationError(result.errors);
  const s = scenario(scenarioId);
  const draft = s.build(readInputs(s.inputs, inputs), context);
  draft.warnings.push(...result.warnings);
  return finishPlan(draft, (plan, step) => ({
    bash: renderBashStep(plan, step),
    terraform: renderTerraformStep(plan, step),
  }));
}

/**
 * Builds without validating: for tests that feed hostile values straight to
 * the renderers, which must stay safe whatever they are given.
 */
export function buildPlanUnchecked(
  scenarioId: ScenarioId | string,
  inputs: PlanInputs,
  context: PlanContext = {},
): Plan {
  const s = scenario(scenarioId);
  return finishPlan(s.build(readInputs(s.inputs, inputs), context), (plan, step) => ({
    bash: renderBashStep(plan, step),
    terraform: renderTerraformStep(plan, step),
  }));
}

export function renderScript(plan: Plan, flavor: 'bash' | 'terraform'): string {
  return flavor === 'bash' ? renderBash(plan) : renderTerraform(plan);
}
