/**
 * What went wrong in an ARM call (a RestError from the SDK, or a credential
 * error), whether to retry it, and what the user should do about it.
 */
import { UserFacingError } from '../../model/errors';
import { parseRetryAfter, type RetryClassification } from '../../async/retry';
import type { Place } from '../provider';
import { AzureSignInNeededError } from './credentials';

export interface ArmFailure {
  statusCode?: number;
  /** ARM's error code (AuthorizationFailed, ...) or Node's (ECONNREFUSED, SELF_SIGNED_CERT_IN_CHAIN, ...). */
  code?: string;
  message: string;
  retryAfterMs?: number;
}

export function readArmFailure(error: unknown): ArmFailure {
  const e = error as {
    statusCode?: unknown;
    code?: unknown;
    message?: unknown;
    response?: { headers?: { get(name: string): string | undefined } };
    cause?: { code?: unknown };
  };
  const headers = e.response?.headers;
  const retryAfterMs =
    parseRetryAfter(headers?.get('retry-after')) ??
    (headers?.get('x-ms-retry-after-ms') ? Number(headers.get('x-ms-retry-after-ms')) : undefined);
  return {
    statusCode: typeof e.statusCode === 'number' ? e.statusCode : undefined,
    code:
      typeof e.code === 'string'
        ? e.code
        : typeof e.cause?.code === 'string'
          ? e.cause.code
          : undefined,
    message: typeof e.message === 'string' ? e.message : String(error),
    retryAfterMs,
  };
}

/** Throttling (429, honoring Retry-After), 5xx, a busy resource (409), and dropped connections. */
export function classifyAzureError(error: unknown): RetryClassification {
  if (error instanceof AzureSignInNeededError || error instanceof UserFacingError)
    return { retryable: false };
  const f = readArmFailure(error);
  const throttled = f.statusCode === 429;
  const busy = f.statusCode === 409 && f.code === 'AnotherOperationInProgress';
  const transient =
    (f.statusCode !== undefined && f.statusCode >= 500) ||
    ['ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(f.code ?? '');
  return {
    retryable: throttled || busy || transient,
    throttled: throttled || busy,
    retryAfterMs: f.retryAfterMs,
  };
}

const TLS_CODES =
  /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_HAS_EXPIRED|ERR_TLS_CERT_ALTNAME_INVALID|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE/;
const AUTH_CODES = [
  'AuthenticationFailed',
  'InvalidAuthenticationToken',
  'InvalidAuthenticationTokenTenant',
  'ExpiredAuthenticationToken',
];

export interface ArmCallContext {
  /** e.g. `creating peering "app-to-hub" on vnet-app` */
  action?: string;
  /** The remote tenant of a cross-tenant call, when known. */
  remoteTenantId?: string;
  /** Who is affected, when it is not a subscription (listing tenants, say). */
  where?: string;
}

/** Turns SDK errors into messages that name the subscription and say what to do. */
export function explainAzureError(
  place: Place,
  error: unknown,
  context: ArmCallContext = {},
): Error {
  if (!(error instanceof Error) || error.name === 'AbortError') return error as Error;
  if (error instanceof UserFacingError) return error;
  const account = place.account;
  const where =
    context.where ??
    `Azure subscription "${account.label}"${account.label !== account.ref ? ` (${account.ref})` : ''}`;
  const doing = context.action ? ` ${context.action}:` : ':';
  const base = { account: account.id, cause: error };
  const signIn = (tenant?: string) =>
    account.sandbox
      ? 'Run "Try the Sandbox" again to sign in to the sandbox tenants.'
      : `Sign in from the Accounts menu (Microsoft)${tenant ? ` with an account of tenant ${tenant}` : ''}, or run "az login${tenant ? ` --tenant ${tenant}` : ''}".`;

  if (error instanceof AzureSignInNeededError) {
    const remote = context.remoteTenantId && error.tenantId === context.remoteTenantId;
    return new UserFacingError(
      remote
        ? `${where}${doing} the remote network is in tenant ${error.tenantId}, and there is no sign-in for that tenant, so ARM cannot check your access to it (the x-ms-authorization-auxiliary token).`
        : `${where}${doing} not signed in to Azure${error.tenantId ? ` for tenant ${error.tenantId}` : ''}${error.identityMessage ? ` (${error.identityMessage})` : ''}.`,
      { ...base, fix: signIn(error.tenantId) },
    );
  }
  const f = readArmFailure(error);
  const first = f.message.split('\n')[0];
  if (f.code === 'LinkedAuthorizationFailed') {
    return new UserFacingError(
      `${where}${doing} ARM could not authorize the remote network (LinkedAuthorizationFailed): it is probably in another tenant, and a peering across tenants needs a token for that tenant too.`,
      {
        ...base,
        fix: `Give the remote tenant id (remoteTenantId) and sign in to that tenant as well${account.sandbox ? '' : ' (Accounts menu, or "az login --tenant <remote tenant>")'}; your account there needs the Network Contributor role on the remote network.`,
      },
    );
  }
  if (f.statusCode === 401 || AUTH_CODES.includes(f.code ?? '')) {
    return new UserFacingError(
      `${where}${doing} the sign-in was rejected (${f.code ?? f.statusCode}): ${first}`,
      { ...base, fix: signIn(account.tenantId) },
    );
  }
  if (f.statusCode === 403) {
    return new UserFacingError(`${where}${doing} permission denied (${f.code ?? 403}): ${first}`, {
      ...base,
      fix: `Ask for the Network Contributor role on subscription ${account.ref}, or sign in with an account that has it.`,
    });
  }
  if (f.code === 'SubscriptionNotFound') {
    return new UserFacingError(`${where}${doing} the subscription was not found.`, {
      ...base,
      fix: 'Check the subscription id, and that the signed-in account can see it (Add Account lists the ones it can).',
    });
  }
  if (f.code && TLS_CODES.test(f.code)) {
    return new UserFacingError(
      `${where}${doing} the certificate of ${account.endpoint ?? 'management.azure.com'} is not trusted (${f.code}).`,
      {
        ...base,
        fix: account.sandbox
          ? 'Restart the sandbox from "Try the Sandbox" so the extension trusts its certificate.'
          : 'Check the endpoint override, or your proxy and NODE_EXTRA_CA_CERTS settings.',
      },
    );
  }
  if (f.code && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET'].includes(f.code)) {
    return new UserFacingError(
      `${where}${doing} cannot reach ${account.endpoint ?? 'management.azure.com'} (${f.code}).`,
      {
        ...base,
        fix: account.endpoint
          ? 'Check the endpoint override in the account settings (is the sandbox running?).'
          : 'Check your network connection and proxy settings.',
      },
    );
  }
  if (f.statusCode === 429) {
    return new UserFacingError(`${where}${doing} ARM is throttling requests: ${first}`, {
      ...base,
      fix: 'Wait a minute and refresh.',
    });
  }
  const status =
    f.statusCode || f.code ? ` (${[f.statusCode, f.code].filter(Boolean).join(' ')})` : '';
  return new UserFacingError(`${where}${doing} ${first}${status}`, base);
}
