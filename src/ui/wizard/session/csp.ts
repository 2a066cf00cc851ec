/**
 * The wizard panel's Content Security Policy. Kept free of `vscode` so unit
 * tests read it directly; the extension-host test checks the rendered page.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // Lit and VS Code Elements style through constructable stylesheets (adoptedStyleSheets),
    // which style-src does not gate; the panel's own CSS is a file from cspSource.
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    // default-src does not cover these: no <base> may redirect relative URLs, no form may post.
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
