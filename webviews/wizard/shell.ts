/** The frame around every page: title, the step list, the notice line, Back and Next. */
import { html, nothing, type TemplateResult } from 'lit';
import { WIZARD_STEPS } from '../../src/protocol/wizardMessages';
import type { WizardApp } from './app';
import { stepTitle } from './store';
import { t } from './l10n';

export function shell(app: WizardApp): TemplateResult {
  const { saved, notice } = app.model;
  const page = app.page(saved.step);
  const index = WIZARD_STEPS.indexOf(saved.step);
  const blocker = page.blocker(app);
  const runActive = app.model.run.value?.status === 'running';
  const isLast = index === WIZARD_STEPS.length - 1;
  return html`
    <header>
      <h1>${t('New Peering')}</h1>
      ${saved.prefill?.source ? html`<p class="hint" data-testid="prefill-source">${saved.prefill.source}</p>` : nothing}
      <nav aria-label="Wizard steps">
        <ol class="steps">
          ${WIZARD_STEPS.map((id, i) => {
            const current = id === saved.step;
            const reachable = current || app.reachable(id);
            return html`<li class=${current ? 'current' : i < index ? 'past' : ''}>
              <button
                type="button"
                data-step=${id}
                aria-current=${current ? 'step' : 'false'}
                ?disabled=${!reachable || (runActive && (id === 'what' || id === 'network' || id === 'other'))}
                @click=${() => app.go(id)}
              >
                <span class="num">${i + 1}</span> ${stepTitle(id)}
              </button>
            </li>`;
          })}
        </ol>
      </nav>
    </header>
    ${
      notice
        ? html`<p
            class="notice ${notice.kind}"
            role=${notice.kind === 'error' ? 'alert' : 'status'}
            data-testid="notice"
          >
            ${notice.text}
          </p>`
        : nothing
    }
    <section class="page" data-page=${saved.step} aria-labelledby="page-title">
      <h2 id="page-title" tabindex="-1">${index + 1}. ${stepTitle(saved.step)}</h2>
      ${page.render(app)}
    </section>
    <footer>
      ${
        index > 0 && saved.step !== 'done'
          ? html`<vscode-button
              secondary
              data-testid="back"
              ?disabled=${runActive && saved.step === 'run'}
              @click=${() => app.back()}
              >${t('Back')}</vscode-button
            >`
          : nothing
      }
      <span class="blocker" aria-live="polite">${blocker ?? ''}</span>
      ${
        page.primary
          ? page.primary(app)
          : isLast
            ? nothing
            : html`<vscode-button
                data-testid="next"
                ?disabled=${!!blocker}
                @click=${() => app.next()}
                >${t('Next')}</vscode-button
              >`
      }
    </footer>
  `;
}
