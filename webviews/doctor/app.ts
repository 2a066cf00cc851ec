/**
 * The Doctor report: lit `render()` over the last report the host sent.
 * Findings are grouped by side (this side, the peer, both), most severe
 * first; each shows its evidence by provider id and the documentation it
 * follows, and a Fix button where the product can repair it. Everything the
 * host sends is validated first; a message that does not fit is logged.
 */
import { html, nothing, render, type TemplateResult } from 'lit';
import { parse } from '../../src/protocol/schema';
import {
  DOCTOR_PROTOCOL_VERSION,
  DoctorHostToWebview,
  type DoctorWebviewToHost,
  type FindingView,
  type ReportView,
} from '../../src/protocol/doctorMessages';
import { t } from '../wizard/l10n';

export interface DoctorVsCodeApi {
  postMessage(message: DoctorWebviewToHost): void;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
const SIDES = ['local', 'peer', 'both'] as const;

export class DoctorApp {
  private report: ReportView | undefined;
  private busy = false;
  private flavor: 'steps' | 'bash' | 'terraform' = 'steps';

  constructor(
    private readonly vscode: DoctorVsCodeApi,
    private readonly root: HTMLElement,
  ) {}

  start(): void {
    window.addEventListener('message', (event: MessageEvent) => this.receive(event.data));
    document.addEventListener('securitypolicyviolation', (event) => {
      const count = Number(document.body.dataset.cspViolations ?? '0') + 1;
      document.body.dataset.cspViolations = String(count);
      this.send({
        type: 'log',
        level: 'error',
        message: `CSP blocked ${event.blockedURI || 'inline content'} (${event.violatedDirective})`,
      });
    });
    this.send({ type: 'ready', protocolVersion: DOCTOR_PROTOCOL_VERSION });
    this.root.replaceChildren();
    this.render();
  }

  private send(message: DoctorWebviewToHost): void {
    this.vscode.postMessage(message);
  }

  private receive(raw: unknown): void {
    const parsed = parse(DoctorHostToWebview, raw);
    if (!parsed.ok) {
      this.send({ type: 'log', level: 'warn', message: `ignored a host message: ${parsed.error}` });
      return;
    }
    this.report = parsed.value.report;
    this.busy = parsed.value.busy ?? false;
    this.render();
  }

  private render(): void {
    render(this.view(), this.root);
  }

  private view(): TemplateResult {
    const r = this.report;
    if (!r) return html`<p class="loading">${t('Loading…')}</p>`;
    const errors = r.findings.filter((f) => f.severity === 'error').length;
    const warnings = r.findings.filter((f) => f.severity === 'warning').length;
    return html`
      <header>
        <h1>${t('Peering Doctor')}: ${r.title}</h1>
        <dl class="sides">
          <dt>${t('This side')}</dt>
          <dd data-testid="side-local">${r.sides.local}</dd>
          <dt>${t('Peer')}</dt>
          <dd data-testid="side-peer">${r.sides.peer}</dd>
        </dl>
        <div class="toolbar">
          <vscode-button
            data-testid="recheck"
            ?disabled=${this.busy}
            @click=${() => this.send({ type: 'recheck' })}
            >${t('Re-check')}</vscode-button
          >
          <span class="status" data-testid="status" data-status=${r.status} role="status">
            ${this.statusText(r, errors, warnings)}
          </span>
        </div>
        ${
          r.message
            ? html`<p
                class="message ${r.status === 'failed' ? 'error' : ''}"
                data-testid="message"
                role=${r.status === 'failed' ? 'alert' : 'status'}
              >
                ${r.message}
              </p>`
            : nothing
        }
      </header>
      ${
        r.status !== 'checking' && r.checkedAt !== undefined && r.findings.length === 0
          ? html`<p class="clean" data-testid="clean">
              <span aria-hidden="true">✓</span> ${t(
                'Every check passes: routes, rules and options let traffic through on both sides.',
              )}
            </p>`
          : nothing
      }
      ${SIDES.map((side) => this.sideSection(r, side))}
      ${
        r.skipped.length
          ? html`<section class="skipped">
              <h2>${t('Not checked')}</h2>
              <ul>
                ${r.skipped.map(
                  (s) =>
                    html`<li>
                      <strong>${s.check}</strong> (${this.sideName(s.side)}): ${s.reason}
                    </li>`,
                )}
              </ul>
            </section>`
          : nothing
      }
    `;
  }

  private statusText(r: ReportView, errors: number, warnings: number): string {
    if (r.status === 'checking') return t('Reading both sides…');
    if (r.status === 'fixing') return t('Fixing…');
    if (r.checkedAt === undefined) return '';
    const when = new Date(r.checkedAt).toLocaleTimeString();
    const counts = t('{0} errors, {1} warnings', errors, warnings);
    const port = r.port !== undefined ? t('port {0}', r.port) : t('no port given');
    return `${counts} · ${port} · ${t('checked at {0}', when)}${
      r.calls !== undefined ? ` · ${t('{0} read calls', r.calls)}` : ''
    }`;
  }

  private sideName(side: string): string {
    return side === 'local' ? t('this side') : side === 'peer' ? t('the peer') : t('both sides');
  }

  private sideSection(
    r: ReportView,
    side: (typeof SIDES)[number],
  ): TemplateResult | typeof nothing {
    const findings = r.findings
      .map((finding, index) => ({ finding, index }))
      .filter((f) => f.finding.side === side)
      .sort((a, b) => SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity]);
    if (!findings.length) return nothing;
    const heading =
      side === 'local'
        ? `${t('This side')}: ${r.sides.local}`
        : side === 'peer'
          ? `${t('Peer')}: ${r.sides.peer}`
          : t('Both sides');
    return html`<section class="side" data-side=${side}>
      <h2>${heading}</h2>
      <ol class="findings">
        ${findings.map(({ finding, index }) => this.findingItem(r, finding, index))}
      </ol>
    </section>`;
  }

  private findingItem(r: ReportView, f: FindingView, index: number): TemplateResult {
    const preview = r.preview?.finding === index ? r.preview : undefined;
    return html`<li
      class="finding ${f.severity}"
      data-testid="finding"
      data-code=${f.code}
      data-severity=${f.severity}
    >
      <div class="head">
        <span class="severity ${f.severity}">${this.severityName(f.severity)}</span>
        <strong class="title">${f.title}</strong>
      </div>
      <p class="detail">${f.detail}</p>
      ${
        f.evidence.length
          ? html`<ul class="evidence" aria-label=${t('Evidence')}>
              ${f.evidence.map(
                (e) =>
                  html`<li>
                    <code class="id">${e.id}</code> <span class="kind">${e.kind}</span> ${e.summary}
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      <p class="doc">
        ${t('Source')}: <a href=${f.doc.url}>${f.doc.title}${f.section ? ` → ${f.section}` : ''}</a>
      </p>
      ${
        f.fix
          ? html`<div class="fix">
              <span class="fix-summary">${f.fix.summary}</span>
              <vscode-button
                data-testid="fix"
                ?disabled=${this.busy}
                @click=${() => this.send({ type: 'fix', finding: index })}
                >${t('Fix')}</vscode-button
              >
              <vscode-button
                secondary
                data-testid="preview"
                ?disabled=${this.busy}
                @click=${() =>
                  preview
                    ? this.send({ type: 'closePreview' })
                    : this.send({ type: 'preview', finding: index })}
                >${preview ? t('Hide plan') : t('Show plan')}</vscode-button
              >
            </div>`
          : nothing
      }
      ${preview ? this.previewView(preview) : nothing}
    </li>`;
  }

  private previewView(p: NonNullable<ReportView['preview']>): TemplateResult {
    const tab = (id: typeof this.flavor, label: string) =>
      html`<button
        type="button"
        role="tab"
        class="tab"
        aria-selected=${this.flavor === id ? 'true' : 'false'}
        data-testid=${`tab-${id}`}
        @click=${() => {
          this.flavor = id;
          this.render();
        }}
      >
        ${label}
      </button>`;
    return html`<div class="preview" data-testid="fix-preview">
      <p><strong>${p.change}</strong></p>
      ${p.blocked ? html`<p class="message error">${p.blocked}</p>` : nothing}
      <div role="tablist">
        ${tab('steps', t('Steps'))} ${tab('bash', 'bash')} ${tab('terraform', 'Terraform')}
      </div>
      ${
        this.flavor === 'steps'
          ? html`<ol class="steps">
              ${p.steps.map(
                (s) =>
                  html`<li>
                    <strong>${s.title}</strong> <span class="kind">${s.side} · ${s.kind}</span
                    ><br /><span class="reason">${s.reason}</span>
                  </li>`,
              )}
            </ol>`
          : html`<pre
              class="script"
              data-testid="script"
            ><code>${this.flavor === 'bash' ? p.bash : p.terraform}</code></pre>`
      }
    </div>`;
  }

  private severityName(severity: FindingView['severity']): string {
    return severity === 'error' ? t('Error') : severity === 'warning' ? t('Warning') : t('Info');
  }
}
