/**
 * Generated AWS scripts, run by the real aws CLI (Debian's /usr/bin/aws)
 * against the sandbox, reach an active peering with its routes and rules.
 * Each side runs with its own profile: in the cross-account plan the accept,
 * routes and rules of the accepter run with the accepter's credentials.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan, renderScript } from '../../../src/plans';
import type { PlanInputs, ScenarioId } from '../../../src/model/plan';
import type { AwsProvider } from '../../../src/providers/aws/index';
import type { Place } from '../../../src/providers/provider';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { AWS_VPCS, DRAGONFLY } from '../../../src/sandbox/worlds/demoTopology';
import { modeContext, SAMPLE_INPUTS } from '../plans/samples';
import { sandboxSession, type SandboxSession } from '../plans/sandboxSession';
import { dragonflyConnections, runBash, writeDemoAwsProfiles, type CliRun } from './cliHarness';

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
    writeDemoAwsProfiles(home);
  });
  after(async () => {
    session?.dispose();
    await sandbox?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });
  beforeEach(() => sandbox.admin.reset('demo'));

  function runScript(
    script: string,
    extra: Record<string, string> = {},
    onLine?: (line: string) => void,
  ): Promise<CliRun> {
    return runBash(
      home,
      script,
      {
        HOME: home,
        AWS_CONFIG_FILE: join(home, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PAGER: '',
        AWS_EC2_ENDPOINT: sandbox.endpoints.aws,
        WAIT_INTERVAL_SECONDS: '1',
        WAIT_TIMEOUT_SECONDS: '60',
        ...extra,
      },
      { onLine },
    );
  }

  const place = (accountId: string, region: string): Place => {
    const account = session.accounts.find((a) => a.id === accountId);
    assert.ok(account);
    return { account, region };
  };

  /** The live peerings between two VPCs, and what routes and rules point at them. */
  async function stateOf(
    inputs: PlanInputs,
    requester: Place,
    accepter: Place,
    [req, acc]: [string, string] = ['requester', 'accepter'],
  ) {
    const aws = await session.loadProvider('aws');
    const vpcs = [inputs[`${req}VpcId`], inputs[`${acc}VpcId`]] as string[];
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
      requesterRoutes: await routes(requester, (inputs[`${req}RouteTableIds`] as string[])[0]),
      accepterRoutes: await routes(
        accepter,
        (inputs[`${acc}RouteTableIds`] as string[] | undefined)?.[0] ?? '',
      ),
      requesterRules: await rules(requester, (inputs[`${req}SecurityGroupIds`] as string[])[0]),
      accepterRules: await rules(
        accepter,
        (inputs[`${acc}SecurityGroupIds`] as string[] | undefined)?.[0] ?? '',
      ),
    };
  }

  const cases: {
    id: ScenarioId;
    requester: [string, string];
    accepter: [string, string];
    sides?: [string, string];
  }[] = [
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
    {
      id: 'emqx-byoc-aws',
      requester: ['sandbox:aws:app', 'us-east-1'],
      accepter: ['sandbox:aws:app', 'us-east-1'],
      sides: ['byoc', 'service'],
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
      const [req, acc] = c.sides ?? ['requester', 'accepter'];
      const state = await stateOf(inputs, requester, accepter, [req, acc]);
      assert.equal(state.peerings.length, 1, 'one peering');
      assert.equal(state.peerings[0].rawState, 'active');
      const requesterCidrs = (inputs[`${req}Cidrs`] as string[]).slice().sort();
      const accepterCidrs = (inputs[`${acc}Cidrs`] as string[]).slice().sort();
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

  /** The customer's side of a service scenario: one active peering with the service VPC, its route and rule. */
  async function customerSide(serviceCidr: string) {
    const aws = await session.loadProvider('aws');
    const customer = place('sandbox:aws:app', 'us-east-1');
    const vpc = AWS_VPCS.shared.id;
    const peerings = (await aws.listPeerings(customer)).filter(
      (p) =>
        [p.local.networkId, p.peer.networkId].includes(vpc) &&
        [...(p.peer.cidrs ?? []), ...(p.local.cidrs ?? [])].includes(serviceCidr) &&
        !['deleted', 'failed', 'rejected'].includes(p.rawState),
    );
    const pcx = peerings[0]?.id;
    const routes = (await aws.listRouteTables(customer))
      .find((t) => t.id === vpc.replace('vpc-', 'rtb-'))
      ?.routes.filter((r) => r.target === pcx)
      .map((r) => r.destination);
    const rules = (await aws.listFirewalls(customer))
      .find((g) => g.id === vpc.replace('vpc-', 'sg-'))
      ?.ingress.flatMap((r) => r.sources);
    return { peerings, routes, rules };
  }

  it('dragonfly-aws: the script (Dragonfly Cloud API by curl) reaches an active peering, route, rule and connection', async () => {
    const inputs = SAMPLE_INPUTS['dragonfly-aws'] ?? {};
    const script = renderScript(
      buildPlan('dragonfly-aws', inputs, modeContext('dragonfly-aws', 'api')),
      'bash',
    );
    const run = await runScript(script, {
      DFCLOUD_API: sandbox.endpoints.dragonfly,
      DFCLOUD_API_KEY: DRAGONFLY.apiKey,
    });
    assert.equal(run.code, 0, run.out);
    const cidr = inputs.dragonflyCidr as string;
    const state = await customerSide(cidr);
    assert.equal(state.peerings.length, 1, 'one peering');
    assert.equal(state.peerings[0].rawState, 'active');
    assert.deepEqual(state.routes, [cidr]);
    assert.ok(state.rules?.includes(cidr), `the security group allows ${cidr}`);
    const connections = await dragonflyConnections(sandbox.endpoints.dragonfly, DRAGONFLY.apiKey);
    assert.ok(
      connections.some(
        (c) => c.connection_config.peer.vpc_id === inputs.customerVpcId && c.status === 'active',
      ),
      JSON.stringify(connections),
    );
  });

  it('emqx-cloud-aws: the script waits while EMQX accepts (as its console does), then routes and rules', async () => {
    const inputs = SAMPLE_INPUTS['emqx-cloud-aws'] ?? {};
    const script = renderScript(
      buildPlan('emqx-cloud-aws', inputs, modeContext('emqx-cloud-aws', 'api')),
      'bash',
    );
    const aws = (await session.loadProvider('aws')) as AwsProvider;
    let accepted: Promise<unknown> | undefined;
    let peeringId = '';
    const run = await runScript(script, {}, (line) => {
      const id = /Peering ID: (pcx-\w+)/.exec(line)?.[1];
      if (id) peeringId = id;
      // EMQX Cloud accepts in its own account once the user confirms the dialog.
      if (line.includes('Waiting for EMQX Cloud to accept') && !accepted)
        accepted = aws.acceptPeering(place('sandbox:aws:emqx', 'us-east-1'), peeringId);
    });
    await accepted;
    assert.ok(peeringId, 'the script printed the peering id for the EMQX console');
    assert.equal(run.code, 0, run.out);
    const cidr = inputs.emqxCidr as string;
    const state = await customerSide(cidr);
    assert.equal(state.peerings.length, 1, 'one peering');
    assert.equal(state.peerings[0].id, peeringId);
    assert.equal(state.peerings[0].rawState, 'active');
    assert.deepEqual(state.routes, [cidr]);
    assert.ok(state.rules?.includes(cidr), `the security group allows ${cidr}`);
  });
});
