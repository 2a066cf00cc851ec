import { AwsApiError, invalidParameterValue } from './errors';
import type { QueryParams } from './query';
import type { AwsTags } from './state';

/**
 * EC2 Describe filters: `Filter.N.Name` with `Filter.N.Value.M`. Values of one
 * filter are ORed, filters are ANDed, values may use `*` and `?` wildcards,
 * and `tag:<key>` / `tag-key` work on every taggable resource. A name the
 * operation does not know is refused the way EC2 refuses it.
 */

/** Reads the values a filter compares against from one row. */
export type FilterField<Row> = (row: Row) => string | readonly string[] | undefined;

export interface FilterSpec<Row> {
  fields: Record<string, FilterField<Row>>;
  /** Tags of the row, for tag:<key> and tag-key; omit for untaggable resources. */
  tags?: (row: Row) => AwsTags;
}

export type RowPredicate<Row> = (row: Row) => boolean;

/** EC2's limits: at most 50 filters and 200 values in one call. */
const MAX_FILTERS = 50;
const MAX_VALUES = 200;

export function compileFilters<Row>(
  params: QueryParams,
  spec: FilterSpec<Row>,
): RowPredicate<Row> | undefined {
  const filters = params.structs('Filter');
  if (filters.length === 0) return undefined;
  if (filters.length > MAX_FILTERS) {
    throw new AwsApiError(
      'FilterLimitExceeded',
      `The maximum number of filters specified on a single call is ${MAX_FILTERS}`,
    );
  }
  let valueCount = 0;
  const predicates: RowPredicate<Row>[] = [];
  for (const filter of filters) {
    const name = filter.get('Name');
    if (name === undefined || name === '') {
      throw invalidParameterValue('The filter name is required: set Filter.N.Name');
    }
    const values = filter.strings('Value');
    valueCount += values.length;
    if (valueCount > MAX_VALUES) {
      throw new AwsApiError(
        'FilterLimitExceeded',
        `The maximum number of filter values specified on a single call is ${MAX_VALUES}`,
      );
    }
    if (values.length === 0) {
      throw invalidParameterValue(
        `The filter '${name}' needs at least one value (Filter.N.Value.1)`,
      );
    }
    const matches = valueMatcher(values);
    if (name.startsWith('tag:') && spec.tags) {
      const key = name.slice(4);
      const tagsOf = spec.tags;
      predicates.push((row) => {
        const value = tagsOf(row).get(key);
        return value !== undefined && matches(value);
      });
    } else if (name === 'tag-key' && spec.tags) {
      const tagsOf = spec.tags;
      predicates.push((row) => {
        for (const key of tagsOf(row).keys()) if (matches(key)) return true;
        return false;
      });
    } else {
      const field = Object.prototype.hasOwnProperty.call(spec.fields, name)
        ? spec.fields[name]
        : undefined;
      if (!field) throw invalidParameterValue(`The filter '${name}' is invalid`);
      predicates.push((row) => {
        const actual = field(row);
        if (actual === undefined) return false;
        if (typeof actual === 'string') return matches(actual);
        for (const a of actual) if (matches(a)) return true;
        return false;
      });
    }
  }
  return predicates.length === 1
    ? predicates[0]
    : (row) => {
        for (const p of predicates) if (!p(row)) return false;
        return true;
      };
}

/** Exact values go through a Set; `*` and `?` become anchored patterns. */
function valueMatcher(values: string[]): (actual: string) => boolean {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const v of values) {
    if (/[*?]/.test(v)) {
      const source = v
        .split('')
        .map((ch) =>
          ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
        )
        .join('');
      patterns.push(new RegExp(`^${source}$`, 's'));
    } else {
      exact.add(v);
    }
  }
  if (patterns.length === 0) return (actual) => exact.has(actual);
  return (actual) => exact.has(actual) || patterns.some((p) => p.test(actual));
}
