/**
 * What a scenario is: its summary (shown up front), the rules beyond each
 * input's format, and a builder from inputs to a plan draft. Scenarios are
 * plain objects; service presets reuse the step builders in steps/.
 */
import type { PlanDraft } from './draft';
import type {
  InputSpec,
  PlanContext,
  PlanInputs,
  ScenarioSummary,
  ValidationIssue,
} from '../model/plan';

/** Inputs after trimming and defaults, read by name. */
export interface InputReader {
  text(name: string): string;
  list(name: string): string[];
  has(name: string): boolean;
}

export interface ScenarioRules {
  errors: (ValidationIssue | undefined)[];
  warnings: (ValidationIssue | undefined)[];
}

export interface Scenario extends ScenarioSummary {
  /** Rules across inputs and context: overlap, regions, reserved ranges, existing peering. */
  rules(inputs: InputReader, context: PlanContext): ScenarioRules;
  build(inputs: InputReader, context: PlanContext): PlanDraft;
}

export function readInputs(specs: readonly InputSpec[], raw: PlanInputs): InputReader {
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
