/**
 * The panel's one typed context: what the user entered (persisted with
 * setState, restored after a reload) and what the host answered (fetched
 * again after a reload). Pages read it and change it only through `update`.
 */
import { parse } from '../../src/protocol/schema';
import {
  WIZARD_PROTOCOL_VERSION,
  WizardViewState,
  type Draft,
  type NetworkChoice,
  type PeerChoicesView,
  type PlanView,
  type Prefill,
  type RunView,
  type ScenarioView,
  type ValidationView,
  type WizardInit,
  type WizardStepId,
} from '../../src/protocol/wizardMessages';
import { t } from './l10n';

export interface Loadable<T> {
  value?: T;
  loading?: boolean;
  error?: string;
}

export interface Model {
  /** What survives a reload. */
  saved: WizardViewState;
  init?: WizardInit;
  scenarios: Loadable<ScenarioView[]>;
  networks: Loadable<{ networks: NetworkChoice[]; note?: string }>;
  choices: Loadable<PeerChoicesView>;
  validation: Loadable<ValidationView> & { forDraft?: string };
  plan: Loadable<PlanView> & { forDraft?: string };
  run: Loadable<RunView>;
  /** One line under the header: the outcome of the last action. */
  notice?: { kind: 'info' | 'error'; text: string };
  /** Counted here so the UI tests can prove the CSP blocks nothing the panel needs. */
  cspViolations: number;
}

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

export function freshState(flavor: WizardViewState['flavor'] = 'bash'): WizardViewState {
  return { version: WIZARD_PROTOCOL_VERSION, step: 'what', flavor };
}

/** The saved state, when it is still one this version understands; a fresh one otherwise. */
export function restoreState(raw: unknown): WizardViewState | undefined {
  if (raw === undefined || raw === null) return undefined;
  const parsed = parse(WizardViewState, raw, 'state');
  return parsed.ok ? parsed.value : undefined;
}

export function emptyModel(saved: WizardViewState): Model {
  return {
    saved,
    scenarios: {},
    networks: {},
    choices: {},
    validation: {},
    plan: {},
    run: {},
    cspViolations: 0,
  };
}

/** A stable key of the draft, to tell whether a validation or plan is for what is on screen. */
export function draftKey(draft: Draft | undefined): string {
  if (!draft) return '';
  const inputs = Object.keys(draft.inputs)
    .sort()
    .map((k) => [k, draft.inputs[k]]);
  return JSON.stringify([draft.scenarioId, draft.localNetworkKey ?? '', inputs]);
}

export function scenarioOf(model: Model): ScenarioView | undefined {
  const id = model.saved.draft?.scenarioId;
  return id ? model.scenarios.value?.find((s) => s.id === id) : undefined;
}

export function networkOf(model: Model): NetworkChoice | undefined {
  const key = model.saved.draft?.localNetworkKey;
  return key ? model.networks.value?.networks.find((n) => n.key === key) : undefined;
}

/** A fresh wizard that starts from what a tree node filled in. */
export function applyPrefill(saved: WizardViewState, prefill: Prefill): WizardViewState {
  const next: WizardViewState = {
    version: WIZARD_PROTOCOL_VERSION,
    step: 'what',
    flavor: saved.flavor,
    prefill,
  };
  if (prefill.scenarioId) next.draft = startDraft(prefill.scenarioId, prefill);
  return next;
}

/** The draft for a newly picked scenario, carrying over what the prefill named. */
export function startDraft(scenarioId: string, prefill: Prefill | undefined): Draft {
  const draft: Draft = { scenarioId, inputs: { ...(prefill?.inputs ?? {}) } };
  if (prefill?.localNetworkKey) draft.localNetworkKey = prefill.localNetworkKey;
  return draft;
}

/**
 * A step's title in the display language. A function, not a table of
 * strings: the bundle is loaded when the page starts, after this module.
 */
export function stepTitle(step: WizardStepId): string {
  switch (step) {
    case 'what':
      return t('What to connect');
    case 'network':
      return t('Your network');
    case 'other':
      return t('The other side');
    case 'review':
      return t('Review');
    case 'run':
      return t('Run');
    case 'done':
      return t('Done');
  }
}
