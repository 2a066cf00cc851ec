/**
 * The manifest's user-facing strings live in package.nls.json (English for
 * now), so the product can be translated: every `%key%` in package.json
 * resolves, every key is used, and no user-facing field is left as a literal.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<
  string,
  string
>;

/** Fields VS Code shows to the user, wherever they sit in `contributes`. */
const USER_FACING = new Set([
  'title',
  'name',
  'contextualTitle',
  'contents',
  'description',
  'markdownDescription',
  'altText',
  'category',
  'shortTitle',
]);

function* strings(value: unknown, path: string): Generator<{ path: string; text: string }> {
  if (typeof value === 'string') yield { path, text: value };
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* strings(item, `${path}[${i}]`);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* strings(v, `${path}.${k}`);
  }
}

describe('manifest strings (package.json → package.nls.json)', () => {
  const all = [...strings(pkg, '')];
  const placeholders = all.filter((s) => /^%[^%\s]+%$/.test(s.text));

  it('resolves every %key% to a non-empty English string', () => {
    assert.ok(placeholders.length > 40, `only ${placeholders.length} placeholders`);
    for (const { path, text } of placeholders) {
      const key = text.slice(1, -1);
      assert.ok(typeof nls[key] === 'string' && nls[key].trim(), `${path}: ${text} has no string`);
    }
  });

  it('uses every key, and leaves no user-facing text in package.json itself', () => {
    const used = new Set(placeholders.map((p) => p.text.slice(1, -1)));
    assert.deepEqual(
      Object.keys(nls).filter((k) => !used.has(k)),
      [],
    );
    const literal = all.filter((s) => {
      const field = /\.(\w+)(\[\d+\])?$/.exec(s.path)?.[1] ?? '';
      const inContributes = s.path.startsWith('.contributes.');
      const topLevel = s.path === '.displayName' || s.path === '.description';
      return (
        ((inContributes && USER_FACING.has(field)) ||
          /enumDescriptions\[\d+\]$/.test(s.path) ||
          topLevel) &&
        !/^%[^%\s]+%$/.test(s.text)
      );
    });
    assert.deepEqual(
      literal.map((s) => `${s.path}: ${s.text}`),
      [],
    );
  });
});
