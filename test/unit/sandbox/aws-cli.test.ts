/**
 * The real aws CLI (Debian's awscli, /usr/bin/aws) creates, accepts and
 * describes a peering against the sandbox. The CLI is an installed
 * prerequisite: without it this test fails and says how to install it.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { AWS_ACCOUNTS, AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import type { DemoAccount } from './aws-harness';

/** Always Debian's CLI: a pyenv `aws` shim earlier on PATH is a different program. */
const AWS_CLI = '/usr/bin/aws';

interface CliPeering {
  VpcPeeringConnectionId: string;
  Status: { Code: string; Message: string };
  AccepterVpcInfo: { OwnerId: string; VpcId: string; CidrBlock?: string };
  RequesterVpcInfo: { OwnerId: string; VpcId: string };
  Tags?: { Key: string; Value: string }[];
}

describe('sandbox AWS: the aws CLI', function () {
  this.timeout(180_000);
  let sandbox: RunningSandbox;
  let home: string;

  before(async function () {
    if (!existsSync(AWS_CLI)) {
      assert.fail(
        `${AWS_CLI} is missing: the aws CLI test needs Debian's awscli (sudo apt-get install awscli).`,
      );
    }
    home = mkdtempSync(join(tmpdir(), 'sandbox-aws-cli-'));
    // Empty config and credentials files, so nothing from the user's ~/.aws leaks in.
    writeFileSync(join(home, 'config'), '');
    writeFileSync(join(home, 'credentials'), '');
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 200 });
  });
  after(async () => {
    await sandbox?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** aws CLI invocations that answered, for the per-scenario counts. */
  let calls = 0;
  let refused = 0;
  function aws(account: DemoAccount, args: string[]): Promise<unknown> {
    const keys = AWS_ACCOUNTS[account];
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      LANG: 'C.UTF-8',
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    };
    // CLI 2.9 predates AWS_ENDPOINT_URL_EC2, so the endpoint goes on the command line.
    const argv = ['--endpoint-url', sandbox.endpoints.aws, '--output', 'json', 'ec2', ...args];
    return new Promise((resolve, reject) => {
      execFile(AWS_CLI, argv, { env, timeout: 60_000 }, (error, stdout, stderr) => {
        if (error) {
          refused++;
          reject(new Error(`aws ${args.join(' ')} failed: ${stderr || error.message}`));
          return;
        }
        calls++;
        // Commands whose operation has no output (delete-vpc, replace-route) print nothing.
        if (stdout.trim() === '') {
          resolve(undefined);
          return;
        }
        try {
          resolve(JSON.parse(stdout) as unknown);
        } catch {
          reject(new Error(`aws ${args.join(' ')} printed no JSON: ${stdout}`));
        }
      });
    });
  }

  it('creates, accepts (as the other account) and describes an active peering', async () => {
    const created = (await aws('app', [
      'create-vpc-peering-connection',
      '--vpc-id',
      AWS_VPCS.app.id,
      '--peer-vpc-id',
      AWS_VPCS.emqx.id,
      '--peer-owner-id',
      AWS_ACCOUNTS.emqx.accountId,
      '--tag-specifications',
      'ResourceType=vpc-peering-connection,Tags=[{Key=Name,Value=app-to-emqx}]',
    ])) as { VpcPeeringConnection: CliPeering };
    const id = created.VpcPeeringConnection.VpcPeeringConnectionId;
    assert.match(id, /^pcx-[0-9a-f]{17}$/);
    assert.equal(created.VpcPeeringConnection.Status.Code, 'initiating-request');
    assert.deepEqual(created.VpcPeeringConnection.Tags, [{ Key: 'Name', Value: 'app-to-emqx' }]);

    sandbox.admin.advanceClock(1000);
    const accepted = (await aws('emqx', [
      'accept-vpc-peering-connection',
      '--vpc-peering-connection-id',
      id,
    ])) as { VpcPeeringConnection: CliPeering };
    assert.equal(accepted.VpcPeeringConnection.Status.Code, 'provisioning');
    assert.equal(accepted.VpcPeeringConnection.AccepterVpcInfo.CidrBlock, AWS_VPCS.emqx.cidrs[0]);

    sandbox.admin.advanceClock(1000);
    const described = (await aws('app', [
      'describe-vpc-peering-connections',
      '--filters',
      'Name=status-code,Values=active',
      `Name=accepter-vpc-info.owner-id,Values=${AWS_ACCOUNTS.emqx.accountId}`,
    ])) as { VpcPeeringConnections: CliPeering[] };
    assert.deepEqual(
      described.VpcPeeringConnections.map((p) => [p.VpcPeeringConnectionId, p.Status.Code]),
      [[id, 'active']],
    );
  });

  it('prints EC2’s error code when the CLI is refused', async () => {
    await assert.rejects(
      aws('data', ['accept-vpc-peering-connection', '--vpc-peering-connection-id', 'pcx-nope']),
      /InvalidVpcPeeringConnectionId\.Malformed/,
    );
  });

  it('builds a VPC, adds a secondary CIDR, peers it, routes through it and deletes it', async () => {
    sandbox.admin.reset('demo');
    calls = 0;
    refused = 0;
    const created = (await aws('data', [
      'create-vpc',
      '--cidr-block',
      '10.80.0.0/16',
      '--tag-specifications',
      'ResourceType=vpc,Tags=[{Key=Name,Value=built-by-cli}]',
    ])) as { Vpc: { VpcId: string; CidrBlock: string; State: string; Tags: unknown } };
    const vpcId = created.Vpc.VpcId;
    assert.match(vpcId, /^vpc-[0-9a-f]{17}$/);
    assert.equal(created.Vpc.CidrBlock, '10.80.0.0/16');
    assert.deepEqual(created.Vpc.Tags, [{ Key: 'Name', Value: 'built-by-cli' }]);

    const added = (await aws('data', [
      'associate-vpc-cidr-block',
      '--vpc-id',
      vpcId,
      '--cidr-block',
      '10.81.0.0/16',
    ])) as { CidrBlockAssociation: { CidrBlock: string; CidrBlockState: { State: string } } };
    assert.equal(added.CidrBlockAssociation.CidrBlock, '10.81.0.0/16');
    assert.equal(added.CidrBlockAssociation.CidrBlockState.State, 'associating');

    const pcx = (await aws('data', [
      'create-vpc-peering-connection',
      '--vpc-id',
      vpcId,
      '--peer-vpc-id',
      AWS_VPCS.data.id,
    ])) as { VpcPeeringConnection: CliPeering };
    const pcxId = pcx.VpcPeeringConnection.VpcPeeringConnectionId;
    sandbox.admin.advanceClock(1000);
    await aws('data', ['accept-vpc-peering-connection', '--vpc-peering-connection-id', pcxId]);
    sandbox.admin.advanceClock(1000);
    const tableId = (await aws('data', [
      'describe-route-tables',
      '--filters',
      `Name=vpc-id,Values=${vpcId}`,
      '--query',
      'RouteTables[0].RouteTableId',
    ])) as string;
    await aws('data', [
      'create-route',
      '--route-table-id',
      tableId,
      '--destination-cidr-block',
      AWS_VPCS.data.cidrs[0],
      '--vpc-peering-connection-id',
      pcxId,
    ]);
    const peering = (await aws('data', [
      'describe-vpc-peering-connections',
      '--vpc-peering-connection-ids',
      pcxId,
      '--query',
      'VpcPeeringConnections[0].[Status.Code, RequesterVpcInfo.CidrBlockSet[].CidrBlock]',
    ])) as [string, string[]];
    assert.deepEqual(peering, ['active', ['10.80.0.0/16', '10.81.0.0/16']]);

    // With the peering live, EC2 refuses to delete the VPC; the CLI shows its error code.
    await assert.rejects(aws('data', ['delete-vpc', '--vpc-id', vpcId]), /DependencyViolation/);
    await aws('data', ['delete-vpc-peering-connection', '--vpc-peering-connection-id', pcxId]);
    assert.equal(await aws('data', ['delete-vpc', '--vpc-id', vpcId]), undefined);
    await assert.rejects(
      aws('data', ['describe-vpcs', '--vpc-ids', vpcId]),
      /InvalidVpcID\.NotFound/,
    );
    await assert.rejects(
      aws('data', ['create-vpc', '--cidr-block', '10.0.0.0/8']),
      /InvalidVpc\.Range.*The CIDR '10\.0\.0\.0\/8' is invalid/,
    );
    console.log(
      `      aws CLI invocations in this scenario: ${calls} answered, ${refused} refused`,
    );
  });
});
