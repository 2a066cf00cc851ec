import { parseCidr } from '../../model/cidr';
import {
  GCE_LINK_BASE,
  findNetwork,
  networkLink,
  subnetworkLink,
  type GcpFirewall,
  type GcpNetwork,
  type GcpPeering,
  type GcpProject,
  type GcpStaticRoute,
  type GcpState,
} from './state';
import { computePeeringState } from './peerings';

/** Wire renderings of the GCP resources, field names as in the compute v1 discovery schemas. */

export function renderNetwork(network: GcpNetwork): Record<string, unknown> {
  const link = networkLink(network.project, network.name);
  return {
    kind: 'compute#network',
    id: network.id,
    creationTimestamp: network.creationTimestamp,
    name: network.name,
    description: network.description,
    selfLink: link,
    selfLinkWithId: `${GCE_LINK_BASE}/projects/${network.project}/global/networks/${network.id}`,
    autoCreateSubnetworks: network.autoCreateSubnetworks,
    subnetworks: network.subnetworks.map((s) => subnetworkLink(network.project, s.region, s.name)),
    peerings: network.peerings.map(renderPeering),
    routingConfig: { routingMode: network.routingMode },
    mtu: network.mtu,
    networkFirewallPolicyEnforcementOrder: 'AFTER_CLASSIC_FIREWALL',
  };
}

export function renderPeering(peering: GcpPeering): Record<string, unknown> {
  return {
    name: peering.name,
    network: networkLink(peering.peerProject, peering.peerNetwork),
    state: peering.state,
    stateDetails: peering.stateDetails,
    autoCreateRoutes: peering.exchangeSubnetRoutes,
    exchangeSubnetRoutes: peering.exchangeSubnetRoutes,
    exportCustomRoutes: peering.exportCustomRoutes,
    importCustomRoutes: peering.importCustomRoutes,
    exportSubnetRoutesWithPublicIp: peering.exportSubnetRoutesWithPublicIp,
    importSubnetRoutesWithPublicIp: peering.importSubnetRoutesWithPublicIp,
    stackType: peering.stackType,
    peerMtu: 1460,
  };
}

/** compute#subnetwork (not in the networking discovery subset; fields as in the public API). */
export function renderSubnetwork(network: GcpNetwork, index: number): Record<string, unknown> {
  const s = network.subnetworks[index];
  return {
    kind: 'compute#subnetwork',
    id: s.id,
    creationTimestamp: s.creationTimestamp,
    name: s.name,
    network: networkLink(network.project, network.name),
    ipCidrRange: s.ipCidrRange,
    gatewayAddress: s.gatewayAddress,
    region: `${GCE_LINK_BASE}/projects/${network.project}/regions/${s.region}`,
    selfLink: subnetworkLink(network.project, s.region, s.name),
    privateIpGoogleAccess: false,
    purpose: 'PRIVATE',
    stackType: 'IPV4_ONLY',
    fingerprint: Buffer.from(s.id).toString('base64').slice(0, 12),
  };
}

export function renderFirewall(fw: GcpFirewall): Record<string, unknown> {
  const out: Record<string, unknown> = {
    kind: 'compute#firewall',
    id: fw.id,
    creationTimestamp: fw.creationTimestamp,
    name: fw.name,
    description: fw.description,
    network: fw.network,
    priority: fw.priority,
    direction: fw.direction,
    disabled: fw.disabled,
    logConfig: { enable: false },
    selfLink: `${GCE_LINK_BASE}/projects/${fw.project}/global/firewalls/${fw.name}`,
  };
  if (fw.allowed.length) out.allowed = fw.allowed.map((r) => ({ ...r }));
  if (fw.denied.length) out.denied = fw.denied.map((r) => ({ ...r }));
  if (fw.sourceRanges.length) out.sourceRanges = [...fw.sourceRanges];
  if (fw.destinationRanges.length) out.destinationRanges = [...fw.destinationRanges];
  if (fw.sourceTags.length) out.sourceTags = [...fw.sourceTags];
  if (fw.targetTags.length) out.targetTags = [...fw.targetTags];
  return out;
}

/**
 * routes.list as GCE shows it: per network a default route to the internet
 * gateway, one SUBNET route per subnetwork, one route per subnet range
 * imported over each ACTIVE peering (nextHopPeering), plus the project's
 * static routes. Generated routes get stable names and ids derived from
 * what they describe.
 */
export function projectRoutes(state: GcpState, project: GcpProject): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const network of project.networks.values()) {
    const netLink = networkLink(network.project, network.name);
    const base = (name: string, destRange: string) => ({
      kind: 'compute#route',
      id: stableNumericId(`${netLink}|${name}`),
      creationTimestamp: network.creationTimestamp,
      name,
      network: netLink,
      destRange,
      selfLink: `${GCE_LINK_BASE}/projects/${project.id}/global/routes/${name}`,
    });
    out.push({
      ...base(`default-route-${stableHex(`${netLink}|0.0.0.0/0`)}`, '0.0.0.0/0'),
      description: 'Default route to the Internet.',
      priority: 1000,
      nextHopGateway: `${GCE_LINK_BASE}/projects/${project.id}/global/gateways/default-internet-gateway`,
      routeType: 'STATIC',
      routeStatus: 'ACTIVE',
    });
    for (const s of network.subnetworks) {
      out.push({
        ...base(`default-route-${stableHex(`${netLink}|${s.ipCidrRange}`)}`, s.ipCidrRange),
        description: `Default local route to the subnetwork ${s.ipCidrRange}.`,
        priority: 0,
        nextHopNetwork: netLink,
        routeType: 'SUBNET',
        routeStatus: 'ACTIVE',
      });
    }
    for (const p of network.peerings) {
      if (computePeeringState(state, network, p) !== 'ACTIVE') continue;
      const peer = findNetwork(state, p.peerProject, p.peerNetwork);
      for (const s of peer?.subnetworks ?? []) {
        out.push({
          ...base(
            `peering-route-${stableHex(`${netLink}|${p.name}|${s.ipCidrRange}`)}`,
            s.ipCidrRange,
          ),
          description: `Auto generated route via peering [${p.name}].`,
          priority: 0,
          nextHopPeering: p.name,
          routeType: 'SUBNET',
          routeStatus: 'ACTIVE',
        });
      }
    }
  }
  for (const r of project.routes.values()) out.push(renderStaticRoute(r));
  return out.sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

export function renderStaticRoute(r: GcpStaticRoute): Record<string, unknown> {
  const out: Record<string, unknown> = {
    kind: 'compute#route',
    id: r.id,
    creationTimestamp: r.creationTimestamp,
    name: r.name,
    description: r.description,
    network: r.network,
    destRange: r.destRange,
    priority: r.priority,
    routeType: 'STATIC',
    routeStatus: 'ACTIVE',
    selfLink: `${GCE_LINK_BASE}/projects/${r.project}/global/routes/${r.name}`,
  };
  if (r.nextHopGateway) out.nextHopGateway = r.nextHopGateway;
  if (r.nextHopIp) out.nextHopIp = r.nextHopIp;
  if (r.tags.length) out.tags = [...r.tags];
  return out;
}

/** The first usable address of a range: GCE's subnet gateway. */
export function gatewayOf(cidr: string): string {
  const c = parseCidr(cidr);
  if (c.family !== 'ipv4') return '';
  const n = Number(c.start) + 1;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** FNV-1a, 64-bit, as hex: stable names for generated routes. */
function stableHex(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const ch of Buffer.from(text, 'utf8')) {
    h ^= BigInt(ch);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

function stableNumericId(text: string): string {
  return BigInt(`0x${stableHex(text)}`)
    .toString()
    .padStart(19, '1')
    .slice(0, 19);
}
