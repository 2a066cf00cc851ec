/**
 * How an Azure client talks to the sandbox (the provider does the same):
 * - `endpoint` and `$host` = endpoints.azure (arm-network builds request URLs
 *   from `$host`, the pipeline from `endpoint`), `credentialScopes` =
 *   `${endpoints.azure}/.default`;
 * - `tlsOptions: { ca: endpoints.azureCaPem }`: core-rest-pipeline's
 *   tlsPolicy puts the CA on this client's requests, and its Node HTTP client
 *   builds an https.Agent with it. Only this client trusts the sandbox
 *   certificate; nothing global changes and certificate checks stay on;
 * - a TokenCredential returning a sandbox token for the tenant (see
 *   src/sandbox/azure/tokens.ts);
 * - for a cross-tenant peering, core-rest-pipeline's
 *   auxiliaryAuthenticationHeaderPolicy with a credential for the other
 *   tenant adds `x-ms-authorization-auxiliary`.
 */
import { NetworkManagementClient } from '@azure/arm-network';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { TokenCredential } from '@azure/core-auth';
import {
  auxiliaryAuthenticationHeaderPolicy,
  type PipelinePolicy,
} from '@azure/core-rest-pipeline';
import type { SandboxEndpoints } from '../../../src/sandbox/api';
import { sandboxAzureToken } from '../../../src/sandbox/azure/tokens';

export function sandboxCredential(tenantId: string): TokenCredential {
  return {
    getToken: async () => ({
      token: sandboxAzureToken(tenantId),
      expiresOnTimestamp: Date.now() + 3600_000,
    }),
  };
}

export interface AzureClientSettings {
  tenantId: string;
  /** Tenants to send auxiliary tokens for (cross-tenant peering). */
  auxiliaryTenants?: string[];
  /** Retries of the SDK's retry policies (throttling, 5xx); default 0 so errors surface at once. */
  maxRetries?: number;
  /** Leave out the sandbox CA, to prove TLS checks are on. */
  withoutCa?: boolean;
}

export function azureClientOptions(endpoints: SandboxEndpoints, settings: AzureClientSettings) {
  const additionalPolicies: { policy: PipelinePolicy; position: 'perCall' | 'perRetry' }[] = [];
  const scope = `${endpoints.azure}/.default`;
  if (settings.auxiliaryTenants?.length) {
    additionalPolicies.push({
      policy: auxiliaryAuthenticationHeaderPolicy({
        credentials: settings.auxiliaryTenants.map(sandboxCredential),
        scopes: scope,
      }),
      position: 'perRetry',
    });
  }
  return {
    endpoint: endpoints.azure,
    $host: endpoints.azure,
    credentialScopes: [scope],
    tlsOptions: settings.withoutCa ? undefined : { ca: endpoints.azureCaPem },
    retryOptions: {
      maxRetries: settings.maxRetries ?? 0,
      retryDelayInMs: 10,
      maxRetryDelayInMs: 50,
    },
    additionalPolicies,
  };
}

export function networkClient(
  endpoints: SandboxEndpoints,
  subscriptionId: string,
  settings: AzureClientSettings,
): NetworkManagementClient {
  return new NetworkManagementClient(
    sandboxCredential(settings.tenantId),
    subscriptionId,
    azureClientOptions(endpoints, settings),
  );
}

export function subscriptionClient(
  endpoints: SandboxEndpoints,
  settings: AzureClientSettings,
): SubscriptionClient {
  return new SubscriptionClient(
    sandboxCredential(settings.tenantId),
    azureClientOptions(endpoints, settings),
  );
}

export interface ArmWireError {
  statusCode: number;
  code: string;
  message: string;
  retryAfter?: string;
}

/** The RestError of a failed call, reduced to what ARM sent. */
export async function expectArmError(promise: Promise<unknown>): Promise<ArmWireError> {
  try {
    await promise;
  } catch (error) {
    const e = error as {
      statusCode?: number;
      code?: string;
      message?: string;
      response?: { headers?: { get(name: string): string | undefined } };
    };
    return {
      statusCode: e.statusCode ?? -1,
      code: e.code ?? '',
      message: e.message ?? '',
      retryAfter: e.response?.headers?.get('retry-after'),
    };
  }
  throw new Error('expected the call to fail');
}

/** LRO polling fast enough for tests (the default is 2 s). */
export const FAST_POLL = { updateIntervalInMs: 10 };
