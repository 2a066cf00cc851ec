/**
 * Cloud Asset Inventory's `searchAllResources` (v1, REST:
 * `GET /v1/{scope=*\/*}:searchAllResources`), on the plain-HTTP listener, generated from the
 * same projects the compute v1 calls read: a network's `versionedResources[0].resource` is
 * exactly what `networks.get` returns for it, a subnetwork's what `subnetworks.list` returns.
 *
 * Shapes follow the REST reference
 * (https://cloud.google.com/asset-inventory/docs/reference/rest/v1/TopLevel/searchAllResources):
 * query parameters `assetTypes` (repeated), `pageSize` (capped at 500), `pageToken`, `readMask`
 * (a FieldMask; `versionedResources` only when it names them, or with `*`), `orderBy`; the
 * answer is `{results: ResourceSearchResult[], nextPageToken}`. The scope is
 * `projects/{id|number}`, `folders/{number}` or `organizations/{number}`, matched against each
 * project's ancestors. The free-text `query` is not supported (400 INVALID_ARGUMENT).
 *
 * Projects are assets too (`cloudresourcemanager.googleapis.com/Project`, what Add GCP
 * Organization lists): `name` `//cloudresourcemanager.googleapis.com/projects/{number}`, the
 * project id in `additionalAttributes.projectId` (the field's documented example), `state` one of
 * Resource Manager's lifecycle states (ACTIVE, DELETE_REQUESTED), the parent as
 * `parentFullResourceName` and `parentAssetType`
 * (https://cloud.google.com/asset-inventory/docs/reference/rest/v1/ResourceSearchResult).
 */
import { json, type SandboxRequest, type SandboxResponse } from '../http';
import type { CloudService, SandboxContext } from '../service';
import { renderNetwork, renderSubnetwork } from './resources';
import type { GcpNetwork, GcpProject } from './state';

const PATH = /^\/v1\/((?:projects|folders|organizations)\/[^/:]+):searchAllResources$/;
const DEFAULT_PAGE = 100;
const MAX_PAGE = 500;
const NETWORK = 'compute.googleapis.com/Network';
const SUBNETWORK = 'compute.googleapis.com/Subnetwork';
const PROJECT = 'cloudresourcemanager.googleapis.com/Project';

/** google.rpc.Status as Google's JSON front ends return it. */
function rpcError(
  code: number,
  status: string,
  message: string,
  details: unknown[] = [],
): SandboxResponse {
  return json(code, { error: { code, message, status, details } });
}

/** Cloud Asset Inventory as its own service on the HTTP listener (cloudasset.googleapis.com). */
export const gcpAssetService: CloudService = {
  cloud: 'gcp',
  claims: (req) => req.listener === 'http' && PATH.test(req.path),
  operation: () => 'assets.searchAllResources',
  region: () => undefined,
  handle: (req, ctx) => searchAllResources(req, ctx),
  throttled: () =>
    rpcError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for quota metric SearchAllResources.'),
  serverError: () => rpcError(503, 'UNAVAILABLE', 'The service is currently unavailable.'),
};

function searchAllResources(req: SandboxRequest, ctx: SandboxContext): SandboxResponse {
  const auth = req.headers.authorization;
  if (typeof auth !== 'string' || !/^Bearer\s+\S+/i.test(auth))
    return rpcError(
      401,
      'UNAUTHENTICATED',
      'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    );
  if (req.method !== 'GET')
    return rpcError(405, 'INVALID_ARGUMENT', `${req.method} is not allowed; use GET.`);
  const scope = decodeURIComponent(PATH.exec(req.path)?.[1] ?? '');
  const state = ctx.world.gcp;
  if (ctx.enginesOff.has('gcp-cloud-asset')) {
    // The API is not enabled in the consumer project: what a project without it answers.
    return rpcError(
      403,
      'PERMISSION_DENIED',
      'Cloud Asset API has not been used in project sandbox before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/cloudasset.googleapis.com/overview then retry.',
      [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'SERVICE_DISABLED',
          domain: 'googleapis.com',
          metadata: { service: 'cloudasset.googleapis.com' },
        },
      ],
    );
  }
  const params = req.url.searchParams;
  if (params.get('query'))
    return rpcError(400, 'INVALID_ARGUMENT', 'The sandbox does not evaluate search queries.');
  const assetTypes = params.getAll('assetTypes').flatMap((t) => t.split(','));
  const pageSize = Math.min(Number(params.get('pageSize') ?? 0) || DEFAULT_PAGE, MAX_PAGE);
  // FieldMask paths arrive as the caller wrote them: versionedResources or versioned_resources.
  const readMask = (params.get('readMask') ?? '')
    .split(',')
    .map((f) => f.trim().replace(/_/g, '').toLowerCase());
  const withResources = readMask.includes('versionedresources') || readMask.includes('*');

  const projects = [...state.projects.values()].filter((p) => inScope(p, scope));
  if (!projects.length && scope.startsWith('projects/'))
    return rpcError(403, 'PERMISSION_DENIED', `The caller does not have permission on ${scope}.`);
  const wanted = (type: string) => assetTypes.length === 0 || assetTypes.includes(type);
  const results: Record<string, unknown>[] = [];
  for (const project of projects.sort((a, b) => a.id.localeCompare(b.id))) {
    if (wanted(PROJECT)) results.push(projectResult(project));
    for (const network of [...project.networks.values()].sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (wanted(NETWORK)) results.push(networkResult(project, network, withResources));
      if (wanted(SUBNETWORK))
        network.subnetworks.forEach((_, index) =>
          results.push(subnetworkResult(project, network, index, withResources)),
        );
    }
  }
  const offset = readPageToken(params.get('pageToken'), scope);
  if (offset === undefined)
    return rpcError(400, 'INVALID_ARGUMENT', 'Invalid page token for this scope.');
  const page = results.slice(offset, offset + pageSize);
  const body: Record<string, unknown> = { results: page };
  if (offset + page.length < results.length)
    body.nextPageToken = Buffer.from(
      JSON.stringify({ offset: offset + page.length, scope }),
    ).toString('base64');
  return json(200, body);
}

function inScope(project: GcpProject, scope: string): boolean {
  if (scope === `projects/${project.id}` || scope === `projects/${project.number}`) return true;
  return (project.ancestors ?? []).includes(scope);
}

function common(project: GcpProject) {
  const ancestors = project.ancestors ?? [];
  return {
    project: `projects/${project.number}`,
    folders: ancestors.filter((a) => a.startsWith('folders/')),
    organization: ancestors.find((a) => a.startsWith('organizations/')) ?? '',
    parentFullResourceName: `//cloudresourcemanager.googleapis.com/projects/${project.id}`,
    parentAssetType: 'cloudresourcemanager.googleapis.com/Project',
    state: 'READY',
  };
}

function projectResult(project: GcpProject) {
  const ancestors = project.ancestors ?? [];
  const parent = ancestors[0];
  return {
    name: `//cloudresourcemanager.googleapis.com/projects/${project.number}`,
    assetType: PROJECT,
    project: `projects/${project.number}`,
    displayName: project.displayName ?? project.id,
    location: 'global',
    folders: ancestors.filter((a) => a.startsWith('folders/')),
    organization: ancestors.find((a) => a.startsWith('organizations/')) ?? '',
    additionalAttributes: { projectId: project.id },
    parentFullResourceName: parent ? `//cloudresourcemanager.googleapis.com/${parent}` : '',
    parentAssetType: parent?.startsWith('folders/')
      ? 'cloudresourcemanager.googleapis.com/Folder'
      : 'cloudresourcemanager.googleapis.com/Organization',
    state: project.lifecycleState ?? 'ACTIVE',
  };
}

function networkResult(project: GcpProject, network: GcpNetwork, withResources: boolean) {
  const out: Record<string, unknown> = {
    name: `//compute.googleapis.com/projects/${project.id}/global/networks/${network.name}`,
    assetType: NETWORK,
    displayName: network.name,
    description: network.description,
    location: 'global',
    createTime: network.creationTimestamp,
    ...common(project),
  };
  if (withResources)
    out.versionedResources = [
      {
        version: 'v1',
        resource: renderNetwork(network),
      },
    ];
  return out;
}

function subnetworkResult(
  project: GcpProject,
  network: GcpNetwork,
  index: number,
  withResources: boolean,
) {
  const s = network.subnetworks[index];
  const out: Record<string, unknown> = {
    name: `//compute.googleapis.com/projects/${project.id}/regions/${s.region}/subnetworks/${s.name}`,
    assetType: SUBNETWORK,
    displayName: s.name,
    location: s.region,
    createTime: s.creationTimestamp,
    ...common(project),
  };
  if (withResources)
    out.versionedResources = [{ version: 'v1', resource: renderSubnetwork(network, index) }];
  return out;
}

function readPageToken(token: string | null, scope: string): number | undefined {
  if (!token) return 0;
  try {
    const value = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
      offset?: unknown;
      scope?: unknown;
    };
    return typeof value.offset === 'number' && value.scope === scope ? value.offset : undefined;
  } catch {
    return undefined;
  }
}
