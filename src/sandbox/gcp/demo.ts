import type { World, WorldBuildContext } from '../world';
import { GCP } from '../worlds/demoTopology';
import { refreshPeeringStates } from './peerings';
import { gatewayOf } from './resources';
import {
  addProject,
  networkLink,
  numericId,
  type GcpFirewall,
  type GcpNetwork,
  type GcpPeering,
} from './state';

/**
 * GCP's part of the demo world (ids in worlds/demoTopology.ts):
 * - sandbox-project: app-net, svc-net, legacy-net (overlaps app-net);
 *   sandbox-peer-project: peer-net.
 * - app-to-peer + peer-to-app: both sides exist, ACTIVE.
 * - app-to-svc: svc-net has no peering back, INACTIVE.
 * - app-net firewall rules: internal traffic, and SSH from IAP's range.
 */
export function seedGcpDemo(world: World, ctx: WorldBuildContext): void {
  const state = world.gcp;
  const created = ctx.clock.iso(ctx.clock.now() - 90 * 24 * 3600 * 1000);
  addProject(state, GCP.project, '100000000001').ancestors = [GCP.organization];
  addProject(state, GCP.peerProject, '100000000002').ancestors = [GCP.folder, GCP.organization];
  for (const project of state.projects.values()) project.displayName = GCP.projectNames[project.id];
  Object.assign(addProject(state, GCP.retiredProject, '100000000003'), {
    ancestors: [GCP.folder, GCP.organization],
    lifecycleState: 'DELETE_REQUESTED',
  });

  const networks = new Map<string, GcpNetwork>();
  for (const [key, spec] of Object.entries(GCP.networks)) {
    const network: GcpNetwork = {
      id: numericId(ctx.random),
      project: spec.project,
      name: spec.name,
      description: `Sandbox demo network ${spec.name}`,
      creationTimestamp: created,
      autoCreateSubnetworks: false,
      mtu: 1460,
      routingMode: 'REGIONAL',
      subnetworks: spec.subnets.map((s) => ({
        id: numericId(ctx.random),
        name: s.name,
        region: s.region,
        ipCidrRange: s.cidr,
        gatewayAddress: gatewayOf(s.cidr),
        creationTimestamp: created,
      })),
      peerings: [],
    };
    state.projects.get(spec.project)?.networks.set(spec.name, network);
    networks.set(key, network);
  }

  const peer = (name: string, to: GcpNetwork): GcpPeering => ({
    name,
    peerProject: to.project,
    peerNetwork: to.name,
    exchangeSubnetRoutes: true,
    exportCustomRoutes: false,
    importCustomRoutes: false,
    exportSubnetRoutesWithPublicIp: true,
    importSubnetRoutesWithPublicIp: false,
    stackType: 'IPV4_ONLY',
    state: 'INACTIVE',
    stateDetails: '',
  });
  const app = networks.get('app') as GcpNetwork;
  const svc = networks.get('svc') as GcpNetwork;
  const peerNet = networks.get('peer') as GcpNetwork;
  app.peerings.push(peer(GCP.peerings.activePair, peerNet), peer(GCP.peerings.oneSided, svc));
  peerNet.peerings.push(peer(GCP.peerings.activePairReverse, app));
  refreshPeeringStates(state, [...networks.values()], ctx.clock.now() - 30 * 24 * 3600 * 1000);

  const project = state.projects.get(GCP.project);
  const firewall = (fw: Omit<GcpFirewall, 'id' | 'project' | 'creationTimestamp' | 'network'>) => {
    project?.firewalls.set(fw.name, {
      ...fw,
      id: numericId(ctx.random),
      project: GCP.project,
      network: networkLink(app.project, app.name),
      creationTimestamp: created,
    });
  };
  firewall({
    name: GCP.firewalls.allowInternal,
    description: 'Allow internal traffic within app-net',
    priority: 65534,
    direction: 'INGRESS',
    sourceRanges: app.subnetworks.map((s) => s.ipCidrRange),
    destinationRanges: [],
    sourceTags: [],
    targetTags: [],
    allowed: [
      { IPProtocol: 'tcp', ports: ['0-65535'] },
      { IPProtocol: 'udp', ports: ['0-65535'] },
      { IPProtocol: 'icmp' },
    ],
    denied: [],
    disabled: false,
  });
  firewall({
    name: GCP.firewalls.allowSsh,
    description: 'Allow SSH through Identity-Aware Proxy',
    priority: 1000,
    direction: 'INGRESS',
    sourceRanges: ['35.235.240.0/20'],
    destinationRanges: [],
    sourceTags: [],
    targetTags: [],
    allowed: [{ IPProtocol: 'tcp', ports: ['22'] }],
    denied: [],
    disabled: false,
  });

  // The Doctor's breakages (issue 13): PostgreSQL from peer-net is allowed only to instances
  // tagged `db`; peer-net has no rule at all (the implied deny); and peer-net's route to an
  // on-premises range behind a VPN is not exported, so app-net never learns it.
  firewall({
    name: GCP.doctor.allowPeerPostgres,
    description: 'PostgreSQL from peer-net, database instances only',
    priority: 1000,
    direction: 'INGRESS',
    sourceRanges: GCP.networks.peer.subnets.map((s) => s.cidr),
    destinationRanges: [],
    sourceTags: [],
    targetTags: ['db'],
    allowed: [{ IPProtocol: 'tcp', ports: [String(GCP.doctor.port)] }],
    denied: [],
    disabled: false,
  });
  state.projects.get(GCP.peerProject)?.routes.set(GCP.doctor.onPremRoute, {
    id: numericId(ctx.random),
    project: GCP.peerProject,
    name: GCP.doctor.onPremRoute,
    description: 'On-premises range behind the VPN gateway',
    network: networkLink(peerNet.project, peerNet.name),
    destRange: GCP.doctor.onPremRange,
    priority: 1000,
    nextHopIp: GCP.doctor.vpnGatewayIp,
    tags: [],
    creationTimestamp: created,
  });
}
