/**
 * The wizard's controller in the webview: owns the model, talks to the host
 * through the typed client, moves between pages, and re-renders.
 */
import { render } from 'lit';
import { WizardClient, WizardRequestError } from '../../src/protocol/wizardRpc';
import {
  WIZARD_STEPS,
  type Draft,
  type Prefill,
  type RequestOf,
  type RunView,
  type ScriptFlavor,
  type WizardInit,
  type WizardMethod,
  type WizardResult,
  type WizardStepId,
} from '../../src/protocol/wizardMessages';
import { PAGES, type WizardPage } from './pages';
import {
  applyPrefill,
  draftKey,
  emptyModel,
  freshState,
  restoreState,
  scenarioOf,
  startDraft,
  type Model,
  type VsCodeApi,
} from './store';
import { shell } from './shell';

const VALIDATE_DEBOUNCE_MS = 250;

export class WizardApp {
  readonly model: Model;
  /** Fields the user has changed on screen; required-field errors show only for these. */
  readonly touched = new Set<string>();
  readonly client: WizardClient;
  private renderQueued = false;
  private validateTimer: ReturnType<typeof setTimeout> | undefined;
  private validateSeq = 0;
  private ticker: ReturnType<typeof setInterval> | undefined;
  /** Set when the state came back from a reload, so init does not overwrite it with a prefill. */
  private readonly restored: boolean;

  constructor(
    private readonly vscode: VsCodeApi,
    private readonly root: HTMLElement,
  ) {
    const saved = restoreState(vscode.getState());
    this.restored = !!saved;
    this.model = emptyModel(saved ?? freshState());
    this.client = new WizardClient({
      post: (message) => vscode.postMessage(message),
      onInit: (init) => this.onInit(init),
      onPrefill: (prefill) => this.onPrefill(prefill),
      onRunUpdate: (run) => this.onRunUpdate(run),
      onProtocolError: (problem) => this.log('warn', `ignored a host message: ${problem}`),
    });
  }

  start(): void {
    window.addEventListener('message', (event: MessageEvent) => this.client.receive(event.data));
    document.addEventListener('securitypolicyviolation', (event) => {
      this.model.cspViolations++;
      document.body.dataset.cspViolations = String(this.model.cspViolations);
      this.log(
        'error',
        `CSP blocked ${event.blockedURI || 'inline content'} (${event.violatedDirective})`,
      );
    });
    window.addEventListener('error', (event) => this.log('error', `uncaught: ${event.message}`));
    this.client.ready();
    // The host's page shows "Loading…" until this script runs; lit renders into an empty root.
    this.root.replaceChildren();
    this.render();
  }

  // -------------------------------------------------------------------------
  // Host events

  private onInit(init: WizardInit): void {
    this.model.init = init;
    if (!this.restored && init.prefill)
      this.model.saved = applyPrefill(this.model.saved, init.prefill);
    if (!this.restored) this.model.saved.flavor = init.flavor;
    this.update();
    void this.loadScenarios().then(() => this.enter(this.model.saved.step, true));
  }

  private onPrefill(prefill: Prefill): void {
    const run = this.model.run.value;
    if (run && run.status === 'running') {
      this.notify(
        'info',
        'A run is in progress in this panel; finish or cancel it before starting another peering.',
      );
      return;
    }
    this.model.saved = applyPrefill(this.model.saved, prefill);
    this.model.run = {};
    this.model.plan = {};
    this.model.validation = {};
    this.model.notice = undefined;
    this.update();
    this.enter('what');
  }

  private onRunUpdate(run: RunView): void {
    if (run.runId !== this.model.saved.runId) return;
    this.model.run = { value: run };
    this.syncTicker();
    this.update();
  }

  // -------------------------------------------------------------------------
  // Requests

  async call<M extends WizardMethod>(request: RequestOf<M>): Promise<WizardResult<M>> {
    return this.client.request(request);
  }

  /** Runs a request for a button; its failure becomes the notice line, never an exception. */
  async act<M extends WizardMethod>(
    request: RequestOf<M>,
    success?: (result: WizardResult<M>) => string | undefined,
  ): Promise<WizardResult<M> | undefined> {
    try {
      const result = await this.call(request);
      const text = success?.(result);
      if (text) this.notify('info', text);
      return result;
    } catch (error) {
      this.notify('error', errorText(error));
      return undefined;
    }
  }

  async loadScenarios(): Promise<void> {
    this.model.scenarios = { ...this.model.scenarios, loading: true, error: undefined };
    this.update();
    try {
      this.model.scenarios = { value: await this.call({ method: 'listScenarios' }) };
    } catch (error) {
      this.model.scenarios = { error: errorText(error) };
    }
    this.update();
  }

  async loadNetworks(refresh = false): Promise<void> {
    this.model.networks = { ...this.model.networks, loading: true, error: undefined };
    this.update();
    try {
      this.model.networks = { value: await this.call({ method: 'listNetworks', refresh }) };
    } catch (error) {
      this.model.networks = { error: errorText(error) };
    }
    this.update();
  }

  async loadChoices(): Promise<void> {
    const draft = this.model.saved.draft;
    if (!draft) return;
    this.model.choices = { ...this.model.choices, loading: true, error: undefined };
    this.update();
    try {
      this.model.choices = { value: await this.call({ method: 'peerChoices', draft }) };
      this.pickPrefilledPeer();
    } catch (error) {
      this.model.choices = { error: errorText(error) };
    }
    this.update();
  }

  /**
   * Opened from a peering row: once the other side's networks are listed,
   * the far network of that peering is picked (with what it fills), unless
   * the user has already set that field.
   */
  private pickPrefilledPeer(): void {
    const peer = this.model.saved.prefill?.peerNetworkId;
    const draft = this.model.saved.draft;
    if (!peer || !draft) return;
    for (const [name, options] of Object.entries(this.model.choices.value?.choices ?? {})) {
      const option = options.find((o) => o.value === peer);
      if (!option || draft.inputs[name] || this.touched.has(name)) continue;
      this.setDraft((d) => {
        d.inputs[name] = option.value;
        for (const [k, v] of Object.entries(option.fills ?? {})) d.inputs[k] ??= v;
      });
    }
  }

  /** Validation of the draft on screen; answers for older drafts are dropped. */
  async validateNow(): Promise<void> {
    const draft = this.model.saved.draft;
    if (!draft) return;
    const seq = ++this.validateSeq;
    const key = draftKey(draft);
    this.model.validation = { ...this.model.validation, loading: true };
    this.update();
    try {
      const value = await this.call({ method: 'validate', draft });
      if (seq !== this.validateSeq) return;
      this.model.validation = { value, forDraft: key };
    } catch (error) {
      if (seq !== this.validateSeq) return;
      this.model.validation = { error: errorText(error), forDraft: key };
    }
    this.update();
  }

  async buildPlan(): Promise<void> {
    const draft = this.model.saved.draft;
    if (!draft) return;
    const key = draftKey(draft);
    this.model.plan = { loading: true };
    this.update();
    try {
      this.model.plan = { value: await this.call({ method: 'buildPlan', draft }), forDraft: key };
    } catch (error) {
      this.model.plan = { error: errorText(error), forDraft: key };
    }
    this.update();
  }

  async attachRun(): Promise<void> {
    const runId = this.model.saved.runId;
    if (!runId) return;
    this.model.run = { ...this.model.run, loading: true };
    this.update();
    try {
      this.model.run = { value: await this.call({ method: 'attachRun', runId }) };
    } catch (error) {
      this.model.run = { error: errorText(error) };
    }
    this.syncTicker();
    this.update();
  }

  async startRun(): Promise<void> {
    const draft = this.model.saved.draft;
    if (!draft) return;
    this.model.run = { loading: true };
    this.update();
    try {
      const run = await this.call({ method: 'startRun', draft });
      this.model.saved.runId = run.runId;
      this.model.run = { value: run };
      this.go('run');
    } catch (error) {
      this.model.run = { error: errorText(error) };
      this.notify('error', errorText(error));
    }
    this.syncTicker();
    this.update();
  }

  async runCommand(method: 'cancelRun' | 'resumeRun', runId: string): Promise<void> {
    const result = await this.act({ method, runId } as RequestOf<typeof method>);
    if (result && 'runId' in result) this.onRunUpdate(result);
  }

  async retryStep(runId: string, stepId: string): Promise<void> {
    const result = await this.act({ method: 'retryStep', runId, stepId });
    if (result) this.onRunUpdate(result);
  }

  // -------------------------------------------------------------------------
  // The draft

  pickScenario(scenarioId: string): void {
    const current = this.model.saved.draft;
    if (current?.scenarioId === scenarioId) return;
    this.model.saved.draft = startDraft(scenarioId, this.model.saved.prefill);
    this.touched.clear();
    this.model.choices = {};
    this.model.validation = {};
    this.invalidate();
    const scenario = scenarioOf(this.model);
    for (const field of scenario?.fields ?? []) {
      if (
        field.defaultValue !== undefined &&
        this.model.saved.draft.inputs[field.name] === undefined
      )
        this.model.saved.draft.inputs[field.name] = field.defaultValue;
    }
    this.update();
  }

  setDraft(change: (draft: Draft) => void): void {
    const draft = this.model.saved.draft;
    if (!draft) return;
    change(draft);
    this.invalidate();
    this.update();
    if (this.validateTimer) clearTimeout(this.validateTimer);
    this.validateTimer = setTimeout(() => void this.validateNow(), VALIDATE_DEBOUNCE_MS);
  }

  setInput(name: string, value: string): void {
    this.touched.add(name);
    this.setDraft((draft) => {
      if (value === '') delete draft.inputs[name];
      else draft.inputs[name] = value;
    });
  }

  setFlavor(flavor: ScriptFlavor): void {
    this.model.saved.flavor = flavor;
    this.update();
  }

  /** A changed draft makes the plan and choices stale; validation is redone after a pause. */
  private invalidate(): void {
    this.model.plan = {};
    this.model.notice = undefined;
  }

  startOver(): void {
    this.model.saved = freshState(this.model.saved.flavor);
    this.model.run = {};
    this.model.plan = {};
    this.model.validation = {};
    this.model.choices = {};
    this.model.notice = undefined;
    this.syncTicker();
    this.go('what');
  }

  // -------------------------------------------------------------------------
  // Navigation

  page(id: WizardStepId): WizardPage {
    return PAGES.find((p) => p.id === id) ?? PAGES[0];
  }

  /** The furthest page the user may open from the step list. */
  reachable(id: WizardStepId): boolean {
    const target = WIZARD_STEPS.indexOf(id);
    for (let i = 0; i < target; i++) {
      const page = this.page(WIZARD_STEPS[i]);
      if (page.blocker(this)) return false;
    }
    return this.page(id).available?.(this) ?? true;
  }

  next(): void {
    const here = WIZARD_STEPS.indexOf(this.model.saved.step);
    if (this.page(this.model.saved.step).blocker(this)) return;
    for (let i = here + 1; i < WIZARD_STEPS.length; i++) {
      const page = this.page(WIZARD_STEPS[i]);
      if (page.shouldPrompt(this) || i === WIZARD_STEPS.length - 1) {
        this.go(page.id);
        return;
      }
    }
  }

  back(): void {
    const here = WIZARD_STEPS.indexOf(this.model.saved.step);
    for (let i = here - 1; i >= 0; i--) {
      const page = this.page(WIZARD_STEPS[i]);
      if (page.shouldPrompt(this) || i === 0) {
        this.go(page.id);
        return;
      }
    }
  }

  go(step: WizardStepId): void {
    this.model.saved.step = step;
    this.model.notice = undefined;
    this.update();
    this.enter(step);
    // Move focus to the new page's heading, so keyboard and screen-reader users land on it.
    requestAnimationFrame(() => this.root.querySelector<HTMLElement>('#page-title')?.focus());
  }

  /**
   * Goes to the page that holds a field and puts the focus in it: from a
   * problem listed on another page. The field counts as touched, so it shows
   * (with its problem) even where the picked network answers it.
   */
  showField(name: string, step: WizardStepId): void {
    this.touched.add(name);
    this.go(step);
    requestAnimationFrame(() => {
      const field = this.root.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"]`);
      if (!field) return;
      field.scrollIntoView({ block: 'center' });
      field.querySelector<HTMLElement>(`#field-${CSS.escape(name)}`)?.focus();
    });
  }

  private enter(step: WizardStepId, afterRestore = false): void {
    void this.page(step).enter?.(this, afterRestore);
  }

  // -------------------------------------------------------------------------
  // Rendering

  notify(kind: 'info' | 'error', text: string): void {
    this.model.notice = { kind, text };
    this.update();
  }

  /** Persists what survives a reload and schedules one render. */
  update(): void {
    this.vscode.setState(this.model.saved);
    if (this.renderQueued) return;
    this.renderQueued = true;
    queueMicrotask(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  private render(): void {
    render(shell(this), this.root);
  }

  /** While a step runs, the elapsed times tick once a second. */
  private syncTicker(): void {
    const running = this.model.run.value?.status === 'running';
    if (running && !this.ticker) this.ticker = setInterval(() => this.render(), 1_000);
    if (!running && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.vscode.postMessage({ type: 'log', level, message: message.slice(0, 1_900) });
  }
}

export function errorText(error: unknown): string {
  if (error instanceof WizardRequestError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
