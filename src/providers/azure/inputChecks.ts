/**
 * Checks on the Azure actions' inputs, with ARM's naming rules, run before
 * any request so a bad value gets an error naming the field and the rule.
 */
import { isCidr } from '../../model/cidr';
import { UserFacingError } from '../../model/errors';
import { parseVnetId, type ArmVnetId } from './resources';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RESOURCE_GROUP = /^[-\w._()]{0,89}[-\w_()]$/;
/** Virtual networks, NSGs, peerings and rules: alphanumerics, _ . -; start alphanumeric, end alphanumeric or _. */
const NETWORK_RESOURCE = (max: number) =>
  new RegExp(`^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,${max - 2}}[A-Za-z0-9_])?$`);
const SERVICE_TAG = /^[A-Za-z][A-Za-z0-9.]*$/;
const PORT_RANGE = /^(\d{1,5})(?:-(\d{1,5}))?$/;

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

export function invalid(field: string, value: unknown, rule: string): UserFacingError {
  return new UserFacingError(`${field} ${show(value)} is not valid: ${rule}.`, { field });
}

export function checkGuid(field: string, value: unknown): string {
  if (typeof value !== 'string' || !GUID.test(value))
    throw invalid(field, value, 'it must be a GUID such as 00000000-0000-0000-0000-000000000000');
  return value;
}

export function checkResourceGroup(field: string, value: unknown): string {
  if (typeof value !== 'string' || !RESOURCE_GROUP.test(value))
    throw invalid(
      field,
      value,
      'it must be 1-90 letters, digits, underscores, hyphens, periods or parentheses, not ending with a period',
    );
  return value;
}

export function checkResourceName(field: string, value: unknown, max = 80): string {
  if (typeof value !== 'string' || !NETWORK_RESOURCE(max).test(value))
    throw invalid(
      field,
      value,
      `it must be 1-${max} letters, digits, underscores, periods or hyphens, starting with a letter or digit and ending with a letter, digit or underscore`,
    );
  return value;
}

export function checkVnetId(field: string, value: unknown): ArmVnetId {
  const parsed = typeof value === 'string' ? parseVnetId(value) : undefined;
  if (!parsed || !/\/virtualNetworks\/[^/]+$/i.test(String(value)))
    throw invalid(
      field,
      value,
      'it must be a virtual network id: /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/NAME',
    );
  return parsed;
}

export function checkPriority(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 100 || value > 4096)
    throw invalid(field, value, 'it must be an integer from 100 to 4096');
  return value;
}

/** A CIDR, an address, `*`, or a service tag such as VirtualNetwork. */
export function checkAddressPrefix(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '')
    throw invalid(field, value, 'it must be a CIDR, an IP address, * or a service tag');
  if (value === '*' || SERVICE_TAG.test(value)) return value;
  const asCidr = value.includes('/') ? value : value.includes(':') ? `${value}/128` : `${value}/32`;
  if (!isCidr(asCidr))
    throw invalid(field, value, 'it must be a CIDR, an IP address, * or a service tag');
  return value;
}

export function checkPortRange(field: string, value: unknown): string {
  if (value === '*') return value;
  const m = typeof value === 'string' ? PORT_RANGE.exec(value) : null;
  const from = Number(m?.[1]);
  const to = Number(m?.[2] ?? m?.[1]);
  if (!m || from < 0 || to > 65535 || to < from)
    throw invalid(field, value, 'it must be *, a port (0-65535) or a range such as 8000-8080');
  return value as string;
}

export function checkOneOf<T extends string>(
  field: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw invalid(field, value, `it must be one of ${allowed.join(', ')}`);
  return value as T;
}
