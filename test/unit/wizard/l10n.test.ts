/**
 * The wizard webview's strings go through @vscode/l10n: with the bundle the
 * extension writes into the page (src/ui/webviewPage.ts) they come out
 * translated, and without one in English.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { BUNDLE_ELEMENT_ID, l10nBundleJson } from '../../../src/protocol/l10nBundle';
import { WIZARD_STEPS } from '../../../src/protocol/wizardMessages';
import { configureL10n, t } from '../../../webviews/wizard/l10n';
import { stepTitle } from '../../../webviews/wizard/store';

const WEBVIEW = join(__dirname, '..', '..', '..', 'webviews', 'wizard');

/** Every string literal the webview passes to t(), as a translator's export would find them. */
function webviewStrings(): Set<string> {
  const found = new Set<string>();
  for (const file of readdirSync(WEBVIEW).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(WEBVIEW, file), 'utf8');
    for (const m of source.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g)) found.add(m[1]);
  }
  return found;
}

function page(json: string | undefined) {
  return {
    getElementById: (id: string) =>
      id === BUNDLE_ELEMENT_ID && json !== undefined
        ? ({ textContent: json } as HTMLElement)
        : null,
  };
}

describe('wizard webview strings (@vscode/l10n)', () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('speaks English, with arguments, when the page carries no bundle', () => {
    configureL10n(page(undefined));
    assert.equal(t('Cancelled'), 'Cancelled');
    assert.equal(
      t('Fix the {0} problems above to continue.', 3),
      'Fix the 3 problems above to continue.',
    );
  });

  it('translates with the bundle the extension writes into the page', () => {
    const bundle = {
      Cancelled: 'Abgebrochen',
      'Fix the {0} problems above to continue.': 'Beheben Sie die {0} Probleme oben.',
      'Before you start: {0}': 'Bevor Sie beginnen: {0} </script>',
    };
    const json = l10nBundleJson(bundle);
    assert.ok(!json.includes('</script>'), 'the bundle cannot close its script element');
    configureL10n(page(json));
    assert.equal(t('Cancelled'), 'Abgebrochen');
    assert.equal(
      t('Fix the {0} problems above to continue.', 2),
      'Beheben Sie die 2 Probleme oben.',
    );
    assert.equal(t('Before you start: {0}', 'X'), 'Bevor Sie beginnen: X </script>');
  });

  it('translates the step titles and the script tabs’ labels, read when the page renders', () => {
    const strings = webviewStrings();
    for (const label of ['Terraform', 'Terraform configuration', 'bash script'])
      assert.ok(strings.has(label), `t('${label}') in webviews/wizard`);
    const english = WIZARD_STEPS.map((step) => stepTitle(step));
    assert.deepEqual(english, [
      'What to connect',
      'Your network',
      'The other side',
      'Review',
      'Run',
      'Done',
    ]);
    for (const title of english) assert.ok(strings.has(title), `t('${title}') in webviews/wizard`);
    // A bundle that marks every string: the titles come out translated, after the modules loaded.
    configureL10n(page(l10nBundleJson(Object.fromEntries([...strings].map((s) => [s, `«${s}»`])))));
    assert.deepEqual(
      WIZARD_STEPS.map((step) => stepTitle(step)),
      english.map((title) => `«${title}»`),
    );
    assert.equal(t('Terraform'), '«Terraform»');
  });

  it('keeps English when the bundle is broken', () => {
    configureL10n(page('{not json'));
    assert.equal(t('Cancelled'), 'Cancelled');
  });
});
