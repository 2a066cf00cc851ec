/**
 * GCP sandbox state: projects holding VPC networks (with their subnetworks
 * and peering configs), firewall rules, static routes and global operations.
 *
 * A network's peerings are stored as configured by its owner. Whether a
 * peering is ACTIVE is derived from both sides (see peerings.ts) and kept in
 * `state`/`stateDetails`, which the peering operations refresh when they
 * finish.
 */

/** The host GCE uses in selfLinks, whatever endpoint the client talked to. */
export const GCE_LINK_BASE = 'https://www.googleapis.com/compute/v1';

export interface GcpSubnetwork {
  id: string;
  name: string;
  region: string;
  ipCidrRange: string;
  gatewayAddress: string;
  creationTimestamp: string;
}

export type GcpPeeringState = 'ACTIVE' | 'INACTIVE';

export interface GcpPeering {
  name: string;
  peerProject: string;
  peerNetwork: string;
  exchangeSubnetRoutes: boolean;
  exportCustomRoutes: boolean;
  importCustomRoutes: boolean;
  exportSubnetRoutesWithPublicIp: boolean;
  importSubnetRoutesWithPublicIp: boolean;
  stackType: 'IPV4_ONLY' | 'IPV4_IPV6';
  state: GcpPeeringState;
  stateDetails: string;
}

export interface GcpNetwork {
  id: string;
  project: string;
  name: string;
  description: string;
  creationTimestamp: string;
  autoCreateSubnetworks: boolean;
  mtu: number;
  routingMode: 'REGIONAL' | 'GLOBAL';
  subnetworks: GcpSubnetwork[];
  peerings: GcpPeering[];
}

export interface GcpFirewallRule {
  IPProtocol: string;
  ports?: string[];
}

export interface GcpFirewall {
  id: string;
  project: string;
  name: string;
  description: string;
  network: string;
  priority: number;
  direction: 'INGRESS' | 'EGRESS';
  sourceRanges: string[];
  destinationRanges: string[];
  sourceTags: string[];
  targetTags: string[];
  allowed: GcpFirewallRule[];
  denied: GcpFirewallRule[];
  disabled: boolean;
  creationTimestamp: string;
}

export interface GcpStaticRoute {
  id: string;
  project: string;
  name: string;
  description: string;
  network: string;
  destRange: string;
  priority: number;
  nextHopGateway?: string;
  nextHopIp?: string;
  tags: string[];
  creationTimestamp: string;
}

/** The error an operation ends with, as GCE reports it inside the Operation. */
export interface GcpOperationError {
  code: string;
  message: string;
  httpStatus: number;
  httpMessage: string;
}

export interface GcpOperation {
  id: string;
  name: string;
  project: string;
  operationType: string;
  targetLink: string;
  targetId: string;
  user: string;
  clientOperationId?: string;
  /** Sandbox-clock ms. */
  insertedAt: number;
  doneAt: number;
  /** Networks (project/name keys) whose peering state this operation is changing. */
  lockedNetworks: string[];
  /** Runs once when the operation reaches DONE (at `doneAt`); returns the error it ends with, if any. */
  apply?: (at: number) => GcpOperationError | undefined;
  applied: boolean;
  error?: GcpOperationError;
}

export interface GcpProject {
  id: string;
  /** Project number, used in ids and service-account names. */
  number: string;
  /**
   * Where the project sits in the resource hierarchy, nearest first: `folders/N` …, then
   * `organizations/N`. Cloud Asset Inventory searches a folder or organisation through it.
   */
  ancestors?: string[];
  /** The project's name as people see it (Resource Manager's `displayName`); the id when absent. */
  displayName?: string;
  /** Resource Manager's lifecycle state; ACTIVE when absent. A project being deleted is DELETE_REQUESTED. */
  lifecycleState?: 'ACTIVE' | 'DELETE_REQUESTED';
  networks: Map<string, GcpNetwork>;
  firewalls: Map<string, GcpFirewall>;
  routes: Map<string, GcpStaticRoute>;
  operations: Map<string, GcpOperation>;
}

export interface GcpState {
  projects: Map<string, GcpProject>;
  /** Operations not yet applied, oldest first, so effects land in request order. */
  pending: GcpOperation[];
}

export function createGcpState(): GcpState {
  return { projects: new Map(), pending: [] };
}

export function networkKey(project: string, network: string): string {
  return `${project}/${network}`;
}

export function networkLink(project: string, network: string): string {
  return `${GCE_LINK_BASE}/projects/${project}/global/networks/${network}`;
}

export function subnetworkLink(project: string, region: string, subnetwork: string): string {
  return `${GCE_LINK_BASE}/projects/${project}/regions/${region}/subnetworks/${subnetwork}`;
}

export function findNetwork(
  state: GcpState,
  project: string,
  network: string,
): GcpNetwork | undefined {
  return state.projects.get(project)?.networks.get(network);
}

export function addProject(state: GcpState, id: string, number: string): GcpProject {
  const existing = state.projects.get(id);
  if (existing) return existing;
  const project: GcpProject = {
    id,
    number,
    networks: new Map(),
    firewalls: new Map(),
    routes: new Map(),
    operations: new Map(),
  };
  state.projects.set(id, project);
  return project;
}

/** A GCE-style numeric resource id (uint64 as a decimal string). */
export function numericId(random: { int(max: number): number }): string {
  let id = String(1 + random.int(9));
  while (id.length < 19) id += String(random.int(10));
  return id;
}

/**
 * Resolves a peer-network reference the way GCE does: a full URL (any host,
 * any compute API version), `projects/P/global/networks/N`,
 * `global/networks/N` or a bare name (both in the caller's project).
 */
export function parseNetworkRef(
  ref: string,
  defaultProject: string,
): { project: string; network: string } | undefined {
  const text = ref.trim();
  const full =
    /^(?:https?:\/\/[^/]+\/compute\/(?:v1|beta|alpha)\/)?projects\/([^/]+)\/global\/networks\/([^/?#]+)$/.exec(
      text,
    );
  if (full) return { project: full[1], network: full[2] };
  const global = /^global\/networks\/([^/?#]+)$/.exec(text);
  if (global) return { project: defaultProject, network: global[1] };
  if (/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(text))
    return { project: defaultProject, network: text };
  return undefined;
}

/** RFC 1035 names, as GCE requires for networks, peerings, firewalls and routes. */
export const RFC1035_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
