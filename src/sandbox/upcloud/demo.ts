import type { World, WorldBuildContext } from '../world';
import { AIVEN, UPCLOUD } from '../worlds/demoTopology';
import {
  UPCLOUD_SHARED_OWNER,
  upcloudAddNetwork,
  upcloudAddPeering,
  upcloudAddRouter,
  type UpcloudIpNetwork,
} from './state';

function ipv4(cidr: string): UpcloudIpNetwork {
  const gateway = cidr.replace(/\.0\/\d+$/, '.1');
  return { address: cidr, dhcp: 'yes', dhcp_default_route: 'no', family: 'IPv4', gateway };
}

/**
 * UpCloud's part of the demo world (ids in worlds/demoTopology.ts):
 * - app-net, with a router, peered with the Aiven VPC's network: `active` once
 *   Aiven's demo adds its side;
 * - staging-net → partner-net (another account that has not peered back): `pending-peer`;
 * - no-router-net → staging-net, made while a router was attached and
 *   detached since: `missing-local-router`;
 * - servers app-db-1 (started) and app-batch-1 (stopped) on app-net;
 * - the zone's shared public and utility networks, as every account lists them.
 */
export function seedUpcloudDemo(world: World, ctx: WorldBuildContext): void {
  const state = world.upcloud;
  const now = ctx.clock.now();
  const user = UPCLOUD.username;
  const { app, staging, norouter, partner } = UPCLOUD.networks;
  const zone = UPCLOUD.zone;

  upcloudAddRouter(state, {
    uuid: app.router,
    name: 'app-router',
    type: 'normal',
    owner: user,
    labels: [],
  });
  upcloudAddRouter(state, {
    uuid: staging.router,
    name: 'staging-router',
    type: 'normal',
    owner: user,
    labels: [],
  });
  upcloudAddRouter(state, {
    uuid: partner.router,
    name: 'partner-router',
    type: 'normal',
    owner: partner.account,
    labels: [],
  });

  upcloudAddNetwork(state, {
    uuid: app.uuid,
    name: app.name,
    type: 'private',
    zone,
    owner: user,
    router: app.router,
    ipNetworks: [
      ipv4(app.cidr),
      { address: app.ipv6, dhcp: 'yes', dhcp_default_route: 'no', family: 'IPv6' },
    ],
    labels: [{ key: 'env', value: 'production' }],
  });
  // Servers on app-net (the Doctor's DHCP-renewal check): one started, one stopped.
  for (const [server, running] of [
    [UPCLOUD.servers.appDb, true],
    [UPCLOUD.servers.appBatch, false],
  ] as const) {
    state.servers.set(server.uuid, {
      ...server,
      zone,
      owner: user,
      state: running ? 'started' : 'stopped',
      plan: '1xCPU-2GB',
      coreNumber: 1,
      memoryAmount: 2048,
      networks: [app.uuid],
    });
  }
  upcloudAddNetwork(state, {
    uuid: staging.uuid,
    name: staging.name,
    type: 'private',
    zone,
    owner: user,
    router: staging.router,
    ipNetworks: [ipv4(staging.cidr)],
    labels: [{ key: 'env', value: 'staging' }],
  });
  upcloudAddNetwork(state, {
    uuid: norouter.uuid,
    name: norouter.name,
    type: 'private',
    zone,
    owner: user,
    ipNetworks: [ipv4(norouter.cidr)],
    labels: [],
  });
  upcloudAddNetwork(state, {
    uuid: partner.uuid,
    name: partner.name,
    type: 'private',
    zone,
    owner: partner.account,
    router: partner.router,
    ipNetworks: [ipv4(partner.cidr)],
    labels: [],
  });

  upcloudAddNetwork(state, {
    uuid: '03000000-0000-4000-8089-000000000000',
    name: 'Public 94.237.96.0/22',
    type: 'public',
    zone,
    owner: UPCLOUD_SHARED_OWNER,
    ipNetworks: [
      {
        address: '94.237.96.0/22',
        dhcp: 'yes',
        dhcp_default_route: 'yes',
        dhcp_dns: ['94.237.127.9', '94.237.40.9'],
        family: 'IPv4',
        gateway: '94.237.96.1',
      },
    ],
    labels: [],
  });
  upcloudAddNetwork(state, {
    uuid: '03000000-0000-4000-8090-000000000000',
    name: 'Private 10.3.0.0/22',
    type: 'utility',
    zone,
    owner: UPCLOUD_SHARED_OWNER,
    ipNetworks: [
      {
        address: '10.3.0.0/22',
        dhcp: 'yes',
        dhcp_default_route: 'no',
        dhcp_routes: ['10.0.0.0/8'],
        family: 'IPv4',
        gateway: '10.3.0.1',
      },
    ],
    labels: [],
  });

  upcloudAddPeering(state, {
    uuid: UPCLOUD.peerings.appToAiven,
    name: 'app-net to aiven',
    owner: user,
    configuredStatus: 'active',
    networkUuid: app.uuid,
    // Aiven's demo creates this network in Aiven's own UpCloud account, and the way back.
    peerNetworkUuid: AIVEN.vpc.upcloudNetworkUuid,
    labels: [{ key: 'managedBy', value: 'cloud-peering-demo' }],
    createdAt: now,
    establishedAt: now,
  });
  upcloudAddPeering(state, {
    uuid: UPCLOUD.peerings.stagingToPartner,
    name: 'staging to partner',
    owner: user,
    configuredStatus: 'active',
    networkUuid: staging.uuid,
    peerNetworkUuid: partner.uuid,
    labels: [],
    createdAt: now,
    establishedAt: now,
  });
  upcloudAddPeering(state, {
    uuid: UPCLOUD.peerings.noRouterToStaging,
    name: 'no-router to staging',
    owner: user,
    configuredStatus: 'active',
    networkUuid: norouter.uuid,
    peerNetworkUuid: staging.uuid,
    labels: [],
    createdAt: now,
    establishedAt: now,
  });
}
