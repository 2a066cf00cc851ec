/**
 * The wizard's plan-side host: src/plans, src/render and src/runner behind
 * the panel's requests. It is its own bundle (dist/wizard-plans.js), required
 * the first time a wizard panel needs it, so activation never loads the plan
 * knowledge, the script renderers or the runner. Nothing here imports
 * `vscode`; `index.ts` passes in what it needs.
 */
import type { CloudKind } from '../../../model/types';
import type { CloudProvider } from '../../../providers/provider';
import { afterRun, type AfterRunHooks } from './afterRun';
import { WizardPlansAdapter } from './planAdapter';
import { PlanRuns } from './wizardRuns';
import type { WizardInventorySource } from '../session/wizardInventory';

export interface PlanHostOptions {
  /** Where runs and their journals are kept (the extension's global storage). */
  runsDir: string;
  loadProvider(cloud: CloudKind): Promise<CloudProvider>;
  accounts: WizardInventorySource['accounts'];
  inventory: WizardInventorySource;
  refreshTree: AfterRunHooks['refreshTree'];
  watch?: AfterRunHooks['watch'];
  log: { warn(message: string): void; error(message: string, error?: unknown): void };
}

export interface PlanHost {
  plans: WizardPlansAdapter;
  runs: PlanRuns;
}

export function createPlanHost(options: PlanHostOptions): PlanHost {
  const plans = new WizardPlansAdapter({ loadProvider: (cloud) => options.loadProvider(cloud) });
  const runs = new PlanRuns({
    dir: options.runsDir,
    loadProvider: (cloud) => options.loadProvider(cloud),
    accounts: () => options.accounts(),
    plan: (draft, snapshot) => plans.plan(draft, snapshot),
    log: options.log,
    onFinished: (run) =>
      afterRun(run, {
        inventory: options.inventory,
        refreshTree: options.refreshTree,
        watch: options.watch,
      }),
  });
  return { plans, runs };
}

/** What dist/wizard-plans.js exports. */
export interface PlanHostModule {
  createPlanHost: typeof createPlanHost;
}
