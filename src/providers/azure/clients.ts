/**
 * ARM client options for an account: the endpoint (real ARM or an override
 * such as the sandbox), its token scope, TLS trust, no SDK retries, and for
 * cross-tenant calls the auxiliary token header.
 */
import { rootCertificates } from 'node:tls';
import {
  auxiliaryAuthenticationHeaderPolicy,
  type PipelinePolicy,
} from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/core-auth';
import { UserFacingError } from '../../model/errors';
import type { Account } from '../../model/types';

export const PUBLIC_ARM_ENDPOINT = 'https://management.azure.com';

export function armEndpoint(account: Pick<Account, 'endpoint' | 'id' | 'ref'>): string {
  const endpoint = (account.endpoint ?? PUBLIC_ARM_ENDPOINT).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UserFacingError(`The Azure endpoint override "${endpoint}" is not a URL.`, {
      account: account.id,
      field: 'endpoint',
      fix: 'Use an HTTPS URL such as https://127.0.0.1:4568.',
    });
  }
  // ARM tokens travel in headers; the SDK refuses bearer tokens over plain HTTP.
  if (url.protocol !== 'https:')
    throw new UserFacingError(`The Azure endpoint override "${endpoint}" is not HTTPS.`, {
      account: account.id,
      field: 'endpoint',
      fix: 'Azure Resource Manager endpoints are HTTPS; use an https:// URL.',
    });
  return endpoint;
}

export function armScope(endpoint: string): string {
  return `${endpoint}/.default`;
}

/** The same TLS settings object for every client, so core-rest-pipeline reuses one agent. */
const tlsByPem = new Map<string, { ca: string[] }>();

/**
 * The extra CA (the sandbox's certificate) joins the system roots for
 * clients of an endpoint override only: real ARM keeps the default trust,
 * and nothing process-wide changes.
 */
function tlsOptions(account: Pick<Account, 'endpoint'>, caPem: string | undefined) {
  if (!caPem || !account.endpoint) return undefined;
  let tls = tlsByPem.get(caPem);
  if (!tls) {
    tls = { ca: [...rootCertificates, caPem] };
    tlsByPem.set(caPem, tls);
  }
  return tls;
}

export interface ArmClientSettings {
  account: Pick<Account, 'endpoint' | 'id' | 'ref'>;
  caPem?: string;
  /** Credentials for other tenants (cross-tenant peering): sent as x-ms-authorization-auxiliary. */
  auxiliary?: TokenCredential[];
}

export function armClientOptions(settings: ArmClientSettings) {
  const endpoint = armEndpoint(settings.account);
  const scope = armScope(endpoint);
  const additionalPolicies: { policy: PipelinePolicy; position: 'perCall' | 'perRetry' }[] = [];
  if (settings.auxiliary?.length) {
    additionalPolicies.push({
      policy: auxiliaryAuthenticationHeaderPolicy({
        credentials: settings.auxiliary,
        scopes: scope,
      }),
      position: 'perRetry',
    });
  }
  return {
    endpoint,
    // arm-network builds request URLs from $host, the pipeline from endpoint.
    $host: endpoint,
    credentialScopes: [scope],
    tlsOptions: tlsOptions(settings.account, settings.caPem),
    // withRetry is the one retry loop: the SDK's throttling and exponential retries are off.
    retryOptions: { maxRetries: 0 },
    additionalPolicies,
    userAgentOptions: { userAgentPrefix: 'cloud-peering' },
  };
}
