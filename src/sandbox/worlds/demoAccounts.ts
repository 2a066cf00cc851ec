/**
 * The accounts "Try the Sandbox" adds: one per identity of the demo world,
 * pointed at this sandbox's endpoints, each with the secret the matching
 * provider adapter expects. These secrets open only the sandbox.
 */
import type { Account } from '../../model/types';
import type { SandboxEndpoints } from '../api';
import { sandboxAzureToken } from '../azure/tokens';
import { AIVEN, AWS_ACCOUNTS, AZURE, DRAGONFLY, GCP, UPCLOUD } from './demoTopology';

export interface SandboxAccount {
  account: Account;
  /** What the adapter reads from `CredentialSource.getSecret`. */
  secret?: string;
}

export function demoAccounts(endpoints: SandboxEndpoints): SandboxAccount[] {
  const aws = (name: 'app' | 'data', label: string): SandboxAccount => ({
    account: {
      id: `sandbox:aws:${name}`,
      cloud: 'aws',
      ref: AWS_ACCOUNTS[name].profile,
      label,
      regions: ['us-east-1', 'eu-west-1'],
      endpoint: endpoints.aws,
      sandbox: true,
    },
    secret: JSON.stringify({
      accessKeyId: AWS_ACCOUNTS[name].accessKeyId,
      secretAccessKey: AWS_ACCOUNTS[name].secretAccessKey,
    }),
  });
  const gcp = (project: string): SandboxAccount => ({
    account: {
      id: `sandbox:gcp:${project}`,
      cloud: 'gcp',
      ref: project,
      label: project,
      endpoint: endpoints.gcp,
      sandbox: true,
    },
    secret: 'sandbox-gcp-token',
  });
  return [
    aws('app', 'Sandbox AWS · app (111111111111)'),
    aws('data', 'Sandbox AWS · data (222222222222)'),
    gcp(GCP.project),
    gcp(GCP.peerProject),
    {
      account: {
        id: 'sandbox:azure:app',
        cloud: 'azure',
        ref: AZURE.subscriptionId,
        label: 'Sandbox Azure subscription',
        tenantId: AZURE.tenantId,
        endpoint: endpoints.azure,
        sandbox: true,
      },
    },
    {
      account: {
        id: 'sandbox:upcloud',
        cloud: 'upcloud',
        ref: UPCLOUD.username,
        label: 'Sandbox UpCloud',
        endpoint: endpoints.upcloud,
        sandbox: true,
      },
      secret: JSON.stringify({ username: UPCLOUD.username, password: UPCLOUD.password }),
    },
    {
      account: {
        id: 'sandbox:aiven',
        cloud: 'aiven',
        ref: AIVEN.project,
        label: `Sandbox Aiven · ${AIVEN.project}`,
        endpoint: endpoints.aiven,
        sandbox: true,
      },
      secret: AIVEN.token,
    },
    {
      account: {
        id: 'sandbox:dragonfly',
        cloud: 'dragonfly',
        ref: 'sandbox',
        label: 'Sandbox Dragonfly Cloud',
        endpoint: endpoints.dragonfly,
        sandbox: true,
      },
      secret: DRAGONFLY.apiKey,
    },
  ];
}

/** The Azure access token for a sandbox tenant. */
export function demoAzureToken(tenantId: string): string {
  return sandboxAzureToken(tenantId);
}
