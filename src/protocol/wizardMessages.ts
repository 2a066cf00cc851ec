/**
 * The messages between the peering wizard's webview and its host, as schemas.
 * Each schema is the type (through `Infer`) and the runtime check: the host
 * parses every message from the webview with `WebviewToHost` and rejects what
 * does not fit; the webview parses the host's messages with `HostToWebview`.
 *
 * Shape of the conversation:
 *   webview → host   { type: 'ready' }                         once its script runs
 *   host → webview   { type: 'init', ... }                     scenarios, prefill, settings
 *   webview → host   { type: 'request', id, request: {...} }   id correlates the answer
 *   host → webview   { type: 'response', id, ok, result|error }
 *   host → webview   { type: 'runUpdate', run }                live progress of a run
 *
 * The views here (ScenarioView, PlanView, RunView, ...) are what the panel
 * shows, not the plan model itself: the host maps `src/plans` and
 * `src/runner` onto them, so the webview bundle stays small and the plan
 * model can change without a protocol change.
 */
import {
  arr,
  bool,
  literal,
  num,
  obj,
  optional,
  record,
  str,
  tagged,
  json,
  type Infer,
} from './schema';
import { CLOUD_KINDS } from '../providers/registry';

export const WIZARD_PROTOCOL_VERSION = 1;

/** How long the webview waits for an answer before it shows a timeout (per method). */
export const REQUEST_TIMEOUT_MS: Readonly<Record<WizardMethod, number>> = {
  listScenarios: 15_000,
  listNetworks: 60_000,
  peerChoices: 60_000,
  validate: 15_000,
  buildPlan: 30_000,
  // Save and Run in Terminal wait on a modal dialog the user may leave open a while.
  scriptAction: 600_000,
  copyText: 10_000,
  startRun: 30_000,
  cancelRun: 15_000,
  retryStep: 30_000,
  confirmStep: 15_000,
  resumeRun: 30_000,
  attachRun: 15_000,
  revealPeering: 15_000,
};

/** The host gives up on a handler a little before the webview would, so its error arrives first. */
export function hostTimeoutMs(method: WizardMethod): number {
  return Math.max(1_000, REQUEST_TIMEOUT_MS[method] - 2_000);
}

// ---------------------------------------------------------------------------
// Building blocks

const id = str({ min: 1, max: 200 });
const text = str({ max: 2_000 });
const longText = str({ max: 200_000 });
const cloud = literal(...CLOUD_KINDS);
const fieldValue = str({ max: 4_096 });

export const WIZARD_STEPS = ['what', 'network', 'other', 'review', 'run', 'done'] as const;
export const WizardStepId = literal(...WIZARD_STEPS);
export type WizardStepId = Infer<typeof WizardStepId>;

export const ScriptFlavor = literal('bash', 'terraform');
export type ScriptFlavor = Infer<typeof ScriptFlavor>;

/** What the user has entered so far: the wizard's one typed context. */
export const Draft = obj({
  scenarioId: str({ min: 1, max: 100, pattern: /^[a-z0-9][a-z0-9.:_-]*$/ }),
  /** `Network.key` of the user's network, picked from discovery. */
  localNetworkKey: optional(str({ min: 1, max: 1_000 })),
  /** Every other input by field name, as typed or picked. */
  inputs: record(fieldValue, { maxKeys: 60 }),
});
export type Draft = Infer<typeof Draft>;

export const Choice = obj({
  value: fieldValue,
  label: text,
  detail: optional(text),
  /** Other inputs this pick answers too (a fetched VPC brings its region, account and CIDRs). */
  fills: optional(record(fieldValue, { maxKeys: 20 })),
});
export type Choice = Infer<typeof Choice>;

export const FieldView = obj({
  name: str({ min: 1, max: 100 }),
  label: text,
  help: optional(text),
  placeholder: optional(text),
  required: bool(),
  /** Which wizard page asks for it. */
  step: literal('network', 'other'),
  /** Fixed options (a region list, yes/no); API-fetched options arrive through `peerChoices`. */
  options: optional(arr(Choice, { max: 500 })),
  defaultValue: optional(fieldValue),
  /** Several values, one per line or comma-separated (CIDRs, route tables). */
  list: optional(bool()),
  /**
   * Answered by the network picked on "Your network" (its id, region, CIDRs):
   * hidden unless validation finds a problem with what the network gave.
   */
  fromNetwork: optional(bool()),
});
export type FieldView = Infer<typeof FieldView>;

export const ScenarioView = obj({
  id: str({ min: 1, max: 100 }),
  title: text,
  description: text,
  kind: literal('scenario', 'service'),
  /** Shown on the first page, before anything is entered: the provider's precautions. */
  constraints: arr(text, { max: 50 }),
  /** Clouds the user's own network may be in. */
  localClouds: arr(cloud, { max: CLOUD_KINDS.length }),
  /** Label of the other side ("Dragonfly Cloud network", "EMQX deployment VPC"). */
  otherSide: text,
  fields: arr(FieldView, { max: 60 }),
});
export type ScenarioView = Infer<typeof ScenarioView>;

export const NetworkChoice = obj({
  key: str({ min: 1, max: 1_000 }),
  cloud,
  accountId: id,
  accountLabel: text,
  id: str({ min: 1, max: 1_000 }),
  name: text,
  region: optional(text),
  cidrs: arr(str({ max: 64 }), { max: 100 }),
});
export type NetworkChoice = Infer<typeof NetworkChoice>;

export const Issue = obj({
  field: optional(str({ max: 100 })),
  message: text,
});
export type Issue = Infer<typeof Issue>;

export const ValidationView = obj({
  errors: arr(Issue, { max: 200 }),
  warnings: arr(Issue, { max: 200 }),
});
export type ValidationView = Infer<typeof ValidationView>;

/** Something the user must do or enter outside this extension, with the exact value. */
export const FollowUp = obj({
  /** Where: "EMQX Cloud console", "Each UpCloud VM created before the peering". */
  where: text,
  label: text,
  value: longText,
  note: optional(text),
});
export type FollowUp = Infer<typeof FollowUp>;

export const PlanStepView = obj({
  id,
  /** Which side acts: an account label or a service name. */
  side: text,
  title: text,
  reason: text,
  /** `manual` steps are done by the user elsewhere; the runner waits or skips them. */
  kind: literal('api', 'manual', 'wait'),
});
export type PlanStepView = Infer<typeof PlanStepView>;

export const PlanView = obj({
  title: text,
  steps: arr(PlanStepView, { max: 200 }),
  followUps: arr(FollowUp, { max: 100 }),
  warnings: arr(Issue, { max: 200 }),
  scripts: obj({ bash: longText, terraform: longText }),
});
export type PlanView = Infer<typeof PlanView>;

export const StepStatus = literal('pending', 'running', 'done', 'skipped', 'failed', 'cancelled');
export type StepStatus = Infer<typeof StepStatus>;

export const RunStepView = obj({
  id,
  title: text,
  side: text,
  status: StepStatus,
  /** Epoch milliseconds; the panel computes elapsed time from these. */
  startedAt: optional(num({ min: 0 })),
  finishedAt: optional(num({ min: 0 })),
  detail: optional(text),
  error: optional(text),
  attempts: optional(num({ min: 0, integer: true })),
  /** A manual step waiting for the user: what to do, the values to enter, and a Done button. */
  awaitingUser: optional(bool()),
  instructions: optional(arr(text, { max: 50 })),
  values: optional(arr(FollowUp, { max: 50 })),
});
export type RunStepView = Infer<typeof RunStepView>;

export const RunView = obj({
  runId: id,
  title: text,
  /** `interrupted`: the journal shows an unfinished run from before a reload; it can resume. */
  status: literal('running', 'succeeded', 'failed', 'cancelled', 'interrupted'),
  steps: arr(RunStepView, { max: 200 }),
  startedAt: num({ min: 0 }),
  finishedAt: optional(num({ min: 0 })),
  /** Time spent waiting on the user (manual steps) or stopped before a resume. */
  pausedMs: optional(num({ min: 0 })),
  /** Set while a manual step waits on the user: since when (epoch ms). */
  pausedSince: optional(num({ min: 0 })),
  /** The peering the run created, once known, and its state as last seen. */
  peering: optional(
    obj({
      id: str({ max: 1_000 }),
      cloud,
      state: str({ max: 50 }),
      label: text,
      /** Where the Networks view lists it, for "Show in Networks view". */
      key: optional(str({ max: 1_000 })),
      accountId: optional(id),
      region: optional(str({ max: 100 })),
    }),
  ),
  followUps: arr(FollowUp, { max: 100 }),
});
export type RunView = Infer<typeof RunView>;

/** How long a run has been working at `now`: wall time less the time it waited on the user. */
export function runActiveMs(run: RunView, now: number): number {
  const end = run.finishedAt ?? now;
  const waiting = run.pausedSince !== undefined ? Math.max(0, end - run.pausedSince) : 0;
  return Math.max(0, end - run.startedAt - (run.pausedMs ?? 0) - waiting);
}

/** Values that arrive already filled in when the wizard opens from a tree node. */
export const Prefill = obj({
  scenarioId: optional(str({ max: 100 })),
  localNetworkKey: optional(str({ max: 1_000 })),
  inputs: optional(record(fieldValue, { maxKeys: 60 })),
  /** From a peering row: the far network, picked on "The other side" when its API lists it. */
  peerNetworkId: optional(str({ max: 1_000 })),
  /** Shown at the top: "Prefilled from app-vpc (vpc-…)". */
  source: optional(text),
});
export type Prefill = Infer<typeof Prefill>;

/** What the webview keeps with `setState`, and what the serializer hands back after a reload. */
export const WizardViewState = obj({
  version: literal(WIZARD_PROTOCOL_VERSION),
  step: WizardStepId,
  draft: optional(Draft),
  flavor: ScriptFlavor,
  runId: optional(id),
  /**
   * What the tree node filled in. Kept apart from the draft: it can name a
   * network before any scenario is picked, and a reloaded panel still says
   * where it came from.
   */
  prefill: optional(Prefill),
});
export type WizardViewState = Infer<typeof WizardViewState>;

// ---------------------------------------------------------------------------
// Requests (webview → host), each with its result schema

export const WizardRequest = tagged('method', {
  listScenarios: obj({ method: literal('listScenarios') }),
  listNetworks: obj({ method: literal('listNetworks'), refresh: optional(bool()) }),
  peerChoices: obj({ method: literal('peerChoices'), draft: Draft }),
  validate: obj({ method: literal('validate'), draft: Draft }),
  buildPlan: obj({ method: literal('buildPlan'), draft: Draft }),
  scriptAction: obj({
    method: literal('scriptAction'),
    action: literal('copy', 'openInEditor', 'save', 'runInTerminal'),
    flavor: ScriptFlavor,
    draft: Draft,
  }),
  copyText: obj({ method: literal('copyText'), text: longText }),
  startRun: obj({ method: literal('startRun'), draft: Draft }),
  cancelRun: obj({ method: literal('cancelRun'), runId: id }),
  retryStep: obj({ method: literal('retryStep'), runId: id, stepId: id }),
  /** The user did a manual step's part elsewhere. */
  confirmStep: obj({ method: literal('confirmStep'), runId: id, stepId: id }),
  resumeRun: obj({ method: literal('resumeRun'), runId: id }),
  attachRun: obj({ method: literal('attachRun'), runId: id }),
  /** Reveals the peering a finished run made in the Networks view. */
  revealPeering: obj({ method: literal('revealPeering'), runId: id }),
});
export type WizardRequest = Infer<typeof WizardRequest>;
export type WizardMethod = WizardRequest['method'];

export const PeerChoicesView = obj({
  /** Options per field name, fetched from the other side's API. */
  choices: record(arr(Choice, { max: 2_000 }), { maxKeys: 60 }),
  /** Where they came from, e.g. "Dragonfly Cloud API (Sandbox Dragonfly)"; absent when typed. */
  source: optional(text),
  /** Why nothing was fetched ("No Dragonfly Cloud account is configured: type the values"). */
  note: optional(text),
});
export type PeerChoicesView = Infer<typeof PeerChoicesView>;

export const ActionDone = obj({ done: bool(), message: optional(text) });
export type ActionDone = Infer<typeof ActionDone>;

export const RESULT_SCHEMAS = {
  listScenarios: arr(ScenarioView, { max: 100 }),
  listNetworks: obj({ networks: arr(NetworkChoice, { max: 10_000 }), note: optional(text) }),
  peerChoices: PeerChoicesView,
  validate: ValidationView,
  buildPlan: PlanView,
  scriptAction: ActionDone,
  copyText: ActionDone,
  startRun: RunView,
  cancelRun: ActionDone,
  retryStep: RunView,
  confirmStep: ActionDone,
  resumeRun: RunView,
  attachRun: RunView,
  revealPeering: ActionDone,
} as const;

export type WizardResult<M extends WizardMethod> = Infer<(typeof RESULT_SCHEMAS)[M]>;
export type RequestOf<M extends WizardMethod> = Extract<WizardRequest, { method: M }>;

// ---------------------------------------------------------------------------
// Envelopes

export const WebviewToHost = tagged('type', {
  ready: obj({ type: literal('ready'), protocolVersion: num({ integer: true }) }),
  request: obj({
    type: literal('request'),
    id: num({ min: 1, max: Number.MAX_SAFE_INTEGER, integer: true }),
    request: WizardRequest,
  }),
  /** Problems seen in the webview (a CSP violation, an uncaught error), for the log. */
  log: obj({ type: literal('log'), level: literal('info', 'warn', 'error'), message: text }),
});
export type WebviewToHost = Infer<typeof WebviewToHost>;

export const ErrorView = obj({
  message: text,
  /** Names the input at fault, when there is one, so the panel can mark it. */
  field: optional(str({ max: 100 })),
  code: literal('invalid-message', 'failed', 'timeout', 'cancelled', 'not-found'),
});
export type ErrorView = Infer<typeof ErrorView>;

export const WizardInit = obj({
  protocolVersion: num({ integer: true }),
  prefill: optional(Prefill),
  flavor: ScriptFlavor,
  /** True when accounts are configured at all; the first page offers the sandbox otherwise. */
  hasAccounts: bool(),
});
export type WizardInit = Infer<typeof WizardInit>;

export const HostToWebview = tagged('type', {
  init: obj({ type: literal('init'), init: WizardInit }),
  prefill: obj({ type: literal('prefill'), prefill: Prefill }),
  response: obj({
    type: literal('response'),
    id: num({ min: 1, integer: true }),
    ok: bool(),
    result: optional(json()),
    error: optional(ErrorView),
  }),
  runUpdate: obj({ type: literal('runUpdate'), run: RunView }),
});
export type HostToWebview = Infer<typeof HostToWebview>;
