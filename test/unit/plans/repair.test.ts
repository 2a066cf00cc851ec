/**
 * The Peering Doctor's repair plans (src/plans/repair.ts): every fix kind as
 * steps, shellcheck-clean bash and parseable Terraform; hostile values reach
 * the CLIs as one argv element each (recording stub CLIs); and the runner
 * repairs a missing route and a missing rule in the sandbox through the real
 * AWS adapter, skipping them on a second run.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import type { FindingFix } from '../../../src/model/diagnosis';
import type { Account } from '../../../src/model/types';
import { renderScript, Runner, type RunnerEvent } from '../../../src/plans';
import { buildRepairPlan, repairChange } from '../../../src/plans/repair';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { AWS_PEERINGS, AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import { AZ, AZ_NETWORK_SHIM, azParseFailures } from '../scripts/cliHarness';
import { runWithStubs } from '../scripts/stubCli';
import { checkHcl, loadSchemas } from '../scripts/terraformSchema';
import { sandboxSession, type SandboxSession } from './sandboxSession';

const SHELLCHECK = '/usr/bin/shellcheck';

const awsAccount: Account = { id: 'aws:app', cloud: 'aws', label: 'App', ref: 'app-profile' };
const gcpAccount: Account = { id: 'gcp:p', cloud: 'gcp', label: 'Project', ref: 'my-project' };
const azureAccount: Account = {
  id: 'azure:s',
  cloud: 'azure',
  label: 'Subscription',
  ref: '00000000-0000-0000-0000-000000000001',
};

function fixes(
  values: { id: string; name: string } = { id: 'rtb-1', name: 'net-a' },
): FindingFix[] {
  return [
    {
      kind: 'add-route',
      side: 'peer',
      summary: 'Add the route back to the app VPC',
      params: {
        cloud: 'aws',
        accountId: 'aws:app',
        region: 'eu-west-1',
        routeTableId: values.id,
        destinationCidr: '10.10.0.0/16',
        peeringId: `pcx-${values.name}`,
      },
    },
    {
      kind: 'replace-route',
      side: 'local',
      summary: 'Point the blackhole route at the live peering',
      params: {
        cloud: 'aws',
        accountId: 'aws:app',
        region: 'us-east-1',
        routeTableId: values.id,
        destinationCidr: '2600:1f18:1a00::/56',
        peeringId: 'pcx-1',
      },
    },
    {
      kind: 'add-ingress-rule',
      side: 'peer',
      summary: 'Allow 6379 from the app VPC',
      params: {
        cloud: 'aws',
        accountId: 'aws:app',
        region: 'us-east-1',
        groupId: values.id,
        port: 6379,
        protocol: 'tcp',
        sourceCidr: '10.10.0.0/16',
      },
    },
    {
      kind: 'add-ingress-rule',
      side: 'local',
      summary: 'Allow 5432 in the firewall',
      params: {
        cloud: 'gcp',
        project: 'my-project',
        network: values.name,
        port: 5432,
        protocol: 'tcp',
        sourceCidr: '10.8.0.0/16',
      },
    },
    {
      kind: 'add-ingress-rule',
      side: 'peer',
      summary: 'Allow 443 in the NSG',
      params: {
        cloud: 'azure',
        subscriptionId: azureAccount.ref,
        resourceGroup: values.name,
        nsgName: values.id,
        port: 443,
        protocol: 'tcp',
        sourceCidr: '10.8.0.0/16',
        priority: 310,
      },
    },
    {
      kind: 'azure-resync-peering',
      side: 'local',
      summary: 'Sync the peering',
      params: {
        subscriptionId: azureAccount.ref,
        resourceGroup: values.name,
        vnetName: values.id,
        peeringName: 'app-to-hub',
      },
    },
    {
      kind: 'enable-vpc-dns',
      side: 'peer',
      summary: 'Turn on DNS support and hostnames',
      params: {
        cloud: 'aws',
        accountId: 'aws:app',
        region: 'us-east-1',
        vpcId: values.id,
        attributes: 'enableDnsHostnames,enableDnsSupport',
      },
    },
    {
      kind: 'add-acl-entry',
      side: 'peer',
      summary: 'Allow the return traffic out',
      params: {
        cloud: 'aws',
        accountId: 'aws:app',
        region: 'us-east-1',
        networkAclId: values.id,
        ruleNumber: 99,
        direction: 'egress',
        protocol: 'tcp',
        fromPort: 1024,
        toPort: 65535,
        cidr: '10.30.0.0/16',
      },
    },
    {
      kind: 'azure-allow-forwarded-traffic',
      side: 'peer',
      summary: 'Allow forwarded traffic',
      params: {
        subscriptionId: azureAccount.ref,
        resourceGroup: values.name,
        vnetName: values.id,
        peeringName: 'shared-to-edge',
        remoteVnetId: `/subscriptions/${azureAccount.ref}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/${values.name}`,
      },
    },
  ];
}

const accountFor = (fix: FindingFix) =>
  fix.kind === 'azure-resync-peering' ||
  fix.kind === 'azure-allow-forwarded-traffic' ||
  fix.params.cloud === 'azure'
    ? azureAccount
    : fix.params.cloud === 'gcp'
      ? gcpAccount
      : awsAccount;

describe('plans/repair', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'repair-'))));
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('turns every fix kind into steps that name the resource, with and without an account', () => {
    for (const fix of fixes()) {
      for (const account of [accountFor(fix), undefined]) {
        const plan = buildRepairPlan(fix, { account, peeringTitle: 'app ↔ eu' });
        assert.equal(plan.scenarioId, 'doctor-repair');
        assert.ok(plan.steps.length >= 1, fix.kind);
        assert.equal(plan.sides[0].manual, !account);
        for (const step of plan.steps) {
          assert.equal(step.kind, account ? 'api' : 'manual', `${fix.kind}: ${step.title}`);
          if (account)
            assert.ok(step.check, `${fix.kind}: the runner looks before it changes anything`);
          assert.match(step.reason, /(AWS|Azure|GCP) /, 'the reason cites the provider');
        }
        assert.match(plan.source, /https:\/\//);
      }
      const change = repairChange(fix);
      const named = [fix.params.routeTableId, fix.params.groupId, fix.params.network]
        .concat(fix.params.nsgName, fix.params.peeringName, fix.params.vpcId)
        .concat(fix.params.networkAclId)
        .filter((v) => v !== undefined);
      assert.ok(
        named.some((v) => change.includes(String(v))),
        `"${change}" names the resource`,
      );
    }
  });

  it('renders shellcheck-clean bash and Terraform that parses and fits the providers’ schemas', async () => {
    const schemas = loadSchemas();
    const files: string[] = [];
    for (const [i, fix] of fixes().entries()) {
      const plan = buildRepairPlan(fix, { account: accountFor(fix) });
      const file = join(dir, `repair-${i}.sh`);
      writeFileSync(file, renderScript(plan, 'bash'));
      files.push(file);
      const hcl = renderScript(plan, 'terraform');
      const parsed = (await parseHcl(`repair-${i}.tf`, hcl)) as Record<string, unknown>;
      assert.ok(parsed.variable, `${fix.kind}: Terraform variables`);
      // Against the provider's real schema (aws_network_acl_rule, aws_route, …).
      assert.deepEqual(checkHcl(parsed, schemas), [], `${fix.kind}: Terraform schema`);
      if (fix.kind === 'azure-resync-peering')
        assert.match(hcl, /#\s+azurerm_virtual_network_peering has no sync action/);
      else if (fix.kind === 'enable-vpc-dns')
        assert.match(hcl, /#\s+Terraform keeps these attributes on the aws_vpc resource/);
      else assert.ok(parsed.resource, `${fix.kind}: a Terraform resource`);
    }
    const result = spawnSync(SHELLCHECK, ['--shell=bash', ...files], { encoding: 'utf8' });
    assert.equal(result.stdout + result.stderr, '', 'shellcheck findings');
  });

  it('the forwarded-traffic fix is one az call the real azure-cli parses', async function () {
    if (!existsSync(AZ)) this.skip();
    this.timeout(300_000);
    const fix = fixes().find((f) => f.kind === 'azure-allow-forwarded-traffic');
    assert.ok(fix);
    const run = await runWithStubs(
      dir,
      renderScript(buildRepairPlan(fix, { account: azureAccount }), 'bash'),
      [],
    );
    assert.equal(run.code, 0, run.stderr);
    const calls = run.calls.filter((c) => c.program === 'az');
    assert.deepEqual(
      calls.map((c) => c.argv.slice(0, 4).concat(c.argv.slice(c.argv.indexOf('--set')))),
      [
        [
          'network',
          'vnet',
          'peering',
          'update',
          '--set',
          'allowForwardedTraffic=true',
          '--query',
          'allowForwardedTraffic',
          '-o',
          'tsv',
        ],
      ],
    );
    const parsed = await azParseFailures(
      dir,
      calls.map((c) => ({ argv: c.argv, from: ['forwarded-traffic repair'] })),
      { PYTHONPATH: AZ_NETWORK_SHIM },
    );
    assert.deepEqual(parsed, [], 'az argument errors');
    // A control: the parser does refuse a misspelled option here.
    const broken = await azParseFailures(
      dir,
      [{ argv: [...calls[0].argv, '--sett', 'x=1'], from: ['control'] }],
      { PYTHONPATH: AZ_NETWORK_SHIM },
    );
    assert.equal(broken.length, 1);
  });

  it('refuses malformed params with the field and the rule', () => {
    const [route, , rule] = fixes();
    assert.throws(
      () => buildRepairPlan({ ...route, params: { ...route.params, destinationCidr: 'x; rm' } }),
      /destinationCidr x; rm: it must be a CIDR block/,
    );
    assert.throws(
      () => buildRepairPlan({ ...rule, params: { ...rule.params, port: 70000 } }),
      /Port 70000: it must be a whole number from 1 to 65535/,
    );
    assert.throws(
      () => buildRepairPlan({ ...route, params: { ...route.params, routeTableId: '' } }),
      /has no routeTableId/,
    );
  });

  it('hostile values reach each CLI as one unchanged argument', async () => {
    const canary = join(dir, 'pwned');
    const hostile = {
      id: `rtb-1'; touch ${canary}; '$(touch ${canary})`,
      name: '--x=`id`\n"$HOME"',
    };
    const [route, , awsRule, gcpRule, azureRule, resync, dns, acl, forwarding] = fixes(hostile);
    const noRoutes = '{"RouteTables": [{"RouteTableId": "rtb-0", "Routes": []}]}\n';
    const noRules = '{"SecurityGroups": [{"GroupId": "sg-0", "IpPermissions": []}]}\n';
    const runs = [
      {
        fix: route,
        answers: [{ program: 'aws', when: ['describe-route-tables'], output: noRoutes }],
      },
      {
        fix: awsRule,
        answers: [{ program: 'aws', when: ['describe-security-groups'], output: noRules }],
      },
      { fix: gcpRule, answers: [{ program: 'gcloud', when: ['list'], output: '[]' }] },
      { fix: azureRule, answers: [{ program: 'az', when: ['list'], output: '[]' }] },
      { fix: resync, answers: [] },
      {
        fix: dns,
        answers: [{ program: 'aws', when: ['describe-vpc-attribute'], output: 'False\n' }],
      },
      {
        fix: acl,
        answers: [{ program: 'aws', when: ['describe-network-acls'], output: 'None\n' }],
      },
      { fix: forwarding, answers: [] },
    ];
    for (const { fix, answers } of runs) {
      const plan = buildRepairPlan(fix, { account: accountFor(fix) });
      const run = await runWithStubs(dir, renderScript(plan, 'bash'), answers);
      assert.equal(run.code, 0, `${fix.kind} ${String(fix.params.cloud)}: ${run.stderr}`);
      const argv = run.calls.flatMap((c) => c.argv);
      for (const value of [hostile.id, hostile.name].filter((v) =>
        Object.values(fix.params).includes(v),
      ))
        assert.ok(argv.includes(value), `${fix.kind}: ${JSON.stringify(value)} is one argument`);
    }
    // The route's create-route call carries exactly the values, in order.
    const plan = buildRepairPlan(route, { account: awsAccount });
    const run = await runWithStubs(dir, renderScript(plan, 'bash'), runs[0].answers);
    const create = run.calls.find((c) => c.argv.includes('create-route'));
    assert.deepEqual(create?.argv.slice(-6), [
      '--route-table-id',
      hostile.id,
      '--destination-cidr-block',
      '10.10.0.0/16',
      '--vpc-peering-connection-id',
      `pcx-${hostile.name}`,
    ]);
    assert.equal(spawnSync('test', ['-e', canary]).status, 1, 'nothing ran the hostile text');
  });

  describe('run against the sandbox', () => {
    let sandbox: RunningSandbox;
    let session: SandboxSession;
    before(async () => {
      sandbox = await startSandbox({ world: 'demo', operationDelayMs: 20 });
      session = sandboxSession(sandbox);
    });
    after(async () => {
      session?.dispose();
      await sandbox?.stop();
    });

    const appAccount = () => {
      const account = session.accounts.find((a) => a.cloud === 'aws' && a.ref === 'sandbox-app');
      assert.ok(account);
      return account;
    };

    async function run(fix: FindingFix, account: Account) {
      const plan = buildRepairPlan(fix, { account });
      const events: RunnerEvent[] = [];
      const result = await new Runner({
        loadProvider: session.loadProvider,
        accounts: session.accounts,
        pollIntervalMs: 20,
        onEvent: (e) => events.push(e),
      }).run(plan);
      assert.equal(result.status, 'succeeded', result.error);
      return events;
    }

    it('adds the missing route back, and skips it the second time', async () => {
      const account = appAccount();
      const aws = await session.loadProvider('aws');
      const place = { account, region: AWS_VPCS.appEu.region };
      const table = (await aws.listRouteTables(place, AWS_VPCS.appEu.id)).find(
        (t) => t.networkId === undefined || t.networkId === AWS_VPCS.appEu.id,
      );
      assert.ok(table, 'the eu VPC has a route table');
      const hasRoute = async () =>
        (await aws.listRouteTables(place, AWS_VPCS.appEu.id))
          .find((t) => t.id === table.id)
          ?.routes.some(
            (r) =>
              r.destination === '10.10.0.0/16' && r.target === AWS_PEERINGS.crossRegionMissingRoute,
          );
      assert.equal(await hasRoute(), false, 'the demo world lacks the route back');
      const fix: FindingFix = {
        kind: 'add-route',
        side: 'peer',
        summary: 'route back',
        params: {
          cloud: 'aws',
          accountId: account.id,
          region: AWS_VPCS.appEu.region,
          routeTableId: table.id,
          destinationCidr: '10.10.0.0/16',
          peeringId: AWS_PEERINGS.crossRegionMissingRoute,
        },
      };
      const first = await run(fix, account);
      assert.ok(first.some((e) => e.type === 'step-succeeded'));
      assert.equal(await hasRoute(), true);
      const second = await run(fix, account);
      assert.ok(second.some((e) => e.type === 'step-skipped' && e.why === 'exists'));
    });

    it('allows the port in the security group, once', async () => {
      const dataAccount = session.accounts.find(
        (a) => a.cloud === 'aws' && a.ref === 'sandbox-data',
      );
      assert.ok(dataAccount);
      const aws = await session.loadProvider('aws');
      const place = { account: dataAccount, region: AWS_VPCS.data.region };
      const group = (await aws.listFirewalls(place, AWS_VPCS.data.id))[0];
      assert.ok(group, 'the data VPC has a security group');
      const allows = async () =>
        (await aws.listFirewalls(place, AWS_VPCS.data.id))
          .find((g) => g.id === group.id)
          ?.ingress.some(
            (r) =>
              r.protocol === 'tcp' && r.fromPort === 6379 && r.sources.includes('10.30.0.0/16'),
          );
      assert.equal(await allows(), false);
      const fix: FindingFix = {
        kind: 'add-ingress-rule',
        side: 'peer',
        summary: 'allow 6379',
        params: {
          cloud: 'aws',
          accountId: dataAccount.id,
          region: AWS_VPCS.data.region,
          groupId: group.id,
          port: 6379,
          protocol: 'tcp',
          sourceCidr: '10.30.0.0/16',
        },
      };
      await run(fix, dataAccount);
      assert.equal(await allows(), true);
      const second = await run(fix, dataAccount);
      assert.ok(second.some((e) => e.type === 'step-skipped' && e.why === 'exists'));
    });
  });
});
