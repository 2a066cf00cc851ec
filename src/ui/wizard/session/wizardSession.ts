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
} from '../../../protocol/wizardMessages';
import { WizardError, type WizardHandlers } from '../../../protocol/wizardRpc';
import {
  networkChoices,
  type InventorySnapshot,
  type WizardInventorySource,
} from './wizardInventory';

/** A rendered script and what a file of it is called: what Copy, Open, Save and Run act on. */
export interface ScriptToAct {
  flavor: ScriptFlavor;
  text: string;
  /** A file-name-safe stem, e.g. `dragonfly-aws`. */
  stem: string;
}

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
  /** The service port the run's rules opened, when it opened exactly one. */
  servicePortOf(runId: string): Promise<number | undefined>;
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
  /** The plan side, loaded on first use (its own bundle, never at activation). */
  plans(): Promise<WizardPlans>;
  runs(): Promise<WizardRuns>;
  scripts: ScriptCommands;
  /** Shows a peering in the Networks view (`peering.revealPeering`). */
  reveal(args: { key: string; accountId: string; region?: string }): Promise<void>;
  /** Opens the Peering Doctor's report of a peering (`peering.diagnosePeering`). */
  diagnose(args: { key: string; accountId: string; region?: string; port?: number }): Promise<void>;
}

/** The request handlers for one panel; `onRunUpdate` posts live progress to it. */
export function wizardHandlers(
  deps: WizardSessionDeps,
  onRunUpdate: (run: RunView) => void,
): WizardHandlers {
  const { plans, runs } = deps;
  /** The plans for a draft whose scenario exists. */
  const plansFor = async (draft: Draft): Promise<WizardPlans> => {
    const loaded = await plans();
    if (!loaded.scenarios().some((s) => s.id === draft.scenarioId))
      throw new WizardError(
        `There is no scenario "${draft.scenarioId}".`,
        'not-found',
        'scenarioId',
      );
    return loaded;
  };
  const snapshot = (refresh = false) => deps.inventory.snapshot(refresh);

  return {
    listScenarios: async () => (await plans()).scenarios(),
    async listNetworks(request) {
      const snap = await snapshot(request.refresh ?? false);
      const networks: NetworkChoice[] = networkChoices(snap);
      const note = snap.errors.length
        ? `Some places could not be listed: ${snap.errors.slice(0, 3).join('; ')}${snap.errors.length > 3 ? '; …' : ''}`
        : undefined;
      return note ? { networks, note } : { networks };
    },
    async peerChoices(request) {
      return (await plansFor(request.draft)).peerChoices(request.draft, await snapshot());
    },
    async validate(request) {
      return (await plansFor(request.draft)).validate(request.draft, await snapshot());
    },
    async buildPlan(request) {
      return (await plansFor(request.draft)).planView(request.draft, await snapshot());
    },
    async scriptAction(request) {
      const loaded = await plansFor(request.draft);
      const script = loaded.script(request.draft, await snapshot(), request.flavor);
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
      await plansFor(request.draft);
      return (await runs()).start(request.draft, await snapshot(), onRunUpdate);
    },
    async cancelRun(request) {
      await (await runs()).cancel(request.runId);
      return { done: true, message: 'Cancelled: the call in flight is aborted.' };
    },
    retryStep: async (request) => (await runs()).retry(request.runId, request.stepId, onRunUpdate),
    async confirmStep(request) {
      await (await runs()).confirm(request.runId, request.stepId);
      return { done: true };
    },
    resumeRun: async (request) => (await runs()).resume(request.runId, onRunUpdate),
    attachRun: async (request) => (await runs()).attach(request.runId, onRunUpdate),
    async revealPeering(request) {
      const peering = await (await runs()).peeringOf(request.runId);
      if (!peering?.key || !peering.accountId)
        throw new WizardError('This run has no peering to show yet.', 'not-found');
      await deps.reveal({ key: peering.key, accountId: peering.accountId, region: peering.region });
      return { done: true };
    },
    async diagnosePeering(request) {
      const loaded = await runs();
      const peering = await loaded.peeringOf(request.runId);
      if (!peering?.key || !peering.accountId)
        throw new WizardError('This run has no peering to diagnose yet.', 'not-found');
      const port = await loaded.servicePortOf(request.runId);
      // Not awaited: the Doctor may ask for the port, and the panel's request must not wait on that.
      void deps.diagnose({
        key: peering.key,
        accountId: peering.accountId,
        region: peering.region,
        ...(port !== undefined ? { port } : {}),
      });
      return { done: true };
    },
  };
}
