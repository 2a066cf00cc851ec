import { json, type SandboxResponse } from '../http';

/**
 * GCE's JSON error shape: `{error:{code, message, errors:[{message, domain, reason}]}}`.
 * The reasons are the ones GCE uses (notFound, alreadyExists, invalid,
 * badRequest, forbidden, rateLimitExceeded, backendError, required).
 */
export function gcpError(
  status: number,
  reason: string,
  message: string,
  extra: { domain?: string; location?: string; locationType?: string; status?: string } = {},
): SandboxResponse {
  const item: Record<string, string> = { message, domain: extra.domain ?? 'global', reason };
  if (extra.location) item.location = extra.location;
  if (extra.locationType) item.locationType = extra.locationType;
  const error: Record<string, unknown> = { code: status, message, errors: [item] };
  if (extra.status) error.status = extra.status;
  return json(status, { error });
}

/** Thrown by handlers for a client error; the service turns it into gcpError. */
export class GcpRequestError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly location?: string,
  ) {
    super(message);
  }

  toResponse(): SandboxResponse {
    return gcpError(this.status, this.reason, this.message, {
      location: this.location,
      locationType: this.location ? 'parameter' : undefined,
    });
  }
}

export function notFound(resourcePath: string): GcpRequestError {
  return new GcpRequestError(404, 'notFound', `The resource '${resourcePath}' was not found`);
}

export function alreadyExists(resourcePath: string): GcpRequestError {
  return new GcpRequestError(409, 'alreadyExists', `The resource '${resourcePath}' already exists`);
}

/** GCE's wording for a bad field: "Invalid value for field 'x': 'y'. <rule>". */
export function invalidField(field: string, value: unknown, rule: string): GcpRequestError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return new GcpRequestError(
    400,
    'invalid',
    `Invalid value for field '${field}': '${shown ?? ''}'. ${rule}`,
  );
}

export function requiredField(field: string): GcpRequestError {
  return new GcpRequestError(400, 'required', `Required field '${field}' not specified`);
}

export const PEERING_IN_PROGRESS =
  'There is a peering operation in progress on the local or peer network. Try again later.';
