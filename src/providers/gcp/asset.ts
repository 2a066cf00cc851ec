/**
 * Cloud Asset Inventory as the inventory engine of a GCP organisation or folder: one
 * `searchAllResources` over the scope for networks and subnetworks, with their full compute v1
 * resources (`readMask` versionedResources), paged 500 at a time. Each network is mapped through
 * the same `toNetwork`/`toPeering` as `networks.list` + `subnetworks.aggregatedList`.
 *
 * @google-cloud/asset is imported only here, when an organisation's inventory is first asked for,
 * and only its v1 client module (the package index loads every API version).
 * Reference: https://cloud.google.com/asset-inventory/docs/reference/rest/v1/TopLevel/searchAllResources
 * Quotas (https://cloud.google.com/asset-inventory/docs/quota): SearchAllResources 400 per minute
 * per consumer project and 1,500 per minute per organisation.
 */
import type { GcpScopeProject } from '../../model/gcpOrganization';
import type { Account } from '../../model/types';
import type { CallOptions, EngineListing, GroupInventory } from '../provider';
import {
  groupSubnets,
  parseNetwork,
  toNetwork,
  toPeering,
  type GceNetwork,
  type GceSubnetwork,
} from './resources';

export const CLOUD_ASSET_ENGINE = 'Cloud Asset Inventory';
export const NETWORK_ASSET = 'compute.googleapis.com/Network';
export const SUBNETWORK_ASSET = 'compute.googleapis.com/Subnetwork';
export const PROJECT_ASSET = 'cloudresourcemanager.googleapis.com/Project';
/** searchAllResources caps pages at 500. */
export const ASSET_PAGE_SIZE = 500;

/** The fields of a ResourceSearchResult the engine reads. */
export interface AssetResult {
  name?: string | null;
  assetType?: string | null;
  versionedResources?: { version?: string | null; resource?: unknown }[] | null;
  /** `projects/{number}` of the project the resource belongs to (a project: itself). */
  project?: string | null;
  displayName?: string | null;
  state?: string | null;
  /** A Struct; for a project it holds `projectId` (the field's documented example). */
  additionalAttributes?: unknown;
}

/** Runs one page of the search; the adapter wraps it in its client, retries and error wording. */
export type AssetSearch = (
  pageToken: string | undefined,
  options: CallOptions,
) => Promise<{ results: AssetResult[]; nextPageToken?: string }>;

const PROJECT_OF = /^\/\/compute\.googleapis\.com\/projects\/([^/]+)\//;

export async function scopeInventory(
  accounts: readonly Account[],
  search: AssetSearch,
  options: CallOptions,
): Promise<GroupInventory> {
  const byProject = new Map<string, Account>(accounts.map((a) => [a.ref, a]));
  const networks = new Map<string, GceNetwork[]>();
  const subnets = new Map<string, GceSubnetwork[]>();
  let calls = 0;
  let pageToken: string | undefined;
  do {
    const page = await search(pageToken, options);
    calls++;
    for (const result of page.results) {
      const project = PROJECT_OF.exec(result.name ?? '')?.[1];
      if (!project || !byProject.has(project)) continue;
      const resource = structToJson(result.versionedResources?.[0]?.resource);
      if (!resource || typeof resource !== 'object') continue;
      const into = result.assetType === NETWORK_ASSET ? networks : subnets;
      if (result.assetType !== NETWORK_ASSET && result.assetType !== SUBNETWORK_ASSET) continue;
      let list = into.get(project);
      if (!list) into.set(project, (list = []));
      list.push(resource as GceNetwork & GceSubnetwork);
    }
    pageToken = page.nextPageToken || undefined;
  } while (pageToken);

  const byAccount = new Map<string, Map<string | undefined, EngineListing>>();
  for (const account of accounts) {
    const bySubnet = groupSubnets(subnets.get(account.ref) ?? []);
    const gce = networks.get(account.ref) ?? [];
    // GCP networks are global: one place per project, without a region.
    const listing: EngineListing = {
      networks: gce.map((n) => toNetwork(account, n, bySubnet)),
      peerings: gce.flatMap((n) => {
        const local = parseNetwork(n.selfLink ?? '', account.ref) ?? {
          project: account.ref,
          network: n.name ?? '',
        };
        return (n.peerings ?? []).map((p) => toPeering(account, local, p));
      }),
    };
    byAccount.set(account.id, new Map([[undefined, listing]]));
  }
  return { engine: CLOUD_ASSET_ENGINE, byAccount, calls };
}

/**
 * The projects among a search's results that are in use. A project's `state` is Resource
 * Manager's lifecycle state (ACTIVE, DELETE_REQUESTED, DELETE_IN_PROGRESS); one being deleted is
 * left out. Its id comes from `additionalAttributes.projectId`, its number from `project`.
 * Reference: https://cloud.google.com/asset-inventory/docs/reference/rest/v1/ResourceSearchResult
 */
export function scopeProjects(results: readonly AssetResult[]): GcpScopeProject[] {
  const projects: GcpScopeProject[] = [];
  for (const result of results) {
    if (result.assetType !== PROJECT_ASSET) continue;
    if (result.state && result.state !== 'ACTIVE') continue;
    const attributes = structToJson(result.additionalAttributes) as
      { projectId?: unknown } | null | undefined;
    const projectId = typeof attributes?.projectId === 'string' ? attributes.projectId : '';
    const projectNumber = /^projects\/(\d+)$/.exec(result.project ?? '')?.[1] ?? '';
    if (!projectId) continue;
    projects.push({ projectId, projectNumber, displayName: result.displayName || projectId });
  }
  return projects.sort((a, b) => a.projectId.localeCompare(b.projectId));
}

/**
 * A google.protobuf.Struct as plain JSON. Over REST the client hands it back as a message
 * (`{fields: {name: {stringValue}}}`); a plain object passes through.
 */
export function structToJson(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if ('fields' in v && v.fields && typeof v.fields === 'object' && !Array.isArray(v.fields)) {
    return Object.fromEntries(
      Object.entries(v.fields as Record<string, unknown>).map(([k, f]) => [k, valueToJson(f)]),
    );
  }
  return value;
}

function valueToJson(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  // protobufjs names the set member of the oneof in `kind`; the others may be present as null.
  const kind = typeof v.kind === 'string' && v.kind in v ? v.kind : undefined;
  if (kind === 'structValue' || (!kind && 'structValue' in v)) return structToJson(v.structValue);
  if (kind === 'listValue' || (!kind && 'listValue' in v)) {
    const list = v.listValue as { values?: unknown[] } | null;
    return (list?.values ?? []).map(valueToJson);
  }
  if (kind === 'nullValue') return null;
  if (kind) return v[kind];
  if ('stringValue' in v) return v.stringValue;
  if ('numberValue' in v) return v.numberValue;
  if ('boolValue' in v) return v.boolValue;
  if ('nullValue' in v) return null;
  return value;
}
