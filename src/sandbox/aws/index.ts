/** The AWS EC2 Query API in the sandbox: its registry entry (see ../registry.ts). */
import type { SandboxAccount, SandboxCloud } from '../service';
import { AWS_ACCOUNTS } from '../worlds/demoTopology';
import { seedAwsDemo } from './demo';
import { seedAwsOrganizationDemo } from './organization';
import { awsApis } from './organizationServices';
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
  // EC2, and the Organizations, STS and Config calls an organization needs (organizationServices.ts).
  service: awsApis,
  createState: createAwsState,
  seedDemo(world, ctx) {
    seedAwsDemo(world, ctx);
    seedAwsOrganizationDemo(world, ctx);
  },
  // AWS_ENDPOINT_URL_EC2: the Query API answers POST /.
  endpoint: { listener: 'http', path: '/' },
  listing: { name: 'AWS EC2', suffix: '' },
  demoAccounts: (endpoint) => [
    demoAccount(endpoint, 'app', 'Sandbox AWS · app (111111111111)'),
    demoAccount(endpoint, 'data', 'Sandbox AWS · data (222222222222)'),
  ],
};
