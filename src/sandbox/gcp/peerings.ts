import { isPrivate, overlaps, parseCidr } from '../../model/cidr';
import {
  findNetwork,
  networkKey,
  type GcpNetwork,
  type GcpOperationError,
  type GcpPeering,
  type GcpState,
  type GcpStaticRoute,
} from './state';

/**
 * VPC Network Peering semantics. A peering is a config on one network that
 * names another. It is ACTIVE only while the peer network has a matching
 * config naming this network back, and INACTIVE otherwise (GCE: "The
 * peering is ACTIVE when there's a matching configuration in the peer
 * network"). Subnet ranges of the two networks must not overlap.
 */

export function peerOf(peering: GcpPeering): string {
  return networkKey(peering.peerProject, peering.peerNetwork);
}

function pointsAt(peering: GcpPeering, network: GcpNetwork): boolean {
  return peering.peerProject === network.project && peering.peerNetwork === network.name;
}

export function computePeeringState(
  state: GcpState,
  owner: GcpNetwork,
  peering: GcpPeering,
): GcpPeering['state'] {
  const peer = findNetwork(state, peering.peerProject, peering.peerNetwork);
  return peer?.peerings.some((back) => pointsAt(back, owner)) ? 'ACTIVE' : 'INACTIVE';
}

/**
 * Re-derives the state of every peering touching `networks` and stamps the
 * ones that changed, the way GCE's stateDetails carries the time of the
 * last transition.
 */
export function refreshPeeringStates(
  state: GcpState,
  networks: readonly GcpNetwork[],
  at: number,
): void {
  const seen = new Set<GcpNetwork>();
  const visit = (n: GcpNetwork | undefined) => {
    if (!n || seen.has(n)) return;
    seen.add(n);
    for (const p of n.peerings) {
      const next = computePeeringState(state, n, p);
      if (next !== p.state || !p.stateDetails) {
        p.state = next;
        p.stateDetails = describeState(next, at);
      }
    }
  };
  for (const n of networks) {
    visit(n);
    for (const p of n.peerings) visit(findNetwork(state, p.peerProject, p.peerNetwork));
  }
  // Networks that point at one of `networks` (their peer may just have appeared or gone).
  for (const project of state.projects.values()) {
    for (const n of project.networks.values()) {
      if (n.peerings.some((p) => networks.some((t) => pointsAt(p, t)))) visit(n);
    }
  }
}

export function describeState(stateName: GcpPeering['state'], at: number): string {
  const when = new Date(at).toISOString();
  return stateName === 'ACTIVE'
    ? `[${when}]: Connected.`
    : `[${when}]: Waiting for peer network to connect.`;
}

/** The first overlap between the two networks' subnet ranges, as GCE words it. */
export function overlapError(local: GcpNetwork, peer: GcpNetwork): GcpOperationError | undefined {
  for (const l of local.subnetworks) {
    const lc = parseCidr(l.ipCidrRange);
    for (const r of peer.subnetworks) {
      if (overlaps(lc, r.ipCidrRange)) {
        return {
          code: 'INVALID_USAGE',
          message:
            `An IP range in the peer network (${r.ipCidrRange}) overlaps with an IP range in the local network ` +
            `(${l.ipCidrRange}) allocated by resource (projects/${local.project}/regions/${l.region}/subnetworks/${l.name}).`,
          httpStatus: 400,
          httpMessage: 'BAD REQUEST',
        };
      }
    }
  }
  return undefined;
}

export interface ExchangedRoute {
  destRange: string;
  type: 'SUBNET_PEERING_ROUTE' | 'STATIC_PEERING_ROUTE';
  nextHopRegion?: string;
  priority: number;
  imported: boolean;
}

/**
 * Routes exchanged over a peering (networks.listPeeringRoutes). OUTGOING:
 * what the local network offers; INCOMING: what the peer offers. Subnet
 * routes are always exchanged (public-IP subnet ranges only when the
 * exchange flags allow); static routes only when the exporting side exports
 * custom routes, and they count as imported only when the importing side
 * imports them. An INACTIVE peering exchanges nothing.
 */
export function exchangedRoutes(
  state: GcpState,
  local: GcpNetwork,
  peering: GcpPeering,
  direction: 'INCOMING' | 'OUTGOING',
  region: string,
  staticRoutes: (network: GcpNetwork) => GcpStaticRoute[],
): ExchangedRoute[] {
  const peer = findNetwork(state, peering.peerProject, peering.peerNetwork);
  if (!peer || computePeeringState(state, local, peering) !== 'ACTIVE') return [];
  const back = peer.peerings.find((p) => pointsAt(p, local));
  if (!back) return [];
  const [exporter, exporterPeering, importerPeering] =
    direction === 'OUTGOING' ? [local, peering, back] : [peer, back, peering];
  const out: ExchangedRoute[] = [];
  for (const s of exporter.subnetworks) {
    if (s.region !== region) continue;
    const publicRange = !isPrivate(s.ipCidrRange);
    if (publicRange && !exporterPeering.exportSubnetRoutesWithPublicIp) continue;
    out.push({
      destRange: s.ipCidrRange,
      type: 'SUBNET_PEERING_ROUTE',
      nextHopRegion: s.region,
      priority: 0,
      imported: !publicRange || importerPeering.importSubnetRoutesWithPublicIp,
    });
  }
  if (exporterPeering.exportCustomRoutes) {
    for (const r of staticRoutes(exporter)) {
      out.push({
        destRange: r.destRange,
        type: 'STATIC_PEERING_ROUTE',
        priority: r.priority,
        imported: importerPeering.importCustomRoutes,
      });
    }
  }
  return out;
}
