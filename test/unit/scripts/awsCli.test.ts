/**
 * Generated AWS scripts, run by the real aws CLI (Debian's /usr/bin/aws)
 * against the sandbox, reach an active peering with its routes and rules.
 * Each side runs with its own profile: in the cross-account plan the accept,
 * routes and rules of the accepter run with the accepter's credentials.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan, renderScript } from '../../../src/plans';
import type { PlanInputs, ScenarioId } from '../../../src/plans/types';
import type { Place } from '../../../src/providers/provider';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { AWS_ACCOUNTS } from '../../../src/sandbox/worlds/demoTopology';
import { SAMPLE_INPUTS } from '../plans/samples';
import { sandboxSession, type SandboxSession } from '../plans/sandboxSession';

const AWS_CLI = '/usr/bin/aws';

describe('generated bash with the real aws CLI against the sandbox', function () {
  this.timeout(300_000);
  let sandbox: RunningSandbox;
  let session: SandboxSession;
  let home: string;

  before(async () => {
    assert.ok(
      existsSync(AWS_CLI),
      `${AWS_CLI} is missing: install Debian's awscli (apt-get install awscli)`,
    );
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 300 });
    session = sandboxSession(sandbox);
    home = mkdtempSync(join(tmpdir(), 'aws-cli-scripts-'));
    // One profile per demo account, as a user with several accounts would have.
    const credentials = Object.values(AWS_ACCOUNTS)
      .map(
        (a) =>
          `[${a.profile}]\naws_access_key_id = ${a.accessKeyId}\naws_secret_access_key = ${a.secretAccessKey}\n`,
      )
      .join('\n');
    writeFileSync(join(home, 'credentials'), credentials);
    writeFileSync(join(home, 'config'), '');
  });
  after(async () => {
    session?.dispose();
    await sandbox?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });
  beforeEach(() => sandbox.admin.reset('demo'));

  function runScript(script: string): Promise<{ code: number | null; out: string }> {
    const file = join(home, `script-${Date.now()}.sh`);
    writeFileSync(file, script);
    return new Promise((resolve) => {
      const child = spawn('/bin/bash', [file], {
        env: {
          // Debian's CLI only: a pyenv `aws` shim elsewhere on PATH is a different program.
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

  const place = (accountId: string, region: string): Place => {
    const account = session.accounts.find((a) => a.id === accountId);
    assert.ok(account);
    return { account, region };
  };

  /** The live peerings between two VPCs, and what routes and rules point at them. */
  async function stateOf(inputs: PlanInputs, requester: Place, accepter: Place) {
    const aws = await session.loadProvider('aws');
    const vpcs = [inputs.requesterVpcId, inputs.accepterVpcId] as string[];
    const peerings = (await aws.listPeerings(requester)).filter(
      (p) =>
        vpcs.includes(p.local.networkId) &&
        vpcs.includes(p.peer.networkId) &&
        !['deleted', 'failed', 'rejected'].includes(p.rawState),
    );
    const pcx = peerings[0]?.id;
    const routes = async (p: Place, table: string) =>
      (await aws.listRouteTables(p))
        .find((t) => t.id === table)
        ?.routes.filter((r) => r.target === pcx)
        .map((r) => r.destination)
        .sort();
    const rules = async (p: Place, group: string) =>
      (await aws.listFirewalls(p))
        .find((g) => g.id === group)
        ?.ingress.flatMap((r) => r.sources)
        .filter((s) => !s.startsWith('sg-'));
    return {
      peerings,
      requesterRoutes: await routes(requester, (inputs.requesterRouteTableIds as string[])[0]),
      accepterRoutes: await routes(accepter, (inputs.accepterRouteTableIds as string[])[0]),
      requesterRules: await rules(requester, (inputs.requesterSecurityGroupIds as string[])[0]),
      accepterRules: await rules(accepter, (inputs.accepterSecurityGroupIds as string[])[0]),
    };
  }

  const cases: { id: ScenarioId; requester: [string, string]; accepter: [string, string] }[] = [
    {
      id: 'aws-same-account',
      requester: ['sandbox:aws:app', 'us-east-1'],
      accepter: ['sandbox:aws:app', 'us-east-1'],
    },
    {
      id: 'aws-cross-account',
      requester: ['sandbox:aws:app', 'us-east-1'],
      accepter: ['sandbox:aws:emqx', 'us-east-1'],
    },
    {
      id: 'aws-cross-region',
      requester: ['sandbox:aws:app', 'us-east-1'],
      accepter: ['sandbox:aws:app', 'eu-west-1'],
    },
  ];

  for (const c of cases) {
    it(`${c.id}: the script reaches an active peering with routes and rules on both sides`, async () => {
      const inputs = SAMPLE_INPUTS[c.id] ?? {};
      const script = renderScript(buildPlan(c.id, inputs), 'bash');
      const run = await runScript(script);
      assert.equal(run.code, 0, run.out);
      const requester = place(...c.requester);
      const accepter = place(...c.accepter);
      const state = await stateOf(inputs, requester, accepter);
      assert.equal(state.peerings.length, 1, 'one peering');
      assert.equal(state.peerings[0].rawState, 'active');
      const requesterCidrs = (inputs.requesterCidrs as string[]).slice().sort();
      const accepterCidrs = (inputs.accepterCidrs as string[]).slice().sort();
      assert.deepEqual(state.requesterRoutes, accepterCidrs);
      assert.deepEqual(state.accepterRoutes, requesterCidrs);
      for (const cidr of accepterCidrs)
        assert.ok(state.requesterRules?.includes(cidr), `requester allows ${cidr}`);
      for (const cidr of requesterCidrs)
        assert.ok(state.accepterRules?.includes(cidr), `accepter allows ${cidr}`);
      if (c.id === 'aws-same-account') {
        assert.equal(state.peerings[0].options?.requesterDnsResolution, true);
        // Run again: every step finds its effect, so nothing is created twice.
        const again = await runScript(script);
        assert.equal(again.code, 0, again.out);
        const after = await stateOf(inputs, requester, accepter);
        assert.equal(after.peerings.length, 1);
        assert.deepEqual(after.requesterRoutes, accepterCidrs);
        assert.equal(after.accepterRules?.length, state.accepterRules?.length);
      }
    });
  }
});
