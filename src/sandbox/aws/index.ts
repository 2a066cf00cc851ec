/** The AWS EC2 Query API in the sandbox: its registry entry (see ../registry.ts). */
import type { SandboxAccount, SandboxCloud } from '../service';
import { AWS_ACCOUNTS } from '../worlds/demoTopology';
import { seedAwsDemo } from './demo';
import { awsService } from './service';
import { createAwsState, type AwsState } from './state';

function demoAccount(endpoint: string, name: 'app' | 'data', label: string): SandboxAccount {
  return {
    account: {
      id: `sandbox:aws:${name}`,
      cloud: 'aws',
      ref: AWS_ACCOUNTS[name].profile,
      label,
      regions: ['us-east-1', 'eu-west-1'],
      endpoint,
      sandbox: true,
    },
    secret: JSON.stringify({
      accessKeyId: AWS_ACCOUNTS[name].accessKeyId,
      secretAccessKey: AWS_ACCOUNTS[name].secretAccessKey,
    }),
  };
}

export const aws: SandboxCloud<'aws', AwsState> = {
  cloud: 'aws',
  service: awsService,
  createState: createAwsState,
  seedDemo: seedAwsDemo,
  // AWS_ENDPOINT_URL_EC2: the Query API answers POST /.
  endpoint: { listener: 'http', path: '/' },
  listing: { name: 'AWS EC2', suffix: '' },
  demoAccounts: (endpoint) => [
    demoAccount(endpoint, 'app', 'Sandbox AWS · app (111111111111)'),
    demoAccount(endpoint, 'data', 'Sandbox AWS · data (222222222222)'),
  ],
};
