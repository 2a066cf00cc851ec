/**
 * Checks on the GCP actions' inputs, run before any request, so a bad value
 * gets an error naming the field and the rule instead of GCE's 400 halfway
 * through a plan.
 */
import { isCidr } from '../../model/cidr';
import { UserFacingError } from '../../model/errors';
import { parseNetwork, type NetworkName } from './resources';

/** GCE resource names: RFC 1035, 1-63 characters. */
const GCE_NAME = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const PORT_RANGE = /^(\d{1,5})(?:-(\d{1,5}))?$/;

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

export function invalid(field: string, value: unknown, rule: string): UserFacingError {
  return new UserFacingError(`${field} ${show(value)} is not valid: ${rule}.`, { field });
}

export function checkGceName(field: string, value: unknown): string {
  if (typeof value !== 'string' || !GCE_NAME.test(value))
    throw invalid(
      field,
      value,
      'it must be 1-63 characters: lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen',
    );
  return value;
}

export function checkNetwork(field: string, value: unknown, project: string): NetworkName {
  const parsed = typeof value === 'string' ? parseNetwork(value, project) : undefined;
  if (!parsed)
    throw invalid(
      field,
      value,
      'it must be a network name or a path such as projects/PROJECT/global/networks/NETWORK',
    );
  return parsed;
}

export function checkProject(field: string, value: unknown): string {
  // Project ids: 6-30 characters; domain-scoped ids carry a "domain:" prefix.
  if (typeof value !== 'string' || !/^(?:[a-z0-9.-]+:)?[a-z][-a-z0-9]{4,28}[a-z0-9]$/.test(value))
    throw invalid(field, value, 'it must be a GCP project id such as my-project-123');
  return value;
}

export function checkSourceRanges(field: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0)
    throw invalid(field, value, 'give at least one CIDR range, e.g. 10.0.0.0/16');
  return value.map((r, i) => {
    const asCidr =
      typeof r === 'string' ? (r.includes('/') ? r : r.includes(':') ? `${r}/128` : `${r}/32`) : '';
    if (!isCidr(asCidr)) throw invalid(`${field}[${i}]`, r, 'it must be an IPv4 or IPv6 CIDR');
    return r as string;
  });
}

export function checkPriority(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65535)
    throw invalid(field, value, 'it must be an integer from 0 to 65535');
  return value;
}

export function checkAllowed(
  field: string,
  value: unknown,
): { IPProtocol: string; ports?: string[] }[] {
  if (!Array.isArray(value) || value.length === 0)
    throw invalid(field, value, 'give at least one {IPProtocol, ports} entry');
  return value.map((entry: unknown, i) => {
    const e = (entry ?? {}) as { IPProtocol?: unknown; ports?: unknown };
    if (typeof e.IPProtocol !== 'string' || e.IPProtocol === '')
      throw invalid(
        `${field}[${i}].IPProtocol`,
        e.IPProtocol,
        'it must be tcp, udp, icmp, all or a protocol number',
      );
    if (e.ports === undefined) return { IPProtocol: e.IPProtocol };
    if (!Array.isArray(e.ports))
      throw invalid(`${field}[${i}].ports`, e.ports, 'it must be a list such as ["6379"]');
    const ports = e.ports.map((p: unknown, j) => {
      const m = typeof p === 'string' ? PORT_RANGE.exec(p) : null;
      if (
        !m ||
        Number(m[1]) > 65535 ||
        Number(m[2] ?? m[1]) > 65535 ||
        Number(m[2] ?? m[1]) < Number(m[1])
      )
        throw invalid(
          `${field}[${i}].ports[${j}]`,
          p,
          'it must be a port (0-65535) or a range such as 8000-8080',
        );
      return p as string;
    });
    return { IPProtocol: e.IPProtocol, ports };
  });
}
