/**
 * The Peering Doctor's report: one webview panel per peering. It shows the
 * latest diagnosis (findings grouped by side, severity, evidence ids, the
 * documentation each check follows), previews a finding's fix as steps, bash
 * and Terraform, runs it after a confirmation that names the change, and
 * re-checks. The webview only names a finding by index; every message is
 * validated by `DoctorHostEndpoint`.
 */
import * as vscode from 'vscode';
import type { Inventory, LocatedPeering } from '../../discovery/inventory';
import type { Diagnosis } from '../../model/diagnosis';
import { errorMessage } from '../../model/errors';
import { maskSecrets } from '../../model/redact';
import {
  DOCTOR_PROTOCOL_VERSION,
  DoctorHostEndpoint,
  type FindingView,
  type ReportView,
} from '../../protocol/doctorMessages';
import type { PeeringLog } from '../log';
import { peeringTitle } from '../statusBar';
import { CLOUD_LABELS } from '../../providers/registry';
import type { UserInput } from '../userInput';
import { webviewPageHtml, webviewPanelOptions } from '../webviewPage';
import type { DoctorHost } from './doctorBundle/doctorHost';
import type { DiagnosisStore } from './diagnosisStore';

export const DOCTOR_VIEW_TYPE = 'peering.doctor';

export interface DoctorPanelDeps {
  extensionUri: vscode.Uri;
  log: PeeringLog;
  inventory: Inventory;
  store: DiagnosisStore;
  host(): Promise<DoctorHost>;
  ui: UserInput;
}

export class DoctorPanel implements vscode.Disposable {
  readonly endpoint: DoctorHostEndpoint;
  private report: ReportView;
  private diagnosis: Diagnosis | undefined;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeListeners: (() => void)[] = [];
  private running: Promise<void> | undefined;
  /** Resolves once the webview has said `ready` (tests wait on it). */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: DoctorPanelDeps,
    private located: LocatedPeering,
    private port: number | undefined,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    const lookup = deps.inventory.lookup.bind(deps.inventory);
    const side = (ref: LocatedPeering['peering']['local']) => {
      const network = lookup(ref);
      const where = [CLOUD_LABELS[network?.cloud ?? ref.cloud], ref.accountId, ref.region]
        .filter(Boolean)
        .join(' · ');
      return `${network?.name ?? ref.name ?? ref.networkId} (${where})`;
    };
    this.report = {
      peeringKey: located.peering.key,
      title: peeringTitle(located, lookup),
      sides: { local: side(located.peering.local), peer: side(located.peering.peer) },
      status: 'checking',
      findings: [],
      skipped: [],
    };
    this.diagnosis = deps.store.get(located.peering.key);
    if (this.diagnosis) this.showDiagnosis(this.diagnosis);
    panel.webview.options = webviewPanelOptions(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'peering.svg');
    this.endpoint = new DoctorHostEndpoint(
      {
        ready: () => {
          this.post();
          setTimeout(() => this.markReady(), 0);
        },
        recheck: () => this.recheck(),
        preview: (index) => this.preview(index),
        fix: async (index) => {
          await this.fix(index);
        },
        closePreview: () => {
          this.report = { ...this.report, preview: undefined };
          this.post();
        },
      },
      deps.log,
    );
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.endpoint.receive(message)),
      panel.onDidDispose(() => this.dispose()),
    );
    panel.webview.html = doctorHtml(panel.webview, deps.extensionUri, panel.title);
  }

  get peeringKey(): string {
    return this.located.peering.key;
  }

  /** What the panel shows now (tests read it). */
  get view(): ReportView {
    return this.report;
  }

  reveal(port: number | undefined): void {
    if (port !== undefined) this.port = port;
    this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Active);
  }

  /** Diagnoses again (one at a time: a second request waits for the first). */
  recheck(): Promise<void> {
    this.running ??= this.runCheck().finally(() => (this.running = undefined));
    return this.running;
  }

  private async runCheck(message?: string): Promise<void> {
    this.report = { ...this.report, status: 'checking', message, preview: undefined };
    this.post();
    try {
      const host = await this.deps.host();
      const diagnosis = await host.diagnose(this.located.peering, { port: this.port });
      this.deps.store.set(diagnosis);
      this.showDiagnosis(diagnosis, message);
    } catch (error) {
      this.deps.log.error(`Doctor: diagnosing ${this.report.title} failed`, error);
      this.report = { ...this.report, status: 'failed', message: describe(error) };
    }
    this.post();
  }

  private showDiagnosis(diagnosis: Diagnosis, message?: string): void {
    this.diagnosis = diagnosis;
    this.report = {
      ...this.report,
      status: 'ready',
      message,
      checkedAt: diagnosis.checkedAt,
      port: diagnosis.port,
      calls: diagnosis.calls,
      findings: diagnosis.findings.map(findingView),
      skipped: diagnosis.skipped.map((s) => ({ ...s })),
      preview: undefined,
    };
  }

  private finding(index: number) {
    const finding = this.diagnosis?.findings[index];
    if (!finding?.fix) throw new Error(`Finding ${index} has no fix.`);
    return finding as typeof finding & { fix: NonNullable<typeof finding.fix> };
  }

  private async preview(index: number): Promise<void> {
    try {
      const finding = this.finding(index);
      const preview = (await this.deps.host()).preview(finding.fix, this.report.title);
      this.report = {
        ...this.report,
        message: undefined,
        preview: {
          finding: index,
          change: preview.change,
          steps: preview.plan.steps.map((s) => ({
            title: s.title,
            side: preview.plan.sides.find((side) => side.id === s.side)?.label ?? s.side,
            kind: s.kind,
            reason: s.reason,
          })),
          bash: preview.bash,
          terraform: preview.terraform,
          ...(preview.blocked ? { blocked: preview.blocked } : {}),
        },
      };
    } catch (error) {
      this.report = { ...this.report, message: describe(error) };
    }
    this.post();
  }

  /** Runs a finding's fix after the user confirms the change it names, then re-checks. */
  async fix(index: number, ui = this.deps.ui): Promise<'fixed' | 'cancelled' | 'failed'> {
    if (this.running) await this.running;
    const finding = this.finding(index);
    const host = await this.deps.host();
    const preview = host.preview(finding.fix, this.report.title);
    if (preview.blocked) {
      this.report = { ...this.report, message: preview.blocked };
      this.post();
      return 'failed';
    }
    const apply = vscode.l10n.t('Apply Fix');
    const answer = await ui.showWarningModal(
      vscode.l10n.t('{0}?', preview.change),
      [
        vscode.l10n.t('Peering: {0}', this.report.title),
        vscode.l10n.t('Runs as: {0}', preview.plan.sides.map((s) => s.label).join(', ')),
        ...preview.plan.steps.map((s, i) => `${i + 1}. ${s.title}`),
        vscode.l10n.t('Undo: {0}', preview.plan.steps.map((s) => s.rollback).join(' ')),
      ].join('\n'),
      apply,
    );
    if (answer !== apply) return 'cancelled';
    this.report = {
      ...this.report,
      status: 'fixing',
      message: vscode.l10n.t('Fixing: {0}…', preview.change),
      preview: undefined,
    };
    this.post();
    const run = (this.running = (async () => {
      const result = await host.repair(preview.plan, {
        onEvent: (event) => {
          if (event.type === 'step-started' || event.type === 'retry') {
            this.report = {
              ...this.report,
              message:
                event.type === 'step-started'
                  ? vscode.l10n.t('Fixing: {0}…', event.title)
                  : vscode.l10n.t('Retrying after: {0}', event.error),
            };
            this.post();
          }
        },
      });
      if (result.status !== 'succeeded') {
        this.report = {
          ...this.report,
          status: 'failed',
          message: vscode.l10n.t('The fix did not finish: {0}', result.error ?? result.status),
        };
        this.post();
        return;
      }
      this.deps.log.info(`Doctor: ${preview.change} (${this.report.title})`);
      await this.refreshPeering();
      await this.runCheck(vscode.l10n.t('Fixed: {0}. Re-checked.', preview.change));
    })().finally(() => (this.running = undefined)));
    await run;
    return this.report.status === 'failed' ? 'failed' : 'fixed';
  }

  /** The fix may change what the listing holds (an Azure sync level): read the account again. */
  private async refreshPeering(): Promise<void> {
    await this.deps.inventory.loadAccount(this.located.account.id, true);
    const fresh = this.deps.inventory
      .peerings()
      .find((p) => p.peering.key === this.located.peering.key);
    if (fresh) this.located = fresh;
  }

  private post(): void {
    if (this.disposed) return;
    const busy = this.report.status === 'checking' || this.report.status === 'fixing';
    void Promise.resolve(
      this.panel.webview.postMessage({ type: 'report', report: this.report, busy }),
    ).catch(() => undefined);
  }

  onDidDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
    for (const listener of this.disposeListeners) listener();
    this.panel.dispose();
  }
}

/** One panel per peering; opening a peering again reveals its panel. */
export class DoctorPanels implements vscode.Disposable {
  private readonly open = new Map<string, DoctorPanel>();

  constructor(private readonly deps: DoctorPanelDeps) {}

  get(peeringKey: string): DoctorPanel | undefined {
    return this.open.get(peeringKey);
  }

  /** Opens (or reveals) the report of a peering and diagnoses it. */
  show(located: LocatedPeering, port: number | undefined): DoctorPanel {
    const existing = this.open.get(located.peering.key);
    if (existing && !existing.isDisposed) {
      existing.reveal(port);
      void existing.recheck();
      return existing;
    }
    const title = vscode.l10n.t(
      'Doctor: {0}',
      peeringTitle(located, this.deps.inventory.lookup.bind(this.deps.inventory)),
    );
    const webviewPanel = vscode.window.createWebviewPanel(
      DOCTOR_VIEW_TYPE,
      title,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      webviewPanelOptions(this.deps.extensionUri),
    );
    const panel = new DoctorPanel(webviewPanel, this.deps, located, port);
    this.open.set(located.peering.key, panel);
    panel.onDidDispose(() => {
      if (this.open.get(located.peering.key) === panel) this.open.delete(located.peering.key);
    });
    void panel.recheck();
    return panel;
  }

  dispose(): void {
    for (const panel of [...this.open.values()]) panel.dispose();
  }
}

function findingView(finding: Diagnosis['findings'][number]): FindingView {
  return {
    code: finding.code,
    severity: finding.severity,
    side: finding.side,
    title: finding.title,
    detail: finding.detail,
    evidence: finding.evidence.map((e) => ({ ...e })),
    doc: { title: finding.doc.title, url: finding.doc.url },
    ...(finding.section ? { section: finding.section } : {}),
    ...(finding.fix
      ? { fix: { kind: finding.fix.kind, side: finding.fix.side, summary: finding.fix.summary } }
      : {}),
  };
}

function describe(error: unknown): string {
  return maskSecrets(errorMessage(error));
}

/** The report's page, under the product's one webview template and CSP. */
function doctorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  return webviewPageHtml(webview, extensionUri, {
    app: 'doctor',
    title,
    bodyData: { protocol: String(DOCTOR_PROTOCOL_VERSION) },
    l10nBundle: true,
  });
}
