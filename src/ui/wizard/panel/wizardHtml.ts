import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { contentSecurityPolicy } from '../session/csp';
import { BUNDLE_ELEMENT_ID, l10nBundleJson } from '../../../protocol/l10nBundle';

/** Where the wizard's browser bundle lives; the panel may load nothing else. */
export function wizardResourceRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webviews');
}

export function wizardWebviewOptions(
  extensionUri: vscode.Uri,
): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    // The webview keeps its own state (getState/setState) and the serializer restores it;
    // no need to keep a hidden panel's DOM alive.
    retainContextWhenHidden: false,
    enableFindWidget: true,
    localResourceRoots: [wizardResourceRoot(extensionUri)],
  };
}

/** A fresh nonce for every render: 128 random bits, base64. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The panel's page: one stylesheet and one module script from dist/webviews, under a strict CSP. */
export function wizardHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  title: string,
): string {
  const nonce = newNonce();
  const root = wizardResourceRoot(extensionUri);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'wizard.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'wizard.css'));
  const csp = contentSecurityPolicy(webview.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(vscode.env.language || 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeText(title)}</title>
<link rel="stylesheet" href="${escapeAttribute(style.toString())}">
</head>
<body>
<main id="wizard"><p class="loading">${escapeText(vscode.l10n.t('Loading…'))}</p></main>
<script type="application/json" id="${BUNDLE_ELEMENT_ID}">${l10nBundleJson(vscode.l10n.bundle)}</script>
<script type="module" nonce="${nonce}" src="${escapeAttribute(script.toString())}"></script>
</body>
</html>`;
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
