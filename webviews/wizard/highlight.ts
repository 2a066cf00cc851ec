/**
 * Syntax colors for the generated scripts: highlight.js core with only the
 * two languages the scripts use (bash; Terraform's HCL read with the INI
 * grammar, which colors its comments, strings, numbers and `key =`
 * assignments). It returns escaped HTML with `hljs-*` classes only: no inline
 * styles and no eval, so the panel's CSP holds; wizard.css maps the classes
 * to the theme's editor colors.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import ini from 'highlight.js/lib/languages/ini';

hljs.registerLanguage('bash', bash);
hljs.registerLanguage('ini', ini);

/** The script as highlighted HTML (highlight.js escapes the text). */
export function highlightScript(text: string, flavor: 'bash' | 'terraform'): string {
  return hljs.highlight(text, {
    language: flavor === 'bash' ? 'bash' : 'ini',
    ignoreIllegals: true,
  }).value;
}
