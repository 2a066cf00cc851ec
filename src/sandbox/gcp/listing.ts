import { invalidField } from './errors';

/**
 * GCE list semantics shared by every list method: `filter` (the
 * `field = value`, `field != value`, `field eq regex`, `field ne regex` forms,
 * several parenthesized expressions ANDed), `orderBy` (`name` or
 * `creationTimestamp desc`, the two GCE supports), and pagination with
 * `maxResults` (0..500, default 500) and an opaque `pageToken`.
 */

export const MAX_RESULTS_LIMIT = 500;

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

export function listPage<T extends Record<string, unknown>>(
  all: T[],
  query: URLSearchParams,
  listName: string,
): Page<T> {
  const filtered = applyFilter(all, query.get('filter'));
  const ordered = applyOrder(filtered, query.get('orderBy'));
  const maxText = query.get('maxResults');
  let max = MAX_RESULTS_LIMIT;
  if (maxText !== null && maxText !== '') {
    const n = Number(maxText);
    if (!Number.isInteger(n) || n < 0)
      throw invalidField('maxResults', maxText, 'Must be a non-negative integer');
    if (n > MAX_RESULTS_LIMIT)
      throw invalidField(
        'maxResults',
        maxText,
        `Must be less than or equal to ${MAX_RESULTS_LIMIT}`,
      );
    if (n > 0) max = n;
  }
  const token = query.get('pageToken');
  const offset = token ? decodePageToken(token, listName) : 0;
  const items = ordered.slice(offset, offset + max);
  const next = offset + max < ordered.length ? encodePageToken(offset + max, listName) : undefined;
  return next ? { items, nextPageToken: next } : { items };
}

function encodePageToken(offset: number, listName: string): string {
  return Buffer.from(`${listName}:${offset}`, 'utf8').toString('base64url');
}

function decodePageToken(token: string, listName: string): number {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const match = /^([A-Za-z.]+):(\d+)$/.exec(text);
  if (!match || match[1] !== listName)
    throw invalidField('pageToken', token, 'Supplied page token is not valid for this list');
  return Number(match[2]);
}

interface FilterTerm {
  field: string;
  op: '=' | '!=' | 'eq' | 'ne';
  value: string;
}

const TERM = /^\s*([A-Za-z][A-Za-z0-9_.]*)\s*(!=|=|\beq\b|\bne\b)\s*(.+?)\s*$/;

export function parseFilter(filter: string): FilterTerm[] {
  const text = filter.trim();
  const parts = text.startsWith('(')
    ? [...text.matchAll(/\(([^()]*)\)/g)].map((m) => m[1])
    : [text];
  if (parts.length === 0 || (text.startsWith('(') && text.replace(/\([^()]*\)/g, '').trim() !== ''))
    throw invalidField('filter', filter, 'Invalid list filter expression.');
  return parts.map((part) => {
    const m = TERM.exec(part);
    if (!m) throw invalidField('filter', filter, 'Invalid list filter expression.');
    let value = m[3];
    if (
      (value.startsWith('"') && value.endsWith('"')) ||
      (value.startsWith("'") && value.endsWith("'"))
    )
      value = value.slice(1, -1);
    return { field: m[1], op: m[2] as FilterTerm['op'], value };
  });
}

function applyFilter<T extends Record<string, unknown>>(items: T[], filter: string | null): T[] {
  if (!filter || !filter.trim()) return items;
  const terms = parseFilter(filter);
  const matchers = terms.map((t) => {
    if (t.op === 'eq' || t.op === 'ne') {
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${t.value})$`);
      } catch {
        throw invalidField('filter', filter, `'${t.value}' is not a valid regular expression.`);
      }
      return (item: T) => re.test(fieldText(item, t.field)) === (t.op === 'eq');
    }
    return (item: T) => (fieldText(item, t.field) === t.value) === (t.op === '=');
  });
  return items.filter((item) => matchers.every((m) => m(item)));
}

function fieldText(item: Record<string, unknown>, path: string): string {
  let value: unknown = item;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return '';
    value = (value as Record<string, unknown>)[key];
  }
  return value === undefined || value === null ? '' : String(value);
}

function applyOrder<T extends Record<string, unknown>>(items: T[], orderBy: string | null): T[] {
  if (!orderBy || !orderBy.trim()) return items;
  const spec = orderBy.trim();
  if (spec === 'name')
    return [...items].sort((a, b) => fieldText(a, 'name').localeCompare(fieldText(b, 'name')));
  if (spec === 'creationTimestamp desc')
    return [...items].sort((a, b) =>
      fieldText(b, 'creationTimestamp').localeCompare(fieldText(a, 'creationTimestamp')),
    );
  throw invalidField('orderBy', orderBy, "Only 'name' and 'creationTimestamp desc' are supported.");
}
