/**
 * The six pages, as step objects over the one context (the pattern of
 * Azure's wizard prompt steps): each says whether it needs asking, what
 * blocks moving on, what to load on entry, and how it looks.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type {
  Choice,
  FieldView,
  FollowUp,
  Issue,
  NetworkChoice,
  RunStepView,
  ScenarioView,
  WizardStepId,
} from '../../src/protocol/wizardMessages';
import { runActiveMs, WIZARD_STEPS } from '../../src/protocol/wizardMessages';
import type { CloudKind } from '../../src/model/types';
import { CLOUD_LABELS } from '../../src/providers/registry';
import type { WizardApp } from './app';
import { highlightScript } from './highlight';
import { t } from './l10n';
import { draftKey, networkOf, scenarioOf, stepTitle } from './store';

export interface WizardPage {
  readonly id: WizardStepId;
  /** False when prefilled values already answer this page; Next then skips it. */
  shouldPrompt(app: WizardApp): boolean;
  /** Why the user cannot go on yet, or undefined. */
  blocker(app: WizardApp): string | undefined;
  /** False for pages that make no sense yet (Run before any run). */
  available?(app: WizardApp): boolean;
  enter?(app: WizardApp, afterRestore: boolean): void | Promise<void>;
  render(app: WizardApp): TemplateResult;
  /** The page's own primary action; the default is Next. */
  primary?(app: WizardApp): TemplateResult | typeof nothing;
}

// ---------------------------------------------------------------------------
// What to connect

const whatPage: WizardPage = {
  id: 'what',
  shouldPrompt: () => true,
  blocker: (app) => (scenarioOf(app.model) ? undefined : t('Pick what to connect to continue.')),
  render(app) {
    const { scenarios } = app.model;
    if (scenarios.error) return retry(scenarios.error, () => app.loadScenarios());
    if (!scenarios.value) return loading('Loading scenarios…');
    const chosen = scenarioOf(app.model);
    // Arrow keys check radios without a change event: read the group's checked radio either way.
    const pickChecked = (e: Event) => {
      const radios = Array.from((e.currentTarget as HTMLElement).querySelectorAll('vscode-radio'));
      const checked = radios.find((r) => r.checked);
      const id = checked?.getAttribute('value');
      if (id) app.pickScenario(id);
    };
    const group = (kind: ScenarioView['kind'], title: string, hint: string) => {
      const list = scenarios.value!.filter((s) => s.kind === kind);
      if (!list.length) return nothing;
      return html`<fieldset class="choices">
        <legend>${title}</legend>
        <p class="hint">${hint}</p>
        <vscode-radio-group
          variant="vertical"
          aria-label=${title}
          @change=${pickChecked}
          @keyup=${pickChecked}
        >
          ${list.map(
            (s) =>
              html`<vscode-radio
                name="scenario"
                value=${s.id}
                data-scenario=${s.id}
                .checked=${chosen?.id === s.id}
                ><span class="choice-title">${s.title}</span
                ><span class="choice-detail">${s.description}</span></vscode-radio
              >`,
          )}
        </vscode-radio-group>
      </fieldset>`;
    };
    return html`
      ${
        app.model.init && !app.model.init.hasAccounts
          ? html`<p class="callout">
              ${t('No cloud account is configured yet. Add one from the Networks view, or use')}
              <strong>${t('Try the Sandbox')}</strong>
              ${t('there to follow along with demo networks.')}
            </p>`
          : nothing
      }
      <div class="columns">
        <div>
          ${group('service', 'A managed service', 'Connect your network to a service that runs in its own cloud account.')}
          ${group('scenario', 'Two of your own networks', 'Peer networks in your own accounts, projects or subscriptions.')}
        </div>
        <aside class="constraints" aria-label="Before you start" aria-live="polite">
          ${
            chosen
              ? html`<h3>${t('Before you start: {0}', chosen.title)}</h3>
                  ${
                    chosen.constraints.length
                      ? html`<ul>
                          ${chosen.constraints.map((c) => html`<li>${c}</li>`)}
                        </ul>`
                      : html`<p>${t('No special constraints.')}</p>`
                  }`
              : html`<p class="hint">
                  Pick an option to see its constraints before you enter anything.
                </p>`
          }
        </aside>
      </div>
    `;
  },
};

// ---------------------------------------------------------------------------
// Your network

const networkPage: WizardPage = {
  id: 'network',
  shouldPrompt(app) {
    // A network prefilled from the tree answers this page (the step list still opens it).
    const prefilled = app.model.saved.prefill?.localNetworkKey;
    const draft = app.model.saved.draft;
    return !(prefilled && draft?.localNetworkKey === prefilled) || fieldsMissing(app, 'network');
  },
  blocker(app) {
    if (!app.model.saved.draft?.localNetworkKey) return t('Pick your network to continue.');
    if (fieldsMissing(app, 'network')) return t('Fill in the required fields.');
    return undefined;
  },
  async enter(app) {
    if (!app.model.networks.value && !app.model.networks.loading) await app.loadNetworks();
    // Route tables and security groups of the picked network.
    if (app.model.saved.draft?.localNetworkKey) void app.loadChoices();
  },
  render(app) {
    const scenario = scenarioOf(app.model);
    const { networks } = app.model;
    if (!scenario) return html`<p>${t('Pick what to connect first.')}</p>`;
    const header = html`<div class="toolbar">
      <span class="hint">
        ${
          scenario.localClouds.length
            ? `Networks in ${scenario.localClouds.map(cloudLabel).join(', ')} accounts, from discovery.`
            : ''
        }
      </span>
      <vscode-button
        secondary
        @click=${() => app.loadNetworks(true)}
        ?disabled=${!!networks.loading}
        >${t('Refresh')}</vscode-button
      >
    </div>`;
    if (networks.error)
      return html`${header}${retry(networks.error, () => app.loadNetworks(true))}`;
    if (!networks.value) return html`${header}${loading('Discovering your networks…')}`;
    const candidates = networks.value.networks.filter((n) =>
      scenario.localClouds.includes(n.cloud),
    );
    const chosen = networkOf(app.model);
    const selectedKey = app.model.saved.draft?.localNetworkKey;
    return html`${header}
    ${networks.value.note ? html`<p class="hint">${networks.value.note}</p>` : nothing}
    ${
      candidates.length === 0
        ? html`<p class="callout">
            No ${scenario.localClouds.map(cloudLabel).join(' or ')} network was found in the
            configured accounts. Add an account in the Networks view, then Refresh.
          </p>`
        : html`<div class="field">
            <vscode-label for="local-network">${t('Your network')}</vscode-label>
            <vscode-single-select
              id="local-network"
              combobox
              filter="contains"
              .value=${selectedKey ?? ''}
              @change=${(e: Event) => {
                const value = (e.target as HTMLSelectElement).value;
                if (!value || value === app.model.saved.draft?.localNetworkKey) return;
                app.setDraft((d) => (d.localNetworkKey = value));
                void app.loadChoices();
              }}
            >
              ${!selectedKey ? html`<vscode-option value="" selected>${t('Pick a network…')}</vscode-option>` : nothing}
              ${candidates.map(
                (n) =>
                  html`<vscode-option
                    value=${n.key}
                    description=${`${n.accountLabel}${n.region ? ` · ${n.region}` : ''}`}
                    ?selected=${n.key === selectedKey}
                    >${networkLabel(n)}</vscode-option
                  >`,
              )}
            </vscode-single-select>
          </div>`
    }
    ${
      selectedKey && !chosen && networks.value
        ? html`<p class="callout error" role="alert">
            The network this wizard was opened with (${selectedKey}) is not in the configured
            accounts any more. Pick another one.
          </p>`
        : nothing
    }
    ${chosen ? networkCard(chosen) : nothing} ${fields(app, 'network')}`;
  },
};

function networkCard(n: NetworkChoice): TemplateResult {
  return html`<dl class="card" aria-label="The network you picked" data-testid="network-card">
    <dt>${t('Network')}</dt>
    <dd>${n.name} <code>${n.id}</code></dd>
    <dt>${t('Account')}</dt>
    <dd>${n.accountLabel}</dd>
    ${
      n.region
        ? html`<dt>${t('Region')}</dt>
            <dd>${n.region}</dd>`
        : nothing
    }
    <dt>CIDRs</dt>
    <dd class="cidrs">
      ${n.cidrs.length ? n.cidrs.map((c) => html`<code class="chip">${c}</code>`) : 'none listed'}
    </dd>
  </dl>`;
}

// ---------------------------------------------------------------------------
// The other side

const otherPage: WizardPage = {
  id: 'other',
  shouldPrompt: (app) => (scenarioOf(app.model)?.fields ?? []).some((f) => f.step === 'other'),
  blocker(app) {
    const v = app.model.validation;
    const key = draftKey(app.model.saved.draft);
    if (fieldsMissing(app, 'other')) return t('Fill in the required fields.');
    if (v.loading || v.forDraft !== key) return t('Checking the inputs…');
    if (v.error) return t('The inputs could not be checked: {0}', v.error);
    const errors = v.value?.errors.length ?? 0;
    if (errors)
      return errors === 1
        ? t('Fix the problem above to continue.')
        : t('Fix the {0} problems above to continue.', errors);
    return undefined;
  },
  async enter(app) {
    if (!app.model.choices.value && !app.model.choices.loading) void app.loadChoices();
    await app.validateNow();
  },
  render(app) {
    const scenario = scenarioOf(app.model);
    if (!scenario) return html`<p>${t('Pick what to connect first.')}</p>`;
    const { choices, validation } = app.model;
    const general = (validation.value?.errors ?? []).filter((e) => !fieldIn(scenario, e, 'other'));
    const warnings = (validation.value?.warnings ?? []).filter(
      (e) => !fieldIn(scenario, e, 'other'),
    );
    return html`
      <p class="hint">${scenario.otherSide}</p>
      ${choices.loading ? loading('Fetching from the provider’s API…') : nothing}
      ${
        choices.value?.source
          ? html`<p class="source" data-testid="choices-source">
              Fetched from ${choices.value.source}.
            </p>`
          : nothing
      }
      ${choices.value?.note ? html`<p class="hint" data-testid="choices-note">${choices.value.note}</p>` : nothing}
      ${choices.error ? html`<p class="callout error">${t('Could not fetch choices: {0}. Type the values instead.', choices.error)}</p>` : nothing}
      ${fields(app, 'other')}
      ${general.length ? issueList(t('Problems'), general, 'error', app) : nothing}
      ${warnings.length ? issueList(t('Worth knowing'), warnings, 'warning', app) : nothing}
      ${validation.error ? html`<p class="callout error" role="alert">${validation.error}</p>` : nothing}
      <p class="status-line" aria-live="polite">
        ${validation.loading ? 'Checking…' : validation.value && !validation.value.errors.length ? 'All inputs check out.' : ''}
      </p>
    `;
  },
};

// ---------------------------------------------------------------------------
// Review

const reviewPage: WizardPage = {
  id: 'review',
  shouldPrompt: () => true,
  blocker(app) {
    if (!app.model.plan.value || app.model.plan.forDraft !== draftKey(app.model.saved.draft))
      return t('The plan is not ready.');
    return undefined;
  },
  enter(app) {
    const plan = app.model.plan;
    if (!plan.loading && (!plan.value || plan.forDraft !== draftKey(app.model.saved.draft)))
      return app.buildPlan();
  },
  render(app) {
    const { plan } = app.model;
    if (plan.error) return retry(plan.error, () => app.buildPlan());
    if (!plan.value) return loading('Building the plan…');
    const p = plan.value;
    const draft = app.model.saved.draft!;
    const flavor = app.model.saved.flavor;
    const scriptAction = (action: 'copy' | 'openInEditor' | 'save' | 'runInTerminal') =>
      app.act(
        { method: 'scriptAction', action, flavor: app.model.saved.flavor, draft },
        (r) => r.message,
      );
    return html`
      <h3>${p.title}</h3>
      <ol class="plan" data-testid="plan-steps">
        ${p.steps.map(
          (s) =>
            html`<li>
              <div class="step-head">
                <span class="side">${s.side}</span> <strong>${s.title}</strong>
                ${s.kind !== 'api' ? html`<vscode-badge>${s.kind === 'manual' ? 'you, elsewhere' : 'waits'}</vscode-badge>` : nothing}
              </div>
              <div class="reason">${s.reason}</div>
            </li>`,
        )}
      </ol>
      ${p.warnings.length ? issueList(t('Worth knowing'), p.warnings, 'warning') : nothing}
      ${
        p.followUps.length
          ? html`<h3>${t('Left for you to do elsewhere')}</h3>
              <p class="hint">
                ${t('These appear again, with copy buttons, when the run is done.')}
              </p>
              <ul class="followups-preview">
                ${p.followUps.map((f) => html`<li><strong>${f.where}</strong>: ${f.label}</li>`)}
              </ul>`
          : nothing
      }
      <h3>${t('The same steps as a script')}</h3>
      <vscode-tabs
        selected-index=${flavor === 'bash' ? 0 : 1}
        @vsc-tabs-select=${(e: CustomEvent<{ selectedIndex: number }>) =>
          app.setFlavor(e.detail.selectedIndex === 1 ? 'terraform' : 'bash')}
      >
        <vscode-tab-header slot="header">bash</vscode-tab-header>
        <vscode-tab-panel>
          <pre
            class="script"
            tabindex="0"
            aria-label=${t('bash script')}
          ><code class="hljs">${unsafeHTML(highlightScript(p.scripts.bash, 'bash'))}</code></pre>
        </vscode-tab-panel>
        <vscode-tab-header slot="header">${t('Terraform')}</vscode-tab-header>
        <vscode-tab-panel>
          <pre
            class="script"
            tabindex="0"
            aria-label=${t('Terraform configuration')}
          ><code class="hljs">${unsafeHTML(highlightScript(p.scripts.terraform, 'terraform'))}</code></pre>
        </vscode-tab-panel>
      </vscode-tabs>
      <div class="toolbar script-actions">
        <vscode-button secondary @click=${() => scriptAction('copy')}>${t('Copy')}</vscode-button>
        <vscode-button secondary @click=${() => scriptAction('openInEditor')}
          >${t('Open in Editor')}</vscode-button
        >
        <vscode-button secondary @click=${() => scriptAction('save')}>${t('Save…')}</vscode-button>
        ${
          flavor === 'bash'
            ? html`<vscode-button secondary @click=${() => scriptAction('runInTerminal')}
                >${t('Run in Terminal…')}</vscode-button
              >`
            : nothing
        }
      </div>
    `;
  },
  primary(app) {
    const plan = app.model.plan.value;
    const apiSteps = plan?.steps.filter((s) => s.kind !== 'manual').length ?? 0;
    return html`<vscode-button
      data-testid="run-plan"
      ?disabled=${!!reviewPage.blocker(app) || !!app.model.run.loading}
      @click=${() => app.startRun()}
      >${apiSteps === 1 ? t('Run 1 step') : t('Run {0} steps', apiSteps)}</vscode-button
    >`;
  },
};

// ---------------------------------------------------------------------------
// Run

const runPage: WizardPage = {
  id: 'run',
  shouldPrompt: () => true,
  available: (app) => !!app.model.saved.runId,
  blocker(app) {
    const run = app.model.run.value;
    if (!run) return t('Nothing has run yet.');
    if (run.status === 'running') return t('The run is in progress.');
    if (run.status !== 'succeeded') return t('The run has not finished.');
    return undefined;
  },
  enter(app, afterRestore) {
    if (afterRestore || !app.model.run.value) return app.attachRun();
  },
  render(app) {
    const { run } = app.model;
    if (run.error) return retry(run.error, () => app.attachRun());
    if (!run.value) return loading('Loading the run…');
    const r = run.value;
    const now = Date.now();
    return html`
      <p class="run-status" data-testid="run-status" data-status=${r.status} role="status">
        ${RUN_STATUS_TEXT[r.status]} · ${elapsed(0, runActiveMs(r, now))}
      </p>
      <ol class="run-steps" data-testid="run-steps">
        ${r.steps.map((s) => runStep(app, r.runId, r.status, s, now))}
      </ol>
      <div class="toolbar">
        ${
          r.status === 'running'
            ? html`<vscode-button
                secondary
                data-testid="cancel-run"
                @click=${() => app.runCommand('cancelRun', r.runId)}
                >${t('Cancel')}</vscode-button
              >`
            : nothing
        }
        ${
          r.status === 'interrupted' || r.status === 'cancelled'
            ? html`<vscode-button
                data-testid="resume-run"
                @click=${() => app.runCommand('resumeRun', r.runId)}
                >${t('Resume')}</vscode-button
              >`
            : nothing
        }
      </div>
    `;
  },
};

/** Read at render time, so a loaded translation applies. */
const RUN_STATUS_TEXT = {
  get running() {
    return t('Running');
  },
  get succeeded() {
    return t('Finished');
  },
  get failed() {
    return t('Stopped at a failed step');
  },
  get cancelled() {
    return t('Cancelled');
  },
  get interrupted() {
    return t(
      'Interrupted before it finished (the window reloaded); resume picks up at the next step',
    );
  },
};

function runStep(
  app: WizardApp,
  runId: string,
  runStatus: string,
  s: RunStepView,
  now: number,
): TemplateResult {
  const time = s.startedAt ? elapsed(s.startedAt, s.finishedAt ?? now) : '';
  return html`<li class="run-step ${s.status}" data-step=${s.id} data-status=${s.status}>
    <span class="icon" aria-hidden="true">${statusIcon(s.status)}</span>
    <span class="run-title"><span class="side">${s.side}</span> ${s.title}</span>
    <span class="sr-only">${s.status}</span>
    <span class="elapsed">${time}</span>
    ${s.detail ? html`<div class="detail">${s.detail}</div>` : nothing}
    ${s.awaitingUser ? manualStep(app, runId, s) : nothing}
    ${
      s.error
        ? html`<div class="error" role="alert">${s.error}</div>
            ${
              s.status === 'failed' && runStatus !== 'running'
                ? html`<vscode-button
                    data-testid="retry-step"
                    @click=${() => app.retryStep(runId, s.id)}
                    >${t('Retry this step')}</vscode-button
                  >`
                : nothing
            }`
        : nothing
    }
  </li>`;
}

function manualStep(app: WizardApp, runId: string, s: RunStepView): TemplateResult {
  const copy = (text: string, what: string) =>
    app.act({ method: 'copyText', text }, () => `Copied ${what}.`);
  return html`<div class="manual" data-testid="manual-step">
    ${
      s.instructions?.length
        ? html`<ol class="instructions">
            ${s.instructions.map((i) => html`<li>${i}</li>`)}
          </ol>`
        : nothing
    }
    ${
      s.values?.length
        ? html`<ul class="followups">
            ${s.values.map((v) => followUp(v, copy))}
          </ul>`
        : nothing
    }
    <vscode-button
      data-testid="confirm-step"
      @click=${() => app.act({ method: 'confirmStep', runId, stepId: s.id })}
      >${t('Done')}</vscode-button
    >
  </div>`;
}

function statusIcon(status: RunStepView['status']): TemplateResult {
  switch (status) {
    case 'running':
      return html`<vscode-progress-ring class="spin"></vscode-progress-ring>`;
    case 'done':
      return html`<span class="ok">✓</span>`;
    case 'failed':
      return html`<span class="bad">✗</span>`;
    case 'skipped':
      return html`<span class="muted">↷</span>`;
    case 'cancelled':
      return html`<span class="muted">■</span>`;
    default:
      return html`<span class="muted">○</span>`;
  }
}

export function elapsed(from: number, to: number): string {
  const ms = Math.max(0, to - from);
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

// ---------------------------------------------------------------------------
// Done

const donePage: WizardPage = {
  id: 'done',
  shouldPrompt: () => true,
  available: (app) => app.model.run.value?.status === 'succeeded',
  blocker: () => undefined,
  render(app) {
    const run = app.model.run.value;
    if (!run) return html`<p>${t('Nothing has run yet.')}</p>`;
    const copy = (text: string, what: string) =>
      app.act({ method: 'copyText', text }, () => `Copied ${what}.`);
    return html`
      ${
        run.peering
          ? html`<p
              class="callout success"
              data-testid="done-peering"
              data-state=${run.peering.state}
            >
              <span class="ok" aria-hidden="true">✓</span> <strong>${run.peering.label}</strong>
              <code>${run.peering.id}</code> is <strong>${run.peering.state}</strong>.
            </p>`
          : html`<p class="callout success">
              <span class="ok" aria-hidden="true">✓</span> ${t('Every step finished.')}
            </p>`
      }
      <p class="hint">
        The Networks view is refreshed and the status bar watches the new peering until it settles.
      </p>
      ${
        run.peering?.key
          ? html`<div class="toolbar">
              <vscode-button
                secondary
                data-testid="reveal-peering"
                @click=${() => app.act({ method: 'revealPeering', runId: run.runId })}
                >${t('Show in Networks view')}</vscode-button
              >
              <vscode-button
                secondary
                data-testid="diagnose-peering"
                @click=${() => app.act({ method: 'diagnosePeering', runId: run.runId })}
                >${t('Diagnose')}</vscode-button
              >
            </div>`
          : nothing
      }
      ${
        run.followUps.length
          ? html`<h3>${t('Still to do elsewhere')}</h3>
              <ul class="followups" data-testid="followups">
                ${run.followUps.map((f) => followUp(f, copy))}
              </ul>`
          : html`<p>${t('Nothing is left to do elsewhere.')}</p>`
      }
    `;
  },
  primary: (app) =>
    html`<vscode-button secondary @click=${() => app.startOver()}
      >${t('New peering')}</vscode-button
    >`,
};

function followUp(f: FollowUp, copy: (text: string, what: string) => unknown): TemplateResult {
  return html`<li class="followup">
    <div class="where">${f.where}</div>
    <div class="value-row">
      <span class="label">${f.label}</span>
      ${
        f.value
          ? html`<code class="value">${f.value}</code>
              <vscode-button
                secondary
                aria-label=${`Copy ${f.label}`}
                @click=${() => copy(f.value, f.value.length <= 60 ? `“${f.value}”` : f.label)}
                >${t('Copy')}</vscode-button
              >`
          : nothing
      }
    </div>
    ${f.note ? html`<div class="hint">${f.note}</div>` : nothing}
  </li>`;
}

export const PAGES: readonly WizardPage[] = [
  whatPage,
  networkPage,
  otherPage,
  reviewPage,
  runPage,
  donePage,
];

// ---------------------------------------------------------------------------
// Shared pieces

function fields(app: WizardApp, step: FieldView['step']): TemplateResult | typeof nothing {
  const draft = app.model.saved.draft;
  const validation = app.model.validation;
  const fresh = validation.forDraft === draftKey(draft);
  const issuesFor = (name: string, kind: 'errors' | 'warnings') =>
    fresh
      ? (validation.value?.[kind] ?? []).filter(
          // An empty field nobody has touched yet is not an error to show; Next stays blocked.
          (i) =>
            i.field === name &&
            (kind === 'warnings' || app.touched.has(name) || !!draft?.inputs[name]),
        )
      : [];
  // What the picked network answers stays out of sight, unless it is what the check objects to
  // (or a warning the user went to from another page).
  const list = visibleFields(
    app,
    step,
    (name) =>
      issuesFor(name, 'errors').length > 0 ||
      (app.touched.has(name) && issuesFor(name, 'warnings').length > 0),
  );
  if (!list.length) return nothing;
  return html`<div class="fields">
    ${list.map((f) => {
      const value = draft?.inputs[f.name] ?? '';
      const errors = issuesFor(f.name, 'errors');
      const warnings = issuesFor(f.name, 'warnings');
      const id = `field-${f.name}`;
      const options: Choice[] = app.model.choices.value?.choices[f.name] ?? f.options ?? [];
      const values = f.list ? splitList(value) : [];
      const control =
        options.length && f.list
          ? html`<vscode-multi-select
              id=${id}
              name=${f.name}
              combobox
              filter="contains"
              ?invalid=${errors.length > 0}
              @change=${(e: Event) =>
                app.setInput(f.name, (e.target as unknown as { value: string[] }).value.join(', '))}
            >
              ${[
                ...values
                  .filter((v) => !options.some((o) => o.value === v))
                  .map((v) => ({ value: v, label: v, detail: '' })),
                ...options,
              ].map(
                (o) =>
                  html`<vscode-option
                    value=${o.value}
                    description=${o.detail ?? ''}
                    ?selected=${values.includes(o.value)}
                    >${o.label}</vscode-option
                  >`,
              )}
            </vscode-multi-select>`
          : options.length
            ? html`<vscode-single-select
                id=${id}
                name=${f.name}
                combobox
                creatable
                filter="contains"
                ?invalid=${errors.length > 0}
                .value=${value}
                @change=${(e: Event) => pick(app, f.name, (e.target as HTMLSelectElement).value, options)}
                @vsc-single-select-create-option=${(e: CustomEvent<{ value: string }>) =>
                  app.setInput(f.name, e.detail.value)}
              >
                ${!value ? html`<vscode-option value="" selected>${f.placeholder ?? 'Pick or type…'}</vscode-option>` : nothing}
                ${
                  value && !options.some((o) => o.value === value)
                    ? html`<vscode-option value=${value} selected>${value}</vscode-option>`
                    : nothing
                }
                ${options.map(
                  (o) =>
                    html`<vscode-option
                      value=${o.value}
                      description=${o.detail ?? ''}
                      ?selected=${o.value === value}
                      >${o.label}</vscode-option
                    >`,
                )}
              </vscode-single-select>`
            : html`<vscode-textfield
                id=${id}
                name=${f.name}
                placeholder=${
                  // Shown for its problem: its value comes from the network picked above.
                  f.fromNetwork && draft?.localNetworkKey
                    ? t('From the network picked above; type a value to use another')
                    : (f.placeholder ?? '')
                }
                ?invalid=${errors.length > 0}
                .value=${value}
                @input=${(e: Event) => app.setInput(f.name, (e.target as HTMLInputElement).value)}
              ></vscode-textfield>`;
      return html`<div class="field" data-field=${f.name}>
        <vscode-label for=${id} ?required=${f.required}>${f.label}</vscode-label>
        ${control}
        ${errors.map((e) => html`<div class="field-error" role="alert" data-field-error=${f.name}>${e.message}</div>`)}
        ${warnings.map((w) => html`<div class="field-warning">${w.message}</div>`)}
        ${f.help && !errors.length ? html`<vscode-form-helper>${f.help}</vscode-form-helper>` : nothing}
      </div>`;
    })}
  </div>`;
}

/** The fields a page shows: its own, minus those the picked network answers (unless they have errors). */
function splitList(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((v) => v.trim())
    .filter(Boolean);
}

export function visibleFields(
  app: WizardApp,
  step: FieldView['step'],
  hasErrors: (name: string) => boolean = () => false,
): FieldView[] {
  const scenario = scenarioOf(app.model);
  return (scenario?.fields ?? []).filter(
    (f) =>
      f.step === step &&
      (!f.fromNetwork || !app.model.saved.draft?.localNetworkKey || hasErrors(f.name)),
  );
}

/**
 * A pick from fetched choices also fills what that choice knows (region,
 * account, CIDRs); a picked network can bring its own route tables and
 * security groups, so the choices are fetched again.
 */
function pick(app: WizardApp, name: string, value: string, options: Choice[]): void {
  const choice = options.find((o) => o.value === value);
  app.setDraft((draft) => {
    if (value === '') delete draft.inputs[name];
    else draft.inputs[name] = value;
    for (const [k, v] of Object.entries(choice?.fills ?? {})) draft.inputs[k] = v;
  });
  if (choice?.fills) void app.loadChoices();
}

function fieldsMissing(app: WizardApp, step: FieldView['step']): boolean {
  const scenario = scenarioOf(app.model);
  const inputs = app.model.saved.draft?.inputs ?? {};
  return (scenario?.fields ?? []).some(
    (f) =>
      f.step === step &&
      f.required &&
      !inputs[f.name] &&
      f.defaultValue === undefined &&
      !(f.fromNetwork && app.model.saved.draft?.localNetworkKey),
  );
}

function fieldIn(scenario: ScenarioView, issue: Issue, step: FieldView['step']): boolean {
  return !!issue.field && scenario.fields.some((f) => f.name === issue.field && f.step === step);
}

/**
 * Problems listed away from their field. With `app`, each one whose field is
 * on another page says which page (its number and title, as in the step list)
 * and has a button that goes there and focuses the field: its message starts
 * with a label the user cannot see on this page.
 */
function issueList(
  title: string,
  issues: Issue[],
  kind: 'error' | 'warning',
  app?: WizardApp,
): TemplateResult {
  const here = app?.model.saved.step;
  const fieldsByName = new Map(
    (app ? (scenarioOf(app.model)?.fields ?? []) : []).map((f) => [f.name, f]),
  );
  return html`<div class="issues ${kind}" role=${kind === 'error' ? 'alert' : 'note'}>
    <h4>${title}</h4>
    <ul>
      ${issues.map((i) => {
        const field = i.field ? fieldsByName.get(i.field) : undefined;
        if (!app || !field || field.step === here) return html`<li>${i.message}</li>`;
        const page = `${WIZARD_STEPS.indexOf(field.step) + 1}. ${stepTitle(field.step)}`;
        return html`<li data-issue-field=${field.name} data-issue-step=${field.step}>
          <span class="issue-where">${t('On the page “{0}”:', page)}</span>
          ${i.message}
          <vscode-button
            secondary
            class="go-to-field"
            data-go-to-field=${field.name}
            aria-label=${t('Go to “{0}” on the page “{1}”', field.label, page)}
            @click=${() => app.showField(field.name, field.step)}
            >${t('Go to the field')}</vscode-button
          >
        </li>`;
      })}
    </ul>
  </div>`;
}

function loading(text: string): TemplateResult {
  return html`<p class="loading"><vscode-progress-ring></vscode-progress-ring> ${text}</p>`;
}

function retry(message: string, again: () => unknown): TemplateResult {
  return html`<div class="callout error" role="alert">
    <p>${message}</p>
    <vscode-button secondary @click=${() => again()}>${t('Retry')}</vscode-button>
  </div>`;
}

export function cloudLabel(cloud: CloudKind): string {
  return CLOUD_LABELS[cloud] ?? cloud;
}

/** Name and CIDRs first, so a long id (a UUID, a resource path) cannot push the CIDRs out of sight. */
export function networkLabel(n: NetworkChoice): string {
  return [n.name, n.cidrs.join(', '), n.name !== n.id ? n.id : undefined]
    .filter(Boolean)
    .join(' · ');
}
