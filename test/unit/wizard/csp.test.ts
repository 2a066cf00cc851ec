import * as assert from 'node:assert/strict';
import { contentSecurityPolicy } from '../../../src/ui/wizard/session/csp';

describe('wizard: content security policy', () => {
  it('denies everything by default, and base-uri and form-action too (default-src does not cover them)', () => {
    const csp = contentSecurityPolicy('https://webview.example', 'bm9uY2Vub25jZW5vbmNl');
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
    );
    assert.equal(directives.get('default-src'), "'none'");
    assert.equal(directives.get('base-uri'), "'none'");
    assert.equal(directives.get('form-action'), "'none'");
    assert.equal(directives.get('script-src'), "'nonce-bm9uY2Vub25jZW5vbmNl'");
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });
});
