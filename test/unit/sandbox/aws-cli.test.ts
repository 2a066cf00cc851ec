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
          reject(new Error(`aws ${args.join(' ')} failed: ${stderr || error.message}`));
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
});
