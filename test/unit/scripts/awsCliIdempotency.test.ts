/**
 * The generated AWS bash's "look for what it would create" checks, run by the real aws CLI
 * (Debian's /usr/bin/aws) against the sandbox, with the world arranged so a weak check would be
 * fooled: a live peering requested the other way round (EC2 would refuse to accept a new one,
 * terraform-provider-aws#44315).
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
import { AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
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
});
