/**
 * Breaks a working path in the sandbox the way a user would: the real aws CLI
 * (`ec2 delete-route`, `ec2 revoke-security-group-ingress`, …) against the
 * sandbox's EC2 endpoint, with a demo account's keys. The Doctor's tests
 * diagnose the result; the sandbox's own tests drive its operations with it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AWS_ACCOUNTS } from '../../src/sandbox/worlds/demoTopology';

const run = promisify(execFile);

/** Always Debian's CLI: a pyenv `aws` shim earlier on PATH is a different program. */
export const AWS_CLI = '/usr/bin/aws';

/** The main route table the sandbox gives a VPC (`vpc-X` → `rtb-X`). */
export function mainRouteTableOf(vpcId: string): string {
  return vpcId.replace(/^vpc-/, 'rtb-');
}

export interface CliTarget {
  endpoint: string;
  account: keyof typeof AWS_ACCOUNTS;
  region: string;
}

/**
 * `aws ec2 <args>` against the sandbox, JSON output parsed (undefined when the operation prints
 * nothing). A refusal rejects with the CLI's stderr, which carries EC2's error code and message.
 */
export async function awsEc2(target: CliTarget, args: string[]): Promise<unknown> {
  const keys = AWS_ACCOUNTS[target.account];
  try {
    const { stdout } = await run(
      AWS_CLI,
      ['ec2', ...args, '--endpoint-url', target.endpoint, '--region', target.region],
      {
        env: {
          PATH: '/usr/bin:/bin',
          HOME: '/tmp',
          LANG: 'C.UTF-8',
          AWS_ACCESS_KEY_ID: keys.accessKeyId,
          AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_PAGER: '',
          AWS_DEFAULT_OUTPUT: 'json',
        },
        timeout: 60_000,
      },
    );
    return stdout.trim() === '' ? undefined : (JSON.parse(stdout) as unknown);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    throw new Error(`aws ec2 ${args[0]} failed: ${stderr || String(error)}`);
  }
}

export async function deleteRoute(
  options: CliTarget & { routeTableId: string; destinationCidr: string },
): Promise<void> {
  await awsEc2(options, [
    'delete-route',
    '--route-table-id',
    options.routeTableId,
    '--destination-cidr-block',
    options.destinationCidr,
  ]);
}

/** Revokes the inbound rule of `groupId` that allows `protocol` (all: `-1`) from `cidr`. */
export async function revokeIngress(
  options: CliTarget & { groupId: string; protocol: string; cidr: string; port?: number },
): Promise<void> {
  const permission: Record<string, unknown> = {
    IpProtocol: options.protocol,
    IpRanges: [{ CidrIp: options.cidr }],
  };
  if (options.port !== undefined) {
    permission.FromPort = options.port;
    permission.ToPort = options.port;
  }
  await awsEc2(options, [
    'revoke-security-group-ingress',
    '--group-id',
    options.groupId,
    '--ip-permissions',
    JSON.stringify([permission]),
  ]);
}
