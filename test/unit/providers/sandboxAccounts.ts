/** Accounts and credentials for the sandbox's demo world, shared by provider and discovery tests. */
import type { Account } from '../../../src/model/types';
import type { CredentialSource } from '../../../src/providers/provider';
import { AWS_ACCOUNTS } from '../../../src/sandbox/worlds/demoTopology';

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
