import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { BUNDLE_ELEMENT_ID, l10nBundleJson } from '../protocol/l10nBundle';
import { contentSecurityPolicy } from './wizard/session/csp';

/**
 * The one page template of the product's webviews (the wizard, the Doctor's report, the Peering
 * Map): one stylesheet and one module script from dist/webviews under the strict CSP of
 * `wizard/session/csp.ts`, with a fresh nonce on every render.
 */

/** Where the webviews' browser bundles live; a panel may load nothing else. */
function webviewResourceRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webviews');
}

export function webviewPanelOptions(
  extensionUri: vscode.Uri,
): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    // Each page keeps its own state (getState/setState, or redraws from the inventory) and the
    // serializers restore it; no need to keep a hidden panel's DOM alive.
    retainContextWhenHidden: false,
    enableFindWidget: true,
    localResourceRoots: [webviewResourceRoot(extensionUri)],
  };
}

/** A fresh nonce for every render: 128 random bits, base64. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export interface WebviewPage {
  /** The bundle in dist/webviews (`<app>.js`, `<app>.css`), also the id of the page's `<main>`. */
  app: 'wizard' | 'doctor' | 'map';
  title: string;
  /** `data-*` attributes of `<body>`, by name without the prefix. */
  bodyData?: Readonly<Record<string, string>>;
  /** Carry VS Code's l10n bundle as inert JSON, for `@vscode/l10n` in the page. */
  l10nBundle: boolean;
}

export function webviewPageHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  page: WebviewPage,
): string {
  const nonce = newNonce();
  const root = webviewResourceRoot(extensionUri);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, `${page.app}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, `${page.app}.css`));
  const csp = contentSecurityPolicy(webview.cspSource, nonce);
  const bodyData = Object.entries(page.bodyData ?? {})
    .map(([name, value]) => ` data-${name}="${escapeAttribute(value)}"`)
    .join('');
  const l10n = page.l10nBundle
    ? `<script type="application/json" id="${BUNDLE_ELEMENT_ID}">${l10nBundleJson(vscode.l10n.bundle)}</script>\n`
    : '';
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(vscode.env.language || 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeText(page.title)}</title>
<link rel="stylesheet" href="${escapeAttribute(style.toString())}">
</head>
<body${bodyData}>
<main id="${page.app}"><p class="loading">${escapeText(vscode.l10n.t('Loading…'))}</p></main>
${l10n}<script type="module" nonce="${nonce}" src="${escapeAttribute(script.toString())}"></script>
</body>
</html>`;
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
