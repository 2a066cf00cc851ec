/**
 * The Peering Doctor in the extension: the `peering.diagnosePeering` and
 * `peering.diagnoseAll` commands, the report panels, the store the tree and
 * status bar read, and the row decorations. The engine, the repair plans and
 * the runner are `dist/doctor.js`, required the first time a diagnosis runs
 * (never at activation), the way the wizard's plan bundle is.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Inventory, LocatedPeering } from '../../discovery/inventory';
import type { Diagnosis } from '../../model/diagnosis';
import { UserCancelledError } from '../../model/errors';
import type { Account, CloudKind } from '../../model/types';
import type { CloudProvider } from '../../providers/provider';
import { commandRegistrar } from '../commandWrapper';
import type { PeeringLog } from '../log';
import { peeringPicks, pickOne } from '../nodePicker';
import { locatedPeering } from '../peeringCommands';
import { peeringTitle, type RevealArgs } from '../statusBar';
import { PeeringNode } from '../tree/treeNodes';
import type { UserInput } from '../userInput';
import { DoctorDecorations } from './decorations';
import type { DoctorHost, DoctorHostModule } from './doctorBundle/doctorHost';
import { DoctorPanels } from './doctorPanel';
import { DiagnosisStore } from './diagnosisStore';

export interface DoctorDeps {
  log: PeeringLog;
  inventory: Inventory;
  accounts: { list(): Account[] };
  loadProvider(cloud: CloudKind): Promise<CloudProvider>;
  ui: UserInput;
  /** The store the tree and status bar already read; a new one when absent. */
  store?: DiagnosisStore;
}

/** What a Doctor command hands back to `executeCommand` callers (the tests read it). */
export interface DiagnoseOutcome {
  peeringKey: string;
  diagnosis?: Diagnosis;
}

export interface PeeringDoctor {
  readonly store: DiagnosisStore;
  readonly panels: DoctorPanels;
  host(): Promise<DoctorHost>;
  diagnosePeering(target?: unknown, ui?: UserInput): Promise<DiagnoseOutcome>;
  diagnoseAll(ui?: UserInput): Promise<Diagnosis[]>;
  /** Failing peerings as the status bar lists them. */
  failing(): LocatedPeering[];
}

/** The argument `peering.diagnosePeering` also takes: a peering key, with a port when one is known. */
export interface DiagnoseArgs extends RevealArgs {
  port?: number;
}

export function registerPeeringDoctor(
  context: vscode.ExtensionContext,
  deps: DoctorDeps,
): PeeringDoctor {
  const store = deps.store ?? new DiagnosisStore();
  let host: DoctorHost | undefined;
  const loadHost = async (): Promise<DoctorHost> => {
    if (!host) {
      // A computed path: esbuild leaves this require alone, so the engine stays out of
      // dist/extension.js.
      const file = path.join(context.extensionPath, 'dist', 'doctor.js');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(file) as DoctorHostModule;
      host = mod.createDoctorHost({
        loadProvider: (cloud) => deps.loadProvider(cloud),
        accounts: () => deps.accounts.list(),
        inventory: () => ({
          networks: deps.inventory.networks().map((n) => n.network),
          peerings: deps.inventory.peerings().map((p) => p.peering),
        }),
      });
    }
    return host;
  };
  const panels = new DoctorPanels({
    extensionUri: context.extensionUri,
    log: deps.log,
    inventory: deps.inventory,
    store,
    host: loadHost,
    ui: deps.ui,
  });
  const decorations = new DoctorDecorations(store);
  context.subscriptions.push(
    panels,
    decorations,
    vscode.window.registerFileDecorationProvider(decorations),
  );
  /** The service port per peering, as last given (the scenario's, or what the user typed). */
  const ports = new Map<string, number | undefined>();

  const lookup = deps.inventory.lookup.bind(deps.inventory);
  const located = async (target: unknown, ui: UserInput): Promise<LocatedPeering> => {
    if (target instanceof PeeringNode) return locatedPeering(target);
    if (isArgs(target)) {
      const found =
        deps.inventory
          .peerings()
          .find((p) => p.peering.key === target.key && p.account.id === target.accountId) ??
        deps.inventory.peerings().find((p) => p.peering.key === target.key);
      if (!found) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('That peering is no longer listed; refresh the view.'),
        );
        throw new UserCancelledError();
      }
      return found;
    }
    const pick = await pickOne(ui, deps.inventory, () => peeringPicks(deps.inventory), {
      title: vscode.l10n.t('Diagnose which peering?'),
      emptyMessage: vscode.l10n.t('No peering has been discovered.'),
    });
    return pick.peering;
  };

  const askPort = async (ui: UserInput, what: string): Promise<number | undefined> => {
    const answer = await ui.showInputBox({
      title: vscode.l10n.t('Service port'),
      prompt: vscode.l10n.t(
        'The port your service listens on across {0}: the Doctor checks that security groups, firewalls and ACLs let it through. Leave empty to skip the port checks.',
        what,
      ),
      placeHolder: '6379',
      validateInput: (value) => portProblem(value),
    });
    if (answer === undefined) throw new UserCancelledError();
    return answer.trim() === '' ? undefined : Number(answer.trim());
  };

  const peeringDoctor: PeeringDoctor = {
    store,
    panels,
    host: loadHost,
    failing: () => {
      const failing = new Set(store.failing());
      const seen = new Set<string>();
      return deps.inventory.peerings().filter((p) => {
        if (!failing.has(p.peering.key) || seen.has(p.peering.key)) return false;
        seen.add(p.peering.key);
        return true;
      });
    },
    async diagnosePeering(target, ui = deps.ui) {
      const item = await located(target, ui);
      const key = item.peering.key;
      let port = isArgs(target) && target.port !== undefined ? target.port : ports.get(key);
      if (port === undefined && !ports.has(key))
        port = await askPort(ui, peeringTitle(item, lookup));
      ports.set(key, port);
      const panel = panels.show(item, port);
      await panel.recheck();
      return { peeringKey: key, diagnosis: store.get(key) };
    },
    async diagnoseAll(ui = deps.ui) {
      await deps.inventory.ensureLoaded();
      const unique = new Map<string, LocatedPeering>();
      for (const p of deps.inventory.peerings())
        if (!unique.has(p.peering.key)) unique.set(p.peering.key, p);
      const peerings = [...unique.values()].map((p) => p.peering);
      if (!peerings.length) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No peering has been discovered.'));
        return [];
      }
      const port = await askPort(ui, vscode.l10n.t('every peering'));
      const doctor = await loadHost();
      const diagnoses = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Diagnosing {0} peerings', peerings.length),
          cancellable: true,
        },
        async (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          let reported = 0;
          return doctor.diagnoseAll(peerings, {
            portFor: (p) => (ports.has(p.key) ? ports.get(p.key) : port),
            signal: controller.signal,
            onProgress: (done, total) => {
              progress.report({
                increment: ((done - reported) / total) * 100,
                message: vscode.l10n.t('{0} of {1}', done, total),
              });
              reported = done;
            },
          });
        },
      );
      store.set(...diagnoses);
      const failing = diagnoses.filter((d) => d.findings.some((f) => f.severity === 'error'));
      const show = vscode.l10n.t('Show Failing');
      void vscode.window
        .showInformationMessage(
          failing.length
            ? vscode.l10n.t(
                'Diagnosed {0} peerings: {1} fail a check.',
                diagnoses.length,
                failing.length,
              )
            : vscode.l10n.t('Diagnosed {0} peerings: every check passes.', diagnoses.length),
          ...(failing.length ? [show] : []),
        )
        .then(async (choice) => {
          if (choice !== show) return;
          const keys = new Set(failing.map((d) => d.peeringKey));
          const pick = await pickOne(
            deps.ui,
            deps.inventory,
            () => peeringPicks(deps.inventory, (p) => keys.has(p.peering.key)),
            {
              title: vscode.l10n.t('Peerings that fail a check'),
              emptyMessage: vscode.l10n.t('No peering fails a check.'),
            },
          );
          panels.show(pick.peering, ports.get(pick.peering.peering.key) ?? port);
        });
      return diagnoses;
    },
  };
  const command = commandRegistrar(context, deps.log);
  command('peering.diagnosePeering', vscode.l10n.t('Diagnose Peering'), (target?: unknown) =>
    peeringDoctor.diagnosePeering(target),
  );
  command('peering.diagnoseAll', vscode.l10n.t('Diagnose All Peerings'), () =>
    peeringDoctor.diagnoseAll(),
  );
  return peeringDoctor;
}

/** Empty (skip the port checks) or a whole number from 1 to 65535; the message names the field. */
export function portProblem(value: string): string | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535)
    return vscode.l10n.t('Service port: it must be a whole number from 1 to 65535, or empty.');
  return undefined;
}

function isArgs(value: unknown): value is DiagnoseArgs {
  const v = value as DiagnoseArgs | undefined;
  return (
    !!v && typeof v === 'object' && typeof v.key === 'string' && typeof v.accountId === 'string'
  );
}
