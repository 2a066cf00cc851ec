/**
 * How the wizard page carries VS Code's string bundle to the webview: a JSON
 * script element (not executed, so the CSP is unchanged) that
 * webviews/wizard/l10n.ts reads before the first render.
 */
export const BUNDLE_ELEMENT_ID = 'l10n-bundle';

/** The bundle as the element's text, safe inside a script element. */
export function l10nBundleJson(bundle: Record<string, string> | undefined): string {
  return JSON.stringify(bundle ?? {}).replace(/</g, '\\u003c');
}
