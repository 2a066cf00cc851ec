/**
 * The failures every REST adapter shares, explained for the user: which
 * account, what happened, what to do. Each adapter handles its own error codes
 * first and falls back to this.
 */
import { UserFacingError } from '../../model/errors';
import type { Account } from '../../model/types';
import { HttpError, RequestTimeoutError, TransportError } from './jsonClient';
import { restBaseUrl, type RestServiceSpec } from './accountClients';

/** Codes that mean the host was never reached: a wrong endpoint, DNS, or nothing listening. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

export function accountLabel(spec: Pick<RestServiceSpec, 'service'>, account: Account): string {
  return `${spec.service} account "${account.label}"`;
}

export function explainRestError(spec: RestServiceSpec, account: Account, error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  if (error instanceof UserFacingError || error.name === 'AbortError') return error;
  const where = accountLabel(spec, account);
  const endpoint = safeBaseUrl(spec, account);
  if (error instanceof HttpError) {
    if (error.status === 401 || error.status === 403) {
      return new UserFacingError(
        `${where}: the credentials were rejected (${error.code ?? `HTTP ${error.status}`}).`,
        { account: account.id, fix: `Fix: ${spec.credentialsFix}`, cause: error },
      );
    }
    if (error.status === 429) {
      return new UserFacingError(
        `${where}: ${spec.service} is throttling requests (HTTP 429) and kept doing so after several retries.`,
        { account: account.id, fix: 'Fix: wait a minute and refresh.', cause: error },
      );
    }
    if (error.status >= 500) {
      return new UserFacingError(
        `${where}: ${spec.service} failed with HTTP ${error.status}${error.code ? ` ${error.code}` : ''}: ${error.providerMessage}`,
        {
          account: account.id,
          fix: `Fix: try again later; if it persists, check ${spec.service}'s status page.`,
          cause: error,
        },
      );
    }
    return new UserFacingError(
      `${where}: ${error.code ?? `HTTP ${error.status}`}: ${error.providerMessage}`,
      { account: account.id, cause: error },
    );
  }
  if (error instanceof TransportError) {
    const override = Boolean(account.endpoint);
    return new UserFacingError(`${where}: cannot reach ${endpoint} (${error.code}).`, {
      account: account.id,
      field: override ? 'endpoint' : undefined,
      fix:
        UNREACHABLE.has(error.code) && override
          ? `Fix: check the endpoint setting of this account (now ${endpoint}), or remove it to use ${spec.defaultBaseUrl}.`
          : 'Fix: check your network connection and proxy settings, then refresh.',
      cause: error,
    });
  }
  if (error instanceof RequestTimeoutError) {
    return new UserFacingError(
      `${where}: ${endpoint} did not answer within ${formatMs(error.timeoutMs)}.`,
      {
        account: account.id,
        fix: account.endpoint
          ? 'Fix: check the endpoint setting of this account, then refresh.'
          : 'Fix: check your network connection and proxy settings, then refresh.',
        cause: error,
      },
    );
  }
  return new UserFacingError(`${where}: ${error.message}`, { account: account.id, cause: error });
}

function safeBaseUrl(spec: RestServiceSpec, account: Account): string {
  try {
    return restBaseUrl(spec, account);
  } catch {
    return account.endpoint ?? spec.defaultBaseUrl;
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
