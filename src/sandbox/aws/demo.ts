import type { World, WorldBuildContext } from '../world';
import {
  AWS_ACCOUNTS,
  AWS_DEMO_SUBNETS,
  AWS_DOCTOR,
  AWS_PEERINGS,
  AWS_VPCS,
} from '../worlds/demoTopology';
import { createPeering, HOUR_MS } from './lifecycle';
import {
  addAwsNetworkAcl,
  addAwsRouteTable,
  addAwsSubnet,
  addAwsVpc,
  associateAwsRouteTable,
  type AwsPeering,
  type AwsState,
  type AwsVpc,
} from './state';

type DemoVpcName = keyof typeof AWS_VPCS;

/** How long the seeded peerings' brief states lasted; they are long past them. */
const DEMO_DELAY_MS = 200;

/**
 * The AWS part of the demo world (see worlds/demoTopology.ts): every VPC with
 * its main route table and default security group, and the six peerings in
 * the states the topology describes. Routes and security-group rules are in
 * place for every active peering except where the topology says one is missing.
 */
export function seedAwsDemo(world: World, ctx: WorldBuildContext): void {
  const aws = world.aws;
  const vpcs = {} as Record<DemoVpcName, AwsVpc>;
  for (const name of Object.keys(AWS_VPCS) as DemoVpcName[]) {
    const spec = AWS_VPCS[name];
    vpcs[name] = addAwsVpc(aws, {
      id: spec.id,
      accountId: AWS_ACCOUNTS[spec.account].accountId,
      region: spec.region,
      cidrs: spec.cidrs,
      ipv6Cidrs: 'ipv6' in spec ? [spec.ipv6] : [],
      name: spec.name,
      // The demo's owners resolve each other's hostnames (DNS resolution on the peerings).
      enableDnsHostnames: true,
    });
  }

  const now = ctx.clock.now();
  const buildCtx = { ...ctx, operationDelayMs: DEMO_DELAY_MS };
  const peer = (
    id: string,
    requester: DemoVpcName,
    accepter: DemoVpcName,
    name: string,
    createdAgoMs: number,
  ): AwsPeering =>
    createPeering(aws, buildCtx, {
      id,
      createdAt: now - createdAgoMs,
      requesterAccountId: vpcs[requester].accountId,
      requesterRegion: vpcs[requester].region,
      requesterVpcId: vpcs[requester].id,
      accepterAccountId: vpcs[accepter].accountId,
      accepterRegion: vpcs[accepter].region,
      accepterVpcId: vpcs[accepter].id,
      tags: new Map([['Name', name]]),
    });
  const accept = (p: AwsPeering, dnsResolution: boolean): AwsPeering => {
    p.acceptedAt = p.createdAt + 60_000;
    p.requester.options.allowDnsResolutionFromRemoteVpc = dnsResolution;
    p.accepter.options.allowDnsResolutionFromRemoteVpc = dnsResolution;
    p.accepter.tags.set('Name', p.requester.tags.get('Name') ?? p.id);
    return p;
  };
  const day = 24 * HOUR_MS;

  // app ↔ shared: active, routes and rules both ways, DNS resolution off.
  const activeDnsOff = accept(
    peer(AWS_PEERINGS.activeDnsOff, 'app', 'shared', 'app-to-shared', 30 * day),
    false,
  );
  connect(aws, activeDnsOff, vpcs.app, vpcs.shared, { routes: true, rule: true });
  connect(aws, activeDnsOff, vpcs.shared, vpcs.app, { routes: true, rule: true });

  // data → app: waiting for the app account to accept.
  peer(AWS_PEERINGS.pendingCrossAccount, 'data', 'app', 'data-to-app', 2 * HOUR_MS);

  // app (us-east-1) ↔ appEu (eu-west-1): active, but appEu has no route back.
  const crossRegion = accept(
    peer(AWS_PEERINGS.crossRegionMissingRoute, 'app', 'appEu', 'app-to-app-eu', 20 * day),
    true,
  );
  connect(aws, crossRegion, vpcs.app, vpcs.appEu, { routes: true, rule: true });
  connect(aws, crossRegion, vpcs.appEu, vpcs.app, { routes: false, rule: true });

  // app → legacy: overlapping CIDRs (10.10.0.0/16 and 10.10.0.0/20), so failed.
  // AWS keeps a failed request visible for 2 hours; this one was made a minute ago.
  const failed = peer(AWS_PEERINGS.overlapFailed, 'app', 'legacy', 'app-to-legacy', 60_000);
  if (!failed.failed) throw new Error('demo world: app and legacy VPCs must overlap');

  // shared ↔ data: active, routes both ways, no rule on data's side.
  const missingRule = accept(
    peer(AWS_PEERINGS.sharedDataMissingRule, 'shared', 'data', 'shared-to-data', 10 * day),
    true,
  );
  connect(aws, missingRule, vpcs.shared, vpcs.data, { routes: true, rule: true });
  connect(aws, missingRule, vpcs.data, vpcs.shared, { routes: true, rule: false });

  // Dragonfly Cloud's VPC → app: pending until the app account accepts.
  peer(AWS_PEERINGS.dragonflyPending, 'dragonfly', 'app', 'dragonfly-df-prod', HOUR_MS);

  seedAwsDoctorDemo(aws);
}

/**
 * What the Peering Doctor reads (issue 13), with the breakages it finds: subnets in each VPC
 * (served by the main table unless associated), app's private subnet on its own route table whose
 * route to shared still points at a peering deleted long ago (a blackhole) and that has no route
 * to app-eu, and data's database subnet behind a network ACL that lets 5432 in from shared but
 * not the return traffic out on ephemeral ports.
 */
function seedAwsDoctorDemo(aws: AwsState): void {
  for (const [name, subnets] of Object.entries(AWS_DEMO_SUBNETS)) {
    const vpc = AWS_VPCS[name as DemoVpcName];
    for (const subnet of subnets) addAwsSubnet(aws, { ...subnet, vpcId: vpc.id });
  }
  const privateTable = addAwsRouteTable(aws, {
    id: AWS_DOCTOR.appPrivateRouteTable,
    vpcId: AWS_VPCS.app.id,
    name: 'app-private-rt',
  });
  privateTable.routes.push({
    destinationCidrBlock: AWS_VPCS.shared.cidrs[0],
    vpcPeeringConnectionId: AWS_DOCTOR.deletedPeering,
    origin: 'CreateRoute',
  });
  associateAwsRouteTable(aws, privateTable.id, AWS_DOCTOR.appPrivateSubnet);
  addAwsNetworkAcl(aws, {
    id: AWS_DOCTOR.dataDbAcl,
    vpcId: AWS_VPCS.data.id,
    name: 'data-db-acl',
    subnetIds: [AWS_DOCTOR.dataDbSubnet],
    entries: [
      {
        ruleNumber: 100,
        egress: false,
        protocol: '6',
        ruleAction: 'allow',
        cidrBlock: AWS_VPCS.shared.cidrs[0],
        portRange: { from: 5432, to: 5432 },
      },
      {
        ruleNumber: 100,
        egress: true,
        protocol: '6',
        ruleAction: 'allow',
        cidrBlock: '0.0.0.0/0',
        portRange: { from: 443, to: 443 },
      },
    ],
  });
}

/**
 * `local`'s side of a working peering: routes in its main route table to each
 * of the remote VPC's IPv4 blocks, and an inbound rule in its default security
 * group for each of them.
 */
function connect(
  aws: AwsState,
  p: AwsPeering,
  local: AwsVpc,
  remote: AwsVpc,
  what: { routes: boolean; rule: boolean },
): void {
  if (what.routes) {
    const rt = aws.routeTables.get(local.mainRouteTableId);
    for (const c of remote.cidrs) {
      rt?.routes.push({
        destinationCidrBlock: c.cidr,
        vpcPeeringConnectionId: p.id,
        origin: 'CreateRoute',
      });
    }
  }
  if (what.rule) {
    const sg = aws.securityGroups.get(local.defaultSecurityGroupId);
    remote.cidrs.forEach((c, i) => {
      sg?.rules.push({
        id: `sgr-${p.id.slice(4, 16)}${local.id.slice(-4)}${i}`,
        egress: false,
        protocol: '-1',
        cidrIpv4: c.cidr,
        description: `from ${remote.tags.get('Name') ?? remote.id} over ${p.id}`,
      });
    });
  }
}
