/**
 * The wizard's strings go through @vscode/l10n, so the product can be
 * translated. The extension writes VS Code's bundle for the display language
 * (`vscode.l10n.bundle`, none for English) into the page as a JSON script
 * element; without one, `t` formats the English source string.
 */
import * as l10n from '@vscode/l10n';
import { BUNDLE_ELEMENT_ID } from '../../src/protocol/l10nBundle';

/** Loads the bundle the page carries, if any. Call before the first render. */
export function configureL10n(doc: Pick<Document, 'getElementById'>): void {
  const text = doc.getElementById(BUNDLE_ELEMENT_ID)?.textContent?.trim();
  if (!text) return;
  try {
    const contents = JSON.parse(text) as Record<string, string>;
    if (contents && typeof contents === 'object' && Object.keys(contents).length) {
      l10n.config({ contents });
    }
  } catch {
    // A broken bundle leaves the English strings.
  }
}

export const t = l10n.t;
