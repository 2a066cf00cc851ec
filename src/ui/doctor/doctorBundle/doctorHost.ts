/**
 * The entry of `dist/doctor.js`: the Peering Doctor's engine (src/doctor), its
 * repair plans (src/plans/repair.ts) and the runner, required the first time a
 * diagnosis or a fix runs, so none of it is in dist/extension.js (the wizard's
 * plan bundle is loaded the same way). No `vscode` here: the panel and the
 * commands in src/ui/doctor call this through `DoctorHost`.
 */
import { diagnoseAll, diagnosePeering, type DoctorDeps } from '../../../doctor';
import type { Diagnosis, FindingFix } from '../../../model/diagnosis';
import type { Plan } from '../../../model/plan';
import type { Account, CloudKind, Network, Peering } from '../../../model/types';
import { buildRepairPlan, repairChange, type RepairContext } from '../../../plans/repair';
import { renderScript } from '../../../plans';
import type { CloudProvider } from '../../../providers/provider';
import { Runner, type RunnerEvent, type RunResult } from '../../../runner/runner';

export interface DoctorHostDeps {
  loadProvider(cloud: CloudKind): Promise<CloudProvider>;
  accounts(): readonly Account[];
  /** The inventory's current snapshot: the engine reuses it instead of listing again. */
  inventory(): { networks: readonly Network[]; peerings: readonly Peering[] };
}

export interface DiagnoseRequest {
  port?: number;
  signal?: AbortSignal;
}

export interface RepairPreview {
  change: string;
  plan: Plan;
  bash: string;
  terraform: string;
  /** Why the plan cannot run from here (no account for the side that changes). */
  blocked?: string;
}

export interface DoctorHost {
  diagnose(peering: Peering, request?: DiagnoseRequest): Promise<Diagnosis>;
  diagnoseAll(
    peerings: readonly Peering[],
    options: {
      portFor?(peering: Peering): number | undefined;
      onProgress?(done: number, total: number): void;
      signal?: AbortSignal;
    },
  ): Promise<Diagnosis[]>;
  /** The fix as a plan, its scripts, and whether it can run here; throws a UserFacingError on bad params. */
  preview(fix: FindingFix, peeringTitle?: string): RepairPreview;
  /** Runs a repair plan with the runner (check first, so a route or rule already there is skipped). */
  repair(
    plan: Plan,
    options: { signal?: AbortSignal; onEvent?(event: RunnerEvent): void },
  ): Promise<RunResult>;
}

export interface DoctorHostModule {
  createDoctorHost(deps: DoctorHostDeps): DoctorHost;
}

/** The account a fix runs as: named by `Account.id`, or by its project or subscription. */
export function accountForFix(fix: FindingFix, accounts: readonly Account[]): Account | undefined {
  const p = fix.params;
  const byId =
    typeof p.accountId === 'string' ? accounts.find((a) => a.id === p.accountId) : undefined;
  if (byId) return byId;
  if (p.cloud === 'gcp' || typeof p.project === 'string')
    return accounts.find((a) => a.cloud === 'gcp' && a.ref === p.project);
  if (typeof p.subscriptionId === 'string')
    return accounts.find(
      (a) => a.cloud === 'azure' && a.ref.toLowerCase() === String(p.subscriptionId).toLowerCase(),
    );
  return undefined;
}

export function createDoctorHost(deps: DoctorHostDeps): DoctorHost {
  const doctorDeps = (): DoctorDeps => {
    const accounts = deps.accounts();
    return {
      loadProvider: (cloud) => deps.loadProvider(cloud),
      inventory: deps.inventory(),
      accountFor: (id) => accounts.find((a) => a.id === id),
    };
  };
  return {
    diagnose: (peering, request = {}) =>
      diagnosePeering(peering, doctorDeps(), { port: request.port, signal: request.signal }),
    diagnoseAll: (peerings, options) =>
      diagnoseAll(peerings, doctorDeps(), {
        portFor: options.portFor,
        onProgress: options.onProgress,
        signal: options.signal,
      }),
    preview(fix, peeringTitle) {
      const account = accountForFix(fix, deps.accounts());
      const context: RepairContext = { account, peeringTitle };
      const plan = buildRepairPlan(fix, context);
      return {
        change: repairChange(fix),
        plan,
        bash: renderScript(plan, 'bash'),
        terraform: renderScript(plan, 'terraform'),
        blocked: account
          ? undefined
          : `No configured account can make this change (${fix.side === 'local' ? 'this side' : 'the peer side'}); run the script with that account's credentials.`,
      };
    },
    repair: (plan, options) =>
      new Runner({
        loadProvider: (cloud) => deps.loadProvider(cloud),
        accounts: deps.accounts(),
        onEvent: options.onEvent,
        pollIntervalMs: 1_000,
      }).run(plan, { signal: options.signal }),
  };
}
