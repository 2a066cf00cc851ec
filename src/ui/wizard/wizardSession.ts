/**
 * The host side of the wizard: answers the panel's requests from discovery,
 * the plans (src/plans through `WizardPlans`) and the runs (src/runner
 * through `WizardRuns`). Everything the panel sends has already been
 * validated by the endpoint; what is checked here is meaning (does this
 * scenario exist, is this network still there).
 */
import type {
  ActionDone,
  Draft,
  NetworkChoice,
  PeerChoicesView,
  PlanView,
  RunView,
  ScenarioView,
  ScriptFlavor,
  ValidationView,
} from '../../protocol/wizardMessages';
import { WizardError, type WizardHandlers } from '../../protocol/wizardRpc';
import {
  networkChoices,
  type InventorySnapshot,
  type WizardInventorySource,
} from './wizardInventory';
import type { ScriptToAct } from './scriptActions';

/** The plan knowledge, as the panel needs it (implemented over src/plans). */
export interface WizardPlans {
  scenarios(): ScenarioView[];
  /** Options for the other side's fields, from the accounts that can list them. */
  peerChoices(draft: Draft, snapshot: InventorySnapshot): Promise<PeerChoicesView>;
  validate(draft: Draft, snapshot: InventorySnapshot): ValidationView;
  planView(draft: Draft, snapshot: InventorySnapshot): PlanView;
  script(draft: Draft, snapshot: InventorySnapshot, flavor: ScriptFlavor): ScriptToAct;
}

/** Runs, as the panel sees them (implemented over src/runner). */
export interface WizardRuns {
  start(
    draft: Draft,
    snapshot: InventorySnapshot,
    onUpdate: (run: RunView) => void,
  ): Promise<RunView>;
  attach(runId: string, onUpdate: (run: RunView) => void): Promise<RunView>;
  cancel(runId: string): Promise<void>;
  retry(runId: string, stepId: string, onUpdate: (run: RunView) => void): Promise<RunView>;
  /** The user did a manual step's part elsewhere. */
  confirm(runId: string, stepId: string): Promise<void>;
  resume(runId: string, onUpdate: (run: RunView) => void): Promise<RunView>;
  /** The peering a finished run made, as the Networks view can reveal it. */
  peeringOf(runId: string): Promise<RunView['peering']>;
}

export interface ScriptCommands {
  copy(script: ScriptToAct): Promise<ActionDone>;
  openInEditor(script: ScriptToAct): Promise<ActionDone>;
  save(script: ScriptToAct): Promise<ActionDone>;
  runInTerminal(script: ScriptToAct): Promise<ActionDone>;
  copyText(text: string): Promise<void>;
}

export interface WizardSessionDeps {
  inventory: WizardInventorySource;
  /** Undefined until src/plans is part of the build. */
  plans: WizardPlans | undefined;
  runs: WizardRuns | undefined;
  scripts: ScriptCommands;
  /** Shows a peering in the Networks view (`peering.revealPeering`). */
  reveal(args: { key: string; accountId: string; region?: string }): Promise<void>;
}

/** The request handlers for one panel; `onRunUpdate` posts live progress to it. */
export function wizardHandlers(
  deps: WizardSessionDeps,
  onRunUpdate: (run: RunView) => void,
): WizardHandlers {
  const plans = (): WizardPlans => {
    if (!deps.plans)
      throw new WizardError('Peering plans are not part of this build of Cloud Peering.');
    return deps.plans;
  };
  const runs = (): WizardRuns => {
    if (!deps.runs)
      throw new WizardError('The plan runner is not part of this build of Cloud Peering.');
    return deps.runs;
  };
  const knownScenario = (draft: Draft): void => {
    if (
      !plans()
        .scenarios()
        .some((s) => s.id === draft.scenarioId)
    )
      throw new WizardError(
        `There is no scenario "${draft.scenarioId}".`,
        'not-found',
        'scenarioId',
      );
  };
  const snapshot = (refresh = false) => deps.inventory.snapshot(refresh);

  return {
    listScenarios: () => plans().scenarios(),
    async listNetworks(request) {
      const snap = await snapshot(request.refresh ?? false);
      const networks: NetworkChoice[] = networkChoices(snap);
      const note = snap.errors.length
        ? `Some places could not be listed: ${snap.errors.slice(0, 3).join('; ')}${snap.errors.length > 3 ? '; …' : ''}`
        : undefined;
      return note ? { networks, note } : { networks };
    },
    async peerChoices(request) {
      knownScenario(request.draft);
      return plans().peerChoices(request.draft, await snapshot());
    },
    async validate(request) {
      knownScenario(request.draft);
      return plans().validate(request.draft, await snapshot());
    },
    async buildPlan(request) {
      knownScenario(request.draft);
      return plans().planView(request.draft, await snapshot());
    },
    async scriptAction(request) {
      knownScenario(request.draft);
      const script = plans().script(request.draft, await snapshot(), request.flavor);
      switch (request.action) {
        case 'copy':
          return deps.scripts.copy(script);
        case 'openInEditor':
          return deps.scripts.openInEditor(script);
        case 'save':
          return deps.scripts.save(script);
        case 'runInTerminal':
          return deps.scripts.runInTerminal(script);
      }
    },
    async copyText(request) {
      await deps.scripts.copyText(request.text);
      return { done: true };
    },
    async startRun(request) {
      knownScenario(request.draft);
      return runs().start(request.draft, await snapshot(), onRunUpdate);
    },
    async cancelRun(request) {
      await runs().cancel(request.runId);
      return { done: true, message: 'Cancelled: the call in flight is aborted.' };
    },
    retryStep: (request) => runs().retry(request.runId, request.stepId, onRunUpdate),
    async confirmStep(request) {
      await runs().confirm(request.runId, request.stepId);
      return { done: true };
    },
    resumeRun: (request) => runs().resume(request.runId, onRunUpdate),
    attachRun: (request) => runs().attach(request.runId, onRunUpdate),
    async revealPeering(request) {
      const peering = await runs().peeringOf(request.runId);
      if (!peering?.key || !peering.accountId)
        throw new WizardError('This run has no peering to show yet.', 'not-found');
      await deps.reveal({ key: peering.key, accountId: peering.accountId, region: peering.region });
      return { done: true };
    },
  };
}
