/**
 * Input checks for the REST adapters' actions, run before any request, so a
 * bad value gets an error naming the field, the value and the rule instead of
 * a provider's 400 (or worse, a half-made change).
 */
import { CidrError, isPrivate, parseCidr, type Cidr, type IpFamily } from '../../model/cidr';
import { UserFacingError } from '../../model/errors';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function show(value: unknown): string {
  if (typeof value === 'string') return `"${value.length > 80 ? `${value.slice(0, 80)}…` : value}"`;
  return value === undefined ? 'missing' : (JSON.stringify(value) ?? String(value));
}

export function invalidField(field: string, value: unknown, rule: string): UserFacingError {
  return new UserFacingError(`${field} ${show(value)} is not valid: ${rule}.`, { field });
}

export function checkUuid(field: string, value: unknown, example: string): string {
  if (typeof value !== 'string' || !UUID_RE.test(value))
    throw invalidField(field, value, `it must be a UUID such as ${example}`);
  return value.toLowerCase();
}

/** A name of `min`..`max` characters, not only spaces. */
export function checkName(field: string, value: unknown, max = 255): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max)
    throw invalidField(field, value, `it must be 1 to ${max} characters, not only spaces`);
  return value;
}

export function checkNonEmpty(field: string, value: unknown, example: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw invalidField(field, value, `it is required, e.g. ${example}`);
  return value.trim();
}

export function checkOneOf<T extends string>(
  field: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw invalidField(field, value, `it must be one of ${allowed.join(', ')}`);
  return value as T;
}

export function checkPattern(field: string, value: unknown, pattern: RegExp, rule: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw invalidField(field, value, rule);
  return value;
}

/** A CIDR block in canonical form; optionally one family and private space only. */
export function checkCidr(
  field: string,
  value: unknown,
  rules: { family?: IpFamily; privateOnly?: boolean; prefix?: [number, number] } = {},
): string {
  if (typeof value !== 'string')
    throw invalidField(field, value, 'it must be a CIDR block such as 10.0.0.0/16');
  let cidr: Cidr;
  try {
    cidr = parseCidr(value);
  } catch (error) {
    throw invalidField(
      field,
      value,
      error instanceof CidrError ? error.rule : 'it must be a CIDR block such as 10.0.0.0/16',
    );
  }
  if (rules.family && cidr.family !== rules.family)
    throw invalidField(
      field,
      value,
      `it must be an ${rules.family === 'ipv4' ? 'IPv4' : 'IPv6'} block`,
    );
  if (rules.privateOnly && !isPrivate(cidr))
    throw invalidField(
      field,
      value,
      'it must be a private range (10/8, 172.16/12, 192.168/16, 100.64/10 or IPv6 ULA)',
    );
  if (rules.prefix && (cidr.prefix < rules.prefix[0] || cidr.prefix > rules.prefix[1]))
    throw invalidField(
      field,
      value,
      `the prefix length must be /${rules.prefix[0]} to /${rules.prefix[1]}`,
    );
  return cidr.text;
}
