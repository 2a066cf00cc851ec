/**
 * The generated AWS bash's "look for what it would create" checks, run by the real aws CLI
 * (Debian's /usr/bin/aws) against the sandbox, with the world arranged so a weak check would be
 * fooled: a live peering requested the other way round (EC2 would refuse to accept a new one,
 * terraform-provider-aws#44315), a blackhole route left by a deleted peering, a route through
 * another live target, and a rule for the same CIDR with another port range.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan, renderScript } from '../../../src/plans';
import type { AwsProvider } from '../../../src/providers/aws/index';
import type { Place } from '../../../src/providers/provider';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import {
  AcceptVpcPeeringConnectionCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { AWS_PEERINGS, AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import { ec2For } from '../sandbox/aws-harness';
import { SAMPLE_INPUTS } from '../plans/samples';
import { sandboxSession, type SandboxSession } from '../plans/sandboxSession';
import { writeDemoAwsProfiles } from './cliHarness';

const AWS_CLI = '/usr/bin/aws';

describe('generated AWS bash: idempotency checks with the real aws CLI', function () {
  this.timeout(300_000);
  let sandbox: RunningSandbox;
  let session: SandboxSession;
  let home: string;

  before(async function () {
    if (!existsSync(AWS_CLI)) {
      console.log(`skipped: ${AWS_CLI} is missing (apt-get install awscli)`);
      this.skip();
    }
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 300 });
    session = sandboxSession(sandbox);
    home = mkdtempSync(join(tmpdir(), 'aws-cli-idem-'));
    writeDemoAwsProfiles(home);
  });
  after(async () => {
    session?.dispose();
    await sandbox?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });
  beforeEach(() => sandbox.admin.reset('demo'));

  let scripts = 0;
  function runScript(script: string): Promise<{ code: number | null; out: string }> {
    const file = join(home, `script-${++scripts}.sh`);
    writeFileSync(file, script);
    return new Promise((resolve) => {
      const child = spawn('/bin/bash', [file], {
        env: {
          PATH: '/usr/bin:/bin',
          HOME: home,
          LANG: 'C.UTF-8',
          AWS_CONFIG_FILE: join(home, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_PAGER: '',
          AWS_EC2_ENDPOINT: sandbox.endpoints.aws,
          WAIT_INTERVAL_SECONDS: '1',
          WAIT_TIMEOUT_SECONDS: '60',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => resolve({ code, out }));
    });
  }

  const place = (accountId: string, region = 'us-east-1'): Place => {
    const account = session.accounts.find((a) => a.id === accountId);
    assert.ok(account);
    return { account, region };
  };
  const aws = async () => (await session.loadProvider('aws')) as AwsProvider;

  it('stops, creating nothing, when a live peering joins the VPCs the other way round', async () => {
    const inputs = SAMPLE_INPUTS['aws-same-account'] ?? {};
    const provider = await aws();
    // legacy → shared: the reverse of the plan's shared → legacy request.
    const reverse = await provider.createPeering(place('sandbox:aws:app'), {
      vpcId: AWS_VPCS.legacy.id,
      peerVpcId: AWS_VPCS.shared.id,
    });
    sandbox.admin.advanceClock(1000);
    sandbox.admin.resetCounters();
    const run = await runScript(renderScript(buildPlan('aws-same-account', inputs), 'bash'));
    assert.equal(run.code, 1, run.out);
    assert.match(
      run.out,
      new RegExp(
        `Stopped: Peering ${reverse.id} already joins ${AWS_VPCS.legacy.id} to ${AWS_VPCS.shared.id} the other way round`,
      ),
    );
    assert.equal(sandbox.admin.counters()['aws.CreateVpcPeeringConnection'] ?? 0, 0);
  });

  // aws-same-account's sample: shared (requester, 10.30.0.0/16) → legacy (accepter, 10.10.0.0/20), tcp:5432.
  const SHARED_TABLE = 'rtb-0a1a0000000000003';
  const SHARED_GROUP = 'sg-0a1a0000000000003';
  const LEGACY_CIDR = AWS_VPCS.legacy.cidrs[0];

  /** A peering shared → legacy, accepted and active, made with the SDK before the script runs. */
  async function activePeering(ec2: EC2Client): Promise<string> {
    const out = await ec2.send(
      new CreateVpcPeeringConnectionCommand({
        VpcId: AWS_VPCS.shared.id,
        PeerVpcId: AWS_VPCS.legacy.id,
      }),
    );
    const id = out.VpcPeeringConnection?.VpcPeeringConnectionId as string;
    sandbox.admin.advanceClock(1000);
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    sandbox.admin.advanceClock(1000);
    return id;
  }

  async function routeTo(ec2: EC2Client, cidr: string) {
    const out = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [SHARED_TABLE] }));
    return out.RouteTables?.[0].Routes?.find((r) => r.DestinationCidrBlock === cidr);
  }

  /** EC2 calls the script made: one per aws CLI invocation (the CLI's retries aside). */
  function ec2Calls(): { total: number; of: (operation: string) => number } {
    const counters = sandbox.admin.counters();
    const aws = Object.entries(counters).filter(([k]) => k.startsWith('aws.'));
    return {
      total: aws.reduce((sum, [, n]) => sum + n, 0),
      of: (operation) => counters[`aws.${operation}`] ?? 0,
    };
  }

  function runSameAccount() {
    const inputs = SAMPLE_INPUTS['aws-same-account'] ?? {};
    sandbox.admin.resetCounters();
    return runScript(renderScript(buildPlan('aws-same-account', inputs), 'bash'));
  }

  it('replaces a blackhole route left by a deleted peering with a route through the new one', async () => {
    const ec2 = ec2For(sandbox, 'app');
    const old = await activePeering(ec2);
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: SHARED_TABLE,
        DestinationCidrBlock: LEGACY_CIDR,
        VpcPeeringConnectionId: old,
      }),
    );
    await ec2.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: old }));
    assert.equal((await routeTo(ec2, LEGACY_CIDR))?.State, 'blackhole');

    const run = await runSameAccount();
    assert.equal(run.code, 0, run.out);
    const pcxId = /Peering connection: (pcx-[0-9a-f]+)/.exec(run.out)?.[1];
    assert.ok(pcxId && pcxId !== old, run.out);
    const route = await routeTo(ec2, LEGACY_CIDR);
    assert.equal(route?.VpcPeeringConnectionId, pcxId);
    assert.equal(route?.State, 'active');
    const calls = ec2Calls();
    assert.equal(calls.of('ReplaceRoute'), 1, 'the blackhole is replaced');
    assert.equal(calls.of('CreateRoute'), 1, "only the accepter's route is new");
    console.log(`      aws CLI invocations (EC2 calls) in this scenario: ${calls.total}`);

    // Run again: everything is present, nothing is created or replaced.
    const again = await runSameAccount();
    assert.equal(again.code, 0, again.out);
    const second = ec2Calls();
    for (const op of [
      'CreateVpcPeeringConnection',
      'CreateRoute',
      'ReplaceRoute',
      'AuthorizeSecurityGroupIngress',
    ]) {
      assert.equal(second.of(op), 0, `${op} on the second run`);
    }
    console.log(`      aws CLI invocations (EC2 calls) on the second run: ${second.total}`);
    ec2.destroy();
  });

  it('stops, changing nothing, when the route table sends the CIDR through another live peering', async () => {
    const ec2 = ec2For(sandbox, 'app');
    // shared ↔ app is active in the demo world: point the legacy CIDR at it.
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: SHARED_TABLE,
        DestinationCidrBlock: LEGACY_CIDR,
        VpcPeeringConnectionId: AWS_PEERINGS.activeDnsOff,
      }),
    );
    const run = await runSameAccount();
    assert.equal(run.code, 1, run.out);
    assert.match(
      run.out,
      new RegExp(
        `Stopped: Route table ${SHARED_TABLE} already sends ${LEGACY_CIDR} to another target`,
      ),
    );
    assert.equal(
      (await routeTo(ec2, LEGACY_CIDR))?.VpcPeeringConnectionId,
      AWS_PEERINGS.activeDnsOff,
    );
    const calls = ec2Calls();
    assert.equal(calls.of('CreateRoute') + calls.of('ReplaceRoute'), 0);
    console.log(`      aws CLI invocations (EC2 calls) in this scenario: ${calls.total}`);
    ec2.destroy();
  });

  it('adds the rule when the group allows the CIDR on other ports and the ports to another CIDR', async () => {
    const ec2 = ec2For(sandbox, 'app');
    // Each filter of a describe-security-groups check would match one of these two rules.
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: SHARED_GROUP,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: LEGACY_CIDR }] },
          {
            IpProtocol: 'tcp',
            FromPort: 5432,
            ToPort: 5432,
            IpRanges: [{ CidrIp: '10.99.0.0/16' }],
          },
        ],
      }),
    );
    const run = await runSameAccount();
    assert.equal(run.code, 0, run.out);
    const group = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [SHARED_GROUP] }));
    const exact = group.SecurityGroups?.[0].IpPermissions?.filter(
      (p) =>
        p.IpProtocol === 'tcp' &&
        p.FromPort === 5432 &&
        p.ToPort === 5432 &&
        p.IpRanges?.some((r) => r.CidrIp === LEGACY_CIDR),
    );
    assert.equal(exact?.length, 1, 'tcp 5432 from the legacy CIDR is allowed');
    const calls = ec2Calls();
    assert.equal(calls.of('AuthorizeSecurityGroupIngress'), 2, 'one rule on each side');
    console.log(`      aws CLI invocations (EC2 calls) in this scenario: ${calls.total}`);
    ec2.destroy();
  });
});
