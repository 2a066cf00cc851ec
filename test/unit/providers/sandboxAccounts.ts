/** Accounts and credentials for the sandbox's demo world, shared by provider and discovery tests. */
import type { Account } from '../../../src/model/types';
import type { CredentialSource } from '../../../src/providers/provider';
import { sandboxAzureToken } from '../../../src/sandbox/azure/tokens';
import { AWS_ACCOUNTS, AZURE } from '../../../src/sandbox/worlds/demoTopology';

/** Sandbox AWS accounts carry their demo keys as the stored secret. */
export function sandboxAwsCredentials(): CredentialSource {
  const byId = new Map<string, string>(
    Object.entries(AWS_ACCOUNTS).map(([name, a]) => [
      `aws:${name}`,
      JSON.stringify({ accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey }),
    ]),
  );
  return { getSecret: async (id) => byId.get(id) };
}

export function sandboxAwsAccount(
  name: keyof typeof AWS_ACCOUNTS,
  endpoint: string,
  regions = ['us-east-1', 'eu-west-1'],
): Account {
  return {
    id: `aws:${name}`,
    cloud: 'aws',
    ref: AWS_ACCOUNTS[name].profile,
    label: `sandbox ${name}`,
    regions,
    endpoint,
    sandbox: true,
  };
}

/** The token sandbox GCP accounts store (the sandbox accepts any bearer token). */
export const SANDBOX_GCP_TOKEN = 'sandbox-gcp-token';

export function sandboxGcpAccount(project: string, endpoint: string): Account {
  return {
    id: `gcp:${project}`,
    cloud: 'gcp',
    ref: project,
    label: `sandbox ${project}`,
    endpoint,
    sandbox: true,
  };
}

/** Sandbox GCP accounts carry their token as the stored secret. */
export function sandboxGcpCredentials(): CredentialSource {
  return { getSecret: async (id) => (id.startsWith('gcp:') ? SANDBOX_GCP_TOKEN : undefined) };
}

export function sandboxAzureAccount(endpoint: string): Account {
  return {
    id: 'azure:app',
    cloud: 'azure',
    ref: AZURE.subscriptionId,
    tenantId: AZURE.tenantId,
    label: 'sandbox azure',
    endpoint,
    sandbox: true,
  };
}

/**
 * Answers `getAzureToken` the way the UI does for the sandbox: a sandbox token
 * for each tenant the user is "signed in" to (both demo tenants by default).
 */
export function sandboxAzureCredentials(
  signedInTenants: readonly string[] = [AZURE.tenantId, AZURE.otherTenantId],
): CredentialSource & { tokenRequests: { scopes: string[]; tenantId?: string }[] } {
  const tokenRequests: { scopes: string[]; tenantId?: string }[] = [];
  return {
    tokenRequests,
    getSecret: async () => undefined,
    getAzureToken: async (scopes, tenantId) => {
      tokenRequests.push({ scopes, tenantId });
      const tenant = tenantId ?? AZURE.tenantId;
      if (!signedInTenants.includes(tenant)) return undefined;
      return { token: sandboxAzureToken(tenant), expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
}
