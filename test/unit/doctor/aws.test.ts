/**
 * The Doctor on AWS: each check on a demo peering (or one broken over the EC2 API) that breaks
 * it, named with its evidence; the fixes it proposes, applied through the adapter, clear it.
 * Real @aws-sdk/client-ec2 against the sandbox.
 */
import * as assert from 'node:assert/strict';
import { CreateNetworkAclEntryCommand, ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { diagnosePeering } from '../../../src/doctor/index';
import { Runner } from '../../../src/plans';
import { buildRepairPlan } from '../../../src/plans/repair';
import { providerFor } from '../../../src/providers/loader';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import {
  AWS_DEMO_SUBNETS,
  AWS_DOCTOR,
  AWS_PEERINGS,
  AWS_VPCS,
} from '../../../src/sandbox/worlds/demoTopology';
import { ec2For } from '../sandbox/aws-harness';
import { assertNone, doctorWorld, findingsOf } from './harness';

describe('doctor: AWS checks against the sandbox', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 50 });
  });
  after(async () => {
    await sandbox?.stop();
  });
  beforeEach(() => sandbox.admin.reset('demo'));

  it('finds a route to a deleted peering (blackhole) in the table that serves the private subnet', async () => {
    const world = await doctorWorld(sandbox);
    const d = await diagnosePeering(world.peering(AWS_PEERINGS.activeDnsOff), world.deps);
    const [blackhole] = findingsOf(d, 'route.blackhole');
    assert.equal(blackhole.side, 'local');
    assert.equal(blackhole.severity, 'error');
    assert.equal(blackhole.evidence[0].id, AWS_DOCTOR.appPrivateRouteTable);
    assert.match(
      blackhole.evidence[0].summary,
      new RegExp(`${AWS_DOCTOR.deletedPeering} \\(blackhole\\)`),
    );
    assert.match(blackhole.evidence[0].summary, new RegExp(AWS_DOCTOR.appPrivateSubnet));
    assert.equal(blackhole.fix?.kind, 'replace-route');
    assert.deepEqual(blackhole.fix?.params, {
      cloud: 'aws',
      accountId: 'sandbox:aws:app',
      region: 'us-east-1',
      routeTableId: AWS_DOCTOR.appPrivateRouteTable,
      destinationCidr: AWS_VPCS.shared.cidrs[0],
      peeringId: AWS_PEERINGS.activeDnsOff,
    });
    assert.match(blackhole.doc.url, /vpc-peering-routing/);
    // The main table serves the public subnet and routes correctly: no finding names it.
    assert.ok(
      !d.findings.some((f) => f.evidence.some((e) => e.id === `rtb-${AWS_VPCS.app.id.slice(4)}`)),
    );
    // DNS resolution from the remote VPC is off on both sides: info, with the option as evidence.
    const dns = findingsOf(d, 'dns.remote-resolution-off');
    assert.deepEqual(dns.map((f) => f.side).sort(), ['local', 'peer']);
    assert.ok(dns.every((f) => f.severity === 'info'));
    assert.match(dns[0].evidence[0].summary, /AllowDnsResolutionFromRemoteVpc=false/);
    const asked = await diagnosePeering(world.peering(AWS_PEERINGS.activeDnsOff), world.deps, {
      privateDns: true,
    });
    assert.ok(
      findingsOf(asked, 'dns.remote-resolution-off').every((f) => f.severity === 'warning'),
    );
  });

  it('finds missing routes for every peer CIDR (secondary included) in every serving table, on both sides', async () => {
    const world = await doctorWorld(sandbox);
    const d = await diagnosePeering(
      world.peering(AWS_PEERINGS.crossRegionMissingRoute),
      world.deps,
    );
    const missing = findingsOf(d, 'route.missing');
    const seen = missing.map((f) => [f.side, f.evidence[0].id, f.fix?.params.destinationCidr]);
    assert.deepEqual(
      seen.sort(),
      [
        ['local', AWS_DOCTOR.appPrivateRouteTable, AWS_VPCS.appEu.cidrs[0]],
        ['peer', `rtb-${AWS_VPCS.appEu.id.slice(4)}`, AWS_VPCS.app.cidrs[0]],
        ['peer', `rtb-${AWS_VPCS.appEu.id.slice(4)}`, AWS_VPCS.app.cidrs[1]],
      ].sort(),
    );
    // app's IPv6 block is not asked of app-eu, which has no IPv6 itself.
    assert.ok(!missing.some((f) => String(f.fix?.params.destinationCidr).includes(':')));
    const peerFix = missing.find((f) => f.side === 'peer')?.fix;
    assert.equal(peerFix?.kind, 'add-route');
    assert.equal(peerFix?.params.region, 'eu-west-1');
    assert.equal(peerFix?.params.peeringId, AWS_PEERINGS.crossRegionMissingRoute);
    assert.match(missing[0].evidence[0].summary, /serves subnet-/);
  });

  it('repairs routes through the fixes it proposes, then re-checks clean', async () => {
    const world = await doctorWorld(sandbox);
    const aws = providerFor('aws', await world.deps.loadProvider('aws'));
    for (const id of [AWS_PEERINGS.crossRegionMissingRoute, AWS_PEERINGS.activeDnsOff]) {
      const d = await diagnosePeering(world.peering(id), world.deps);
      const fixes = d.findings.flatMap((f) => (f.fix ? [f.fix] : []));
      assert.ok(fixes.length > 0, `fixes for ${id}`);
      for (const fix of fixes) {
        const account = world.deps.accountFor(String(fix.params.accountId));
        assert.ok(account);
        // CreateRoute, or ReplaceRoute over a blackhole (the adapter's own fallback).
        await aws.createRoute(
          { account, region: String(fix.params.region) },
          {
            routeTableId: String(fix.params.routeTableId),
            destinationCidr: String(fix.params.destinationCidr),
            peeringId: String(fix.params.peeringId),
          },
        );
      }
      const again = await diagnosePeering(world.peering(id), world.deps);
      assertNone(again, 'route.missing', 'route.blackhole', 'route.wrong-target');
    }
  });

  it('finds more specific routes that shadow a peering route, and routes that expect transitive routing', async () => {
    const world = await doctorWorld(sandbox);
    const aws = providerFor('aws', await world.deps.loadProvider('aws'));
    const app = world.deps.accountFor('sandbox:aws:app');
    assert.ok(app);
    // Part of shared's block sent through the app ↔ app-eu peering: it shadows the shared route
    // and expects app-eu to forward it, which VPC peering never does.
    await aws.createRoute(
      { account: app, region: 'us-east-1' },
      {
        routeTableId: `rtb-${AWS_VPCS.app.id.slice(4)}`,
        destinationCidr: '10.30.5.0/24',
        peeringId: AWS_PEERINGS.crossRegionMissingRoute,
      },
    );
    const shared = await diagnosePeering(world.peering(AWS_PEERINGS.activeDnsOff), world.deps);
    const [shadow] = findingsOf(shared, 'route.shadowed');
    assert.equal(shadow.evidence[0].id, `rtb-${AWS_VPCS.app.id.slice(4)}`);
    assert.match(shadow.title, /10\.30\.5\.0\/24/);
    const eu = await diagnosePeering(
      world.peering(AWS_PEERINGS.crossRegionMissingRoute),
      world.deps,
    );
    const [transitive] = findingsOf(eu, 'route.transitive');
    assert.equal(transitive.side, 'local');
    assert.match(transitive.title, /10\.30\.5\.0\/24/);
    assert.match(transitive.doc.url, /vpc-peering-limitations/);
  });

  it('checks the service port through security groups and stateless network ACLs (return traffic included)', async () => {
    const world = await doctorWorld(sandbox);
    const peering = world.peering(AWS_PEERINGS.sharedDataMissingRule);
    const d = await diagnosePeering(peering, world.deps, { port: AWS_DOCTOR.dataPort });
    assert.equal(d.port, AWS_DOCTOR.dataPort);
    const [sg] = findingsOf(d, 'rule.port-blocked');
    assert.equal(sg.side, 'peer');
    assert.equal(sg.evidence[0].kind, 'security-group');
    assert.equal(sg.evidence[0].id, `sg-${AWS_VPCS.data.id.slice(4)}`);
    assert.equal(sg.fix?.kind, 'add-ingress-rule');
    assert.deepEqual(sg.fix?.params, {
      cloud: 'aws',
      accountId: 'sandbox:aws:data',
      region: 'us-east-1',
      groupId: `sg-${AWS_VPCS.data.id.slice(4)}`,
      port: AWS_DOCTOR.dataPort,
      protocol: 'tcp',
      sourceCidr: AWS_VPCS.shared.cidrs[0],
    });
    // data-db-acl lets 5432 in from shared but not the answers out on ephemeral ports.
    const [acl] = findingsOf(d, 'acl.return-blocked');
    assert.equal(acl.evidence[0].kind, 'network-acl');
    assert.equal(acl.evidence[0].id, AWS_DOCTOR.dataDbAcl);
    assert.match(acl.title, /1024-65535/);
    assert.match(acl.detail, /#32767 deny/);
    assertNone(d, 'acl.ingress-blocked');
    // shared's side: the default group allows everything from data, the default ACL everything.
    assert.ok(
      d.findings
        .filter((f) => f.code.startsWith('acl.') || f.code.startsWith('rule.'))
        .every((f) => f.side === 'peer'),
    );

    // Naming the service side adds the client's checks: shared must let 5432 out, answers in.
    const named = await diagnosePeering(peering, world.deps, {
      port: AWS_DOCTOR.dataPort,
      serviceSide: 'peer',
    });
    assertNone(named, 'acl.egress-blocked');

    // The security-group fix, applied through the adapter, clears that finding.
    const aws = providerFor('aws', await world.deps.loadProvider('aws'));
    const params = sg.fix?.params ?? {};
    await aws.allowIngress(
      { account: world.deps.accountFor(String(params.accountId))!, region: String(params.region) },
      {
        groupId: String(params.groupId),
        protocol: String(params.protocol),
        fromPort: Number(params.port),
        toPort: Number(params.port),
        cidr: String(params.sourceCidr),
      },
    );
    const again = await diagnosePeering(peering, world.deps, { port: AWS_DOCTOR.dataPort });
    assertNone(again, 'rule.port-blocked');
    findingsOf(again, 'acl.return-blocked');
  });

  it('repairs a network ACL through CreateNetworkAclEntry below the rule that denies: fix → re-diagnose → gone', async () => {
    const world = await doctorWorld(sandbox);
    const peering = world.peering(AWS_PEERINGS.sharedDataMissingRule);
    // 6379: data-db-acl lets only 5432 in from shared, and no answers out on ephemeral ports.
    const d = await diagnosePeering(peering, world.deps, { port: 6379 });
    const [inbound] = findingsOf(d, 'acl.ingress-blocked');
    const [ret] = findingsOf(d, 'acl.return-blocked');
    // Only the `*` rule (32767) denies: the highest free whole hundred below it.
    assert.deepEqual(inbound.fix?.params, {
      cloud: 'aws',
      accountId: 'sandbox:aws:data',
      region: 'us-east-1',
      networkAclId: AWS_DOCTOR.dataDbAcl,
      ruleNumber: 32700,
      direction: 'ingress',
      protocol: 'tcp',
      fromPort: 6379,
      toPort: 6379,
      cidr: AWS_VPCS.shared.cidrs[0],
    });
    assert.equal(ret.fix?.kind, 'add-acl-entry');
    assert.equal(ret.fix?.params.direction, 'egress');
    assert.equal(ret.fix?.params.fromPort, 1024);
    assert.equal(ret.fix?.params.toPort, 65535);
    assert.match(inbound.detail, /The fix adds rule 32700/);

    // An explicit deny numbered 50 in front: the allow goes below it (no whole hundred is free).
    const data = world.deps.accountFor('sandbox:aws:data');
    assert.ok(data);
    const ec2 = ec2For(sandbox, 'data');
    await ec2.send(
      new CreateNetworkAclEntryCommand({
        NetworkAclId: AWS_DOCTOR.dataDbAcl,
        RuleNumber: 50,
        Egress: true,
        Protocol: '-1',
        RuleAction: 'deny',
        CidrBlock: AWS_VPCS.shared.cidrs[0],
      }),
    );
    ec2.destroy();
    const denied = await diagnosePeering(peering, world.deps, { port: 6379 });
    const [behindDeny] = findingsOf(denied, 'acl.return-blocked');
    assert.equal(behindDeny.fix?.params.ruleNumber, 49);
    assert.match(behindDeny.detail, /#50 deny/);

    // Every ACL fix, planned and run by the runner, then diagnosed again: no ACL finding is left.
    const runner = new Runner({
      loadProvider: world.session.loadProvider,
      accounts: world.session.accounts,
      pollIntervalMs: 20,
    });
    for (const f of denied.findings.filter((x) => x.code.startsWith('acl.'))) {
      assert.ok(f.fix, `${f.code} has a fix`);
      const result = await runner.run(buildRepairPlan(f.fix, { account: data }));
      assert.equal(result.status, 'succeeded', result.error);
    }
    const fixed = await diagnosePeering(peering, world.deps, { port: 6379 });
    assertNone(fixed, 'acl.ingress-blocked', 'acl.return-blocked', 'acl.egress-blocked');
    // A second run of the same plan changes nothing: its check finds the entry.
    const again = await runner.run(buildRepairPlan(behindDeny.fix!, { account: data }));
    assert.equal(again.status, 'succeeded', again.error);
  });

  it('reports a peering that is not active with its next step, and reads nothing for it', async () => {
    const world = await doctorWorld(sandbox);
    const pending = await diagnosePeering(
      world.peering(AWS_PEERINGS.pendingCrossAccount),
      world.deps,
    );
    const [state] = findingsOf(pending, 'state.not-active');
    assert.match(state.detail, /accepter account has to accept/);
    assert.equal(state.evidence[0].id, AWS_PEERINGS.pendingCrossAccount);
    assert.equal(pending.calls, 0);
    assert.ok(pending.skipped.some((s) => s.check === 'path'));
    const failed = await diagnosePeering(world.peering(AWS_PEERINGS.overlapFailed), world.deps);
    assert.match(findingsOf(failed, 'state.not-active')[0].detail, /overlapping CIDRs/);
    const [overlap] = findingsOf(failed, 'cidr.overlap');
    assert.match(overlap.title, /10\.10\.0\.0/);
  });

  it('reads each side with one Describe per resource kind, and one batch when both sides share a region', async () => {
    const world = await doctorWorld(sandbox);
    sandbox.admin.resetCounters();
    const same = await diagnosePeering(world.peering(AWS_PEERINGS.activeDnsOff), world.deps);
    assert.equal(same.calls, 4, 'app and shared: one account and region, one batch');
    const counted = sandbox.admin.counters();
    assert.deepEqual(
      Object.keys(counted)
        .filter((k) => counted[k] > 0)
        .sort(),
      [
        'aws.DescribeNetworkAcls',
        'aws.DescribeRouteTables',
        'aws.DescribeSecurityGroups',
        'aws.DescribeSubnets',
      ],
    );
    const cross = await diagnosePeering(
      world.peering(AWS_PEERINGS.crossRegionMissingRoute),
      world.deps,
    );
    // DNS resolution is on for this peering, so both VPCs' DNS attributes are read too:
    // DescribeVpcAttribute takes one VPC and one attribute, two calls per VPC.
    assert.equal(cross.calls, 12, 'two regions: two batches of four, and 2 × 2 DNS attributes');
    assert.ok(AWS_DEMO_SUBNETS.app.length > 0);
  });

  it('reads the VPCs’ DNS attributes only where DNS matters, and repairs one that is off', async () => {
    const world = await doctorWorld(sandbox);
    // Break it as a user would: DNS hostnames off on app-eu, whose peering resolves DNS.
    const ec2 = ec2For(sandbox, 'app', 'eu-west-1');
    await ec2.send(
      new ModifyVpcAttributeCommand({
        VpcId: AWS_VPCS.appEu.id,
        EnableDnsHostnames: { Value: false },
      }),
    );
    ec2.destroy();
    const peering = world.peering(AWS_PEERINGS.crossRegionMissingRoute);
    const d = await diagnosePeering(peering, world.deps);
    const [dns] = findingsOf(d, 'dns.vpc-attribute-off');
    assert.equal(dns.side, 'peer');
    assert.equal(dns.severity, 'warning');
    assert.deepEqual(dns.evidence[0], {
      kind: 'network',
      cloud: 'aws',
      id: AWS_VPCS.appEu.id,
      summary: 'DescribeVpcAttribute: enableDnsSupport=true, enableDnsHostnames=false',
    });
    assert.equal(
      dns.doc.url,
      'https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html#vpc-dns-support',
    );
    assert.equal(dns.fix?.kind, 'enable-vpc-dns');
    assert.equal(dns.fix?.params.attributes, 'enableDnsHostnames');
    // The peer reached by private names: the same finding is an error.
    const named = await diagnosePeering(peering, world.deps, { privateDns: true });
    assert.equal(findingsOf(named, 'dns.vpc-attribute-off')[0].severity, 'error');
    // app ↔ shared resolves no DNS across the peering: the attributes are not read.
    sandbox.admin.resetCounters();
    await diagnosePeering(world.peering(AWS_PEERINGS.activeDnsOff), world.deps);
    assert.equal(sandbox.admin.counters()['aws.DescribeVpcAttribute'] ?? 0, 0);
    // Fix → re-diagnose: the repair plan, run by the runner, turns the attribute on.
    const fix = dns.fix;
    assert.ok(fix);
    const account = world.deps.accountFor(String(fix.params.accountId));
    const result = await new Runner({
      loadProvider: world.session.loadProvider,
      accounts: world.session.accounts,
      pollIntervalMs: 20,
    }).run(buildRepairPlan(fix, { account }));
    assert.equal(result.status, 'succeeded', result.error);
    assertNone(await diagnosePeering(peering, world.deps), 'dns.vpc-attribute-off');
  });
});
