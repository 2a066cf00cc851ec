/**
 * What a scenario is: its summary (shown up front) with the sides it declares,
 * the rules beyond each input's format, and a builder from inputs to a plan
 * draft. Scenarios are plain objects; service presets reuse the step builders
 * in steps/.
 *
 * Input names are typed: `defineScenario` infers the union of the names its
 * `inputs` declare, and `rules` and `build` read inputs through an
 * `InputReader` of exactly those names, so reading a name the scenario does
 * not declare does not compile.
 */
import type { PlanDraft } from './draft';
import type {
  InputSpec,
  PlanContext,
  PlanInputs,
  ScenarioSummary,
  ValidationIssue,
} from '../model/plan';

/** Inputs after trimming and defaults, read by one of the scenario's input names. */
export interface InputReader<N extends string = string> {
  text(name: N): string;
  list(name: N): string[];
  has(name: N): boolean;
}

export interface ScenarioRules {
  errors: (ValidationIssue | undefined)[];
  warnings: (ValidationIssue | undefined)[];
}

export interface Scenario<N extends string = string> extends ScenarioSummary {
  inputs: InputSpec<N>[];
  /** Rules across inputs and context: overlap, regions, reserved ranges, existing peering. */
  rules(inputs: InputReader<N>, context: PlanContext): ScenarioRules;
  build(inputs: InputReader<N>, context: PlanContext): PlanDraft;
}

/** A scenario whose `rules` and `build` read only the input names its `inputs` declare. */
export function defineScenario<const N extends string>(scenario: Scenario<N>): Scenario<N> {
  return scenario;
}

/** One input spec whose name stays a literal type. */
export function inputSpec<const N extends string>(spec: InputSpec<N>): InputSpec<N> {
  return spec;
}

/** A list of input specs whose names stay literal types (for `defineScenario`'s inference). */
export function inputSpecs<const N extends string>(...specs: InputSpec<N>[]): InputSpec<N>[] {
  return specs;
}

export function readInputs<N extends string>(
  specs: readonly InputSpec<N>[],
  raw: PlanInputs,
): InputReader<N> {
  const values = new Map<string, string | string[]>();
  for (const spec of specs) {
    const given = raw[spec.name];
    const value =
      given === undefined || given === '' || (Array.isArray(given) && given.length === 0)
        ? spec.default
        : given;
    if (value === undefined) continue;
    if (Array.isArray(value))
      values.set(
        spec.name,
        value.map((v) => String(v).trim()).filter((v) => v !== ''),
      );
    else values.set(spec.name, spec.kind === 'name' ? String(value) : String(value).trim());
  }
  return {
    text: (name) => {
      const v = values.get(name);
      return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
    },
    list: (name) => {
      const v = values.get(name);
      return Array.isArray(v) ? v : v ? [v] : [];
    },
    has: (name) => {
      const v = values.get(name);
      return Array.isArray(v) ? v.length > 0 : !!v;
    },
  };
}
