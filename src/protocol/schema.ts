/**
 * A small runtime schema: one definition gives both the TypeScript type
 * (`Infer<typeof S>`) and the check the host runs on every message.
 *
 * Why not zod or valibot: the protocol has about twenty message shapes, the
 * webview bundle carries this file too, and the failures we want are one line
 * naming the path and the rule ("request.draft.inputs.vpcId: expected a
 * string of at most 256 characters"). These few combinators do that in a few
 * kilobytes, with no dependency to keep up to date.
 *
 * Objects are closed: an unknown key is an error, so a message the host does
 * not understand is rejected rather than half-read.
 */

export interface Schema<T> {
  /** Returns the first problem found, as "path: rule", or undefined when the value fits. */
  check(value: unknown, path: string): string | undefined;
  /** Phantom field for `Infer`; never set at run time. */
  readonly _type?: T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function parse<T>(schema: Schema<T>, value: unknown, root = 'message'): ParseResult<T> {
  const error = schema.check(value, root);
  return error === undefined ? { ok: true, value: value as T } : { ok: false, error };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? 'a long string' : JSON.stringify(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

export function str(rules: { min?: number; max?: number; pattern?: RegExp } = {}): Schema<string> {
  const max = rules.max ?? 10_000;
  const min = rules.min ?? 0;
  return {
    check(value, path) {
      if (typeof value !== 'string') return `${path}: expected a string, got ${describe(value)}`;
      if (value.length < min) return `${path}: expected at least ${min} characters`;
      if (value.length > max) return `${path}: expected at most ${max} characters`;
      if (rules.pattern && !rules.pattern.test(value))
        return `${path}: ${describe(value)} does not match ${rules.pattern}`;
      return undefined;
    },
  };
}

export function num(rules: { min?: number; max?: number; integer?: boolean } = {}): Schema<number> {
  return {
    check(value, path) {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return `${path}: expected a finite number, got ${describe(value)}`;
      if (rules.integer && !Number.isInteger(value)) return `${path}: expected an integer`;
      if (rules.min !== undefined && value < rules.min) return `${path}: expected ≥ ${rules.min}`;
      if (rules.max !== undefined && value > rules.max) return `${path}: expected ≤ ${rules.max}`;
      return undefined;
    },
  };
}

export function bool(): Schema<boolean> {
  return {
    check: (value, path) =>
      typeof value === 'boolean'
        ? undefined
        : `${path}: expected true or false, got ${describe(value)}`,
  };
}

export function literal<const T extends readonly (string | number | boolean)[]>(
  ...values: T
): Schema<T[number]> {
  return {
    check: (value, path) =>
      values.includes(value as T[number])
        ? undefined
        : `${path}: expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(value)}`,
  };
}

/** Any JSON value, depth- and size-limited: for opaque payloads the host passes through. */
export function json(limits: { maxDepth?: number; maxNodes?: number } = {}): Schema<unknown> {
  const maxDepth = limits.maxDepth ?? 12;
  const maxNodes = limits.maxNodes ?? 20_000;
  return {
    check(value, path) {
      let nodes = 0;
      const walk = (v: unknown, depth: number, at: string): string | undefined => {
        if (++nodes > maxNodes) return `${path}: more than ${maxNodes} values`;
        if (depth > maxDepth) return `${at}: nested deeper than ${maxDepth}`;
        if (v === null || typeof v === 'string' || typeof v === 'boolean') return undefined;
        if (typeof v === 'number') return Number.isFinite(v) ? undefined : `${at}: not finite`;
        if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) {
            const e = walk(v[i], depth + 1, `${at}[${i}]`);
            if (e) return e;
          }
          return undefined;
        }
        if (typeof v === 'object') {
          for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
            const problem = walk(e, depth + 1, `${at}.${k}`);
            if (problem) return problem;
          }
          return undefined;
        }
        return `${at}: ${typeof v} is not JSON`;
      };
      return walk(value, 0, path);
    },
  };
}

export function optional<T>(schema: Schema<T>): Schema<T | undefined> & { optional: true } {
  return {
    optional: true,
    check: (value, path) => (value === undefined ? undefined : schema.check(value, path)),
  };
}

export function arr<T>(item: Schema<T>, rules: { max?: number } = {}): Schema<T[]> {
  const max = rules.max ?? 1_000;
  return {
    check(value, path) {
      if (!Array.isArray(value)) return `${path}: expected an array, got ${describe(value)}`;
      if (value.length > max) return `${path}: expected at most ${max} items`;
      for (let i = 0; i < value.length; i++) {
        const e = item.check(value[i], `${path}[${i}]`);
        if (e) return e;
      }
      return undefined;
    },
  };
}

/** A string-keyed map, e.g. form inputs by field name. */
export function record<T>(
  values: Schema<T>,
  rules: { maxKeys?: number; key?: RegExp } = {},
): Schema<Record<string, T>> {
  const maxKeys = rules.maxKeys ?? 200;
  const keyPattern = rules.key ?? /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;
  return {
    check(value, path) {
      if (!isPlainObject(value)) return `${path}: expected an object, got ${describe(value)}`;
      const keys = Object.keys(value);
      if (keys.length > maxKeys) return `${path}: expected at most ${maxKeys} keys`;
      for (const k of keys) {
        if (!keyPattern.test(k) || FORBIDDEN_KEYS.has(k))
          return `${path}: key ${JSON.stringify(k.slice(0, 40))} is not allowed`;
        const e = values.check(value[k], `${path}.${k}`);
        if (e) return e;
      }
      return undefined;
    },
  };
}

/** Keys that would reach Object.prototype if a consumer copied the map naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends { optional: true } ? K : never;
}[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<S extends Shape> = Simplify<
  { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

export function obj<S extends Shape>(shape: S): Schema<ObjectOf<S>> & { shape: S } {
  return {
    shape,
    check(value, path) {
      if (!isPlainObject(value)) return `${path}: expected an object, got ${describe(value)}`;
      for (const key of Object.keys(value)) {
        if (!Object.prototype.hasOwnProperty.call(shape, key))
          return `${path}: unknown field ${JSON.stringify(key.slice(0, 40))}`;
      }
      for (const [key, schema] of Object.entries(shape)) {
        const e = schema.check(value[key], `${path}.${key}`);
        if (e) return e;
      }
      return undefined;
    },
  };
}

/**
 * A tagged union: `tag` picks the member, so the error names the member's
 * own problem instead of "matches none of 12 shapes".
 */
export function tagged<K extends string, M extends Record<string, Schema<unknown>>>(
  tag: K,
  members: M,
): Schema<Infer<M[keyof M]>> {
  return {
    check(value, path) {
      if (!isPlainObject(value)) return `${path}: expected an object, got ${describe(value)}`;
      const which = value[tag];
      if (typeof which !== 'string' || !Object.prototype.hasOwnProperty.call(members, which))
        return `${path}.${tag}: expected one of ${Object.keys(members).join(', ')}, got ${describe(which)}`;
      return members[which].check(value, path);
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
