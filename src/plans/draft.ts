/**
 * The small vocabulary scenario builders share: a plan in the making, its
 * variables and sides, and constructors for api, wait and manual steps.
 * Rendering the per-step script text happens once, in `finishPlan`.
 */
import type {
  CarryValue,
  OutputRef,
  Plan,
  PlanSide,
  PlanStep,
  ShellWord,
  TfProviderConfig,
} from '../model/plan';

export type StepDraft = Omit<PlanStep, 'script'>;

/** A plan before `finishPlan`: steps without their script text, carry values not yet collected. */
export interface PlanDraft extends Omit<Plan, 'steps' | 'carryValues'> {
  steps: StepDraft[];
}

export function newDraft(
  head: Pick<PlanDraft, 'scenarioId' | 'title' | 'summary' | 'source'>,
): PlanDraft {
  return {
    ...head,
    sides: [],
    variables: [],
    terraformProviders: [],
    steps: [],
    warnings: [],
    followUps: [],
    teardown: [],
  };
}

/** Adds a Terraform provider block once per provider and alias, however many steps need it. */
export function declareTerraformProvider(draft: PlanDraft, config: TfProviderConfig): void {
  if (
    !draft.terraformProviders.some(
      (p) => p.provider === config.provider && p.alias === config.alias,
    )
  )
    draft.terraformProviders.push(config);
}

/** A wait step's timeout (30 minutes unless given) and rollback: waiting leaves nothing to undo. */
export function waitOnly(timeoutMs = 30 * 60_000): { timeoutMs: number; rollback: string } {
  return { timeoutMs, rollback: 'Nothing to undo: this step only waits.' };
}

/** Declares a script variable (once) and returns the bash word that reads it. */
export function variable(
  draft: PlanDraft,
  name: string,
  value: string | string[],
  description: string,
  options: { secret?: boolean; terraformOnly?: boolean } = {},
): { var: string } {
  const existing = draft.variables.find((v) => v.name === name);
  if (existing && JSON.stringify(existing.value) !== JSON.stringify(value))
    throw new Error(`Variable ${name} declared twice with different values`);
  if (!existing) draft.variables.push({ name, value, description, ...options });
  return { var: name };
}

/** One element of a list variable. */
export function element(name: string, index: number): { var: string; index: number } {
  return { var: name, index };
}

/** Terraform's reference to one element of a list variable (its Terraform name is the lower-case one). */
export function tfElement(name: string, index: number): { ref: string } {
  return { ref: `var.${name.toLowerCase()}[${index}]` };
}

export function ref(output: string): OutputRef {
  return { $ref: output };
}

export function addSide(draft: PlanDraft, side: PlanSide): PlanSide {
  draft.sides.push(side);
  return side;
}

export function addStep(draft: PlanDraft, step: StepDraft): StepDraft {
  if (draft.steps.some((s) => s.id === step.id)) throw new Error(`Duplicate step id ${step.id}`);
  draft.steps.push(step);
  return step;
}

/** `Name=<filter>,Values=<value>` for the aws CLI's --filters, with the value as a variable. */
export function awsFilter(name: string, value: ShellWord): ShellWord {
  return { concat: [`Name=${name},Values=`, value] };
}

/** Collects every value to carry elsewhere, in step order, without duplicates. */
export function carryValuesOf(steps: readonly StepDraft[]): CarryValue[] {
  const out: CarryValue[] = [];
  for (const step of steps) {
    for (const value of step.values ?? []) {
      const key = `${value.label}|${value.destination}`;
      if (!out.some((v) => `${v.label}|${v.destination}` === key)) out.push(value);
    }
  }
  return out;
}

export function finishPlan(
  draft: PlanDraft,
  render: (plan: Plan, step: PlanStep) => { bash: string; terraform: string },
): Plan {
  const plan: Plan = {
    scenarioId: draft.scenarioId,
    title: draft.title,
    summary: draft.summary,
    source: draft.source,
    sides: draft.sides,
    variables: draft.variables,
    terraformProviders: draft.terraformProviders,
    steps: draft.steps.map((s) => ({ ...s, script: { bash: '', terraform: '' } })),
    carryValues: carryValuesOf(draft.steps),
    warnings: draft.warnings,
    followUps: draft.followUps,
    teardown: draft.teardown,
  };
  for (const step of plan.steps) step.script = render(plan, step);
  return plan;
}
