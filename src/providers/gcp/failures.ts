/**
 * What went wrong in a GCE call, read from the client's error, and what the
 * user should do about it.
 *
 * With an OAuth2Client or GoogleAuth, HTTP errors surface as GaxiosError:
 * `status` is the HTTP status and `message` is GCE's JSON error body as text
 * (`{error:{code, message, errors:[{reason}]}}`). Connection failures are
 * GaxiosErrors too, with a Node `code` such as ECONNREFUSED and no status.
 */
import { UserFacingError } from '../../model/errors';
import type { RetryClassification } from '../../async/retry';
import type { Place } from '../provider';

export interface GceFailure {
  status?: number;
  reason?: string;
  message: string;
  /** Node's network error code (ECONNREFUSED, ENOTFOUND, ...). */
  code?: string;
}

/** A GCE operation that ended DONE with an error (the call itself had succeeded). */
export class GceOperationError extends Error {
  constructor(
    readonly operationType: string,
    readonly status: number | undefined,
    readonly reason: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'GceOperationError';
  }
}

const NETWORK_CODES = [
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
];

export function readGceFailure(error: unknown): GceFailure {
  if (error instanceof GceOperationError)
    return { status: error.status, reason: error.reason, message: error.message };
  const e = error as {
    status?: unknown;
    code?: unknown;
    message?: unknown;
    response?: { status?: number; data?: unknown };
    cause?: { code?: unknown };
  };
  const text = typeof e.message === 'string' ? e.message : String(error);
  const status =
    typeof e.status === 'number'
      ? e.status
      : typeof e.response?.status === 'number'
        ? e.response.status
        : undefined;
  const code =
    typeof e.code === 'string' && NETWORK_CODES.includes(e.code)
      ? e.code
      : typeof e.cause?.code === 'string'
        ? e.cause.code
        : undefined;
  const body = parseBody(text) ?? (typeof e.response?.data === 'object' ? e.response.data : null);
  const gce = (body as { error?: { message?: string; errors?: { reason?: string }[] } } | null)
    ?.error;
  return {
    status,
    reason: gce?.errors?.[0]?.reason,
    message: gce?.message ?? text,
    code,
  };
}

function parseBody(text: string): unknown {
  if (!text.startsWith('{')) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

const THROTTLE_REASONS = ['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded'];
/** GCE refuses a second peering change on either network while one runs, and says to try again. */
const IN_PROGRESS = /peering operation in progress/i;

/**
 * Throttling (GCE: 403 rateLimitExceeded; other Google front ends: 429), 5xx,
 * dropped connections, and the 400 "peering operation in progress" are retried.
 */
export function classifyGcpError(error: unknown): RetryClassification {
  const f = readGceFailure(error);
  if (error instanceof GceOperationError) return { retryable: false };
  const throttled =
    f.status === 429 || (f.status === 403 && THROTTLE_REASONS.includes(f.reason ?? ''));
  const busy = f.status === 400 && IN_PROGRESS.test(f.message);
  const transient =
    (f.status !== undefined && f.status >= 500) ||
    ['ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(f.code ?? '');
  return { retryable: throttled || busy || transient, throttled: throttled || busy };
}

/** What the failing call was about, for a 404 that should name the network. */
export interface GcpCallContext {
  /** e.g. `network "app-net"` */
  subject?: string;
  action?: string;
}

/** Turns client errors into messages that name the project and say what to do. */
export function explainGcpError(place: Place, error: unknown, context: GcpCallContext = {}): Error {
  if (!(error instanceof Error) || error.name === 'AbortError') return error as Error;
  if (error instanceof UserFacingError) return error;
  const account = place.account;
  const where = `GCP project "${account.ref}"${account.label !== account.ref ? ` (${account.label})` : ''}`;
  const doing = context.action ? ` ${context.action}` : '';
  const f = readGceFailure(error);
  const detail = f.reason ? ` (${f.status ?? ''} ${f.reason})` : f.status ? ` (${f.status})` : '';
  const base = { account: account.id, cause: error };

  if (/default credentials|Could not load the default credentials/i.test(f.message)) {
    return new UserFacingError(`${where}: no Application Default Credentials found.`, {
      ...base,
      fix: 'Run "gcloud auth application-default login", or set GOOGLE_APPLICATION_CREDENTIALS to a key file.',
    });
  }
  if (f.status === 401 || /invalid_grant|invalid_token|reauth/i.test(f.message)) {
    return new UserFacingError(`${where}: the credentials were rejected${detail}.`, {
      ...base,
      fix: account.sandbox
        ? 'Remove the sandbox account and run "Try the Sandbox" again.'
        : 'Run "gcloud auth application-default login" (or check the account\'s stored token).',
    });
  }
  if (f.status === 403 && !THROTTLE_REASONS.includes(f.reason ?? '')) {
    return new UserFacingError(`${where}: permission denied${doing}: ${f.message}${detail}.`, {
      ...base,
      fix: `Check that the signed-in account has the Compute Network Admin role (or compute.networks.* permissions) on project "${account.ref}", and that the Compute Engine API is enabled.`,
    });
  }
  if (f.code && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(f.code)) {
    return new UserFacingError(
      `${where}: cannot reach ${account.endpoint ?? 'compute.googleapis.com'} (${f.code}).`,
      {
        ...base,
        fix: account.endpoint
          ? 'Check the endpoint override in the account settings (is the sandbox running?).'
          : 'Check your network connection and proxy settings.',
      },
    );
  }
  if (f.status === 404) {
    const what = context.subject ?? 'a resource';
    return new UserFacingError(
      `${where}: ${what} was not found${doing ? ` while${doing}` : ''}: ${f.message}.`,
      { ...base, fix: `Check the name and that it belongs to project "${account.ref}".` },
    );
  }
  if (error instanceof GceOperationError) {
    return new UserFacingError(`${where}: ${error.operationType} failed: ${f.message}`, base);
  }
  return new UserFacingError(`${where}:${doing ? `${doing}:` : ''} ${f.message}${detail}`, base);
}
