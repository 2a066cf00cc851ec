/**
 * Breaks a working route in the sandbox the way a user would: the real aws
 * CLI's `ec2 delete-route` against the sandbox's EC2 endpoint, with the demo
 * account's keys. The Doctor's tests diagnose the result.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AWS_ACCOUNTS } from '../../src/sandbox/worlds/demoTopology';

const run = promisify(execFile);

/** The main route table the sandbox gives a VPC (`vpc-X` → `rtb-X`). */
export function mainRouteTableOf(vpcId: string): string {
  return vpcId.replace(/^vpc-/, 'rtb-');
}

export async function deleteRoute(options: {
  endpoint: string;
  account: keyof typeof AWS_ACCOUNTS;
  region: string;
  routeTableId: string;
  destinationCidr: string;
}): Promise<void> {
  const keys = AWS_ACCOUNTS[options.account];
  await run(
    '/usr/bin/aws',
    [
      'ec2',
      'delete-route',
      '--endpoint-url',
      options.endpoint,
      '--region',
      options.region,
      '--route-table-id',
      options.routeTableId,
      '--destination-cidr-block',
      options.destinationCidr,
    ],
    {
      env: {
        PATH: '/usr/bin:/bin',
        HOME: '/tmp',
        AWS_ACCESS_KEY_ID: keys.accessKeyId,
        AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
      timeout: 60_000,
    },
  );
}
