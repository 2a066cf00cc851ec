/**
 * Azure Resource Graph as the inventory engine of an Azure tenant: one KQL query returns every
 * virtual network of the tenant's subscriptions with its peerings (Resource Graph's row of a
 * virtual network carries the ARM `properties`, peerings embedded), paged with `$skipToken`.
 * Rows are mapped through the same `toNetwork`/`toPeering` as `virtualNetworks.listAll`.
 *
 * @azure/arm-resourcegraph is imported only here, when a tenant's inventory is first asked for.
 * Limits (https://learn.microsoft.com/en-us/azure/governance/resource-graph/concepts/guidance-for-throttled-requests):
 * 15 queries per 5 seconds per user, reported in `x-ms-user-quota-remaining`; a page holds at
 * most 1,000 rows; the REST API takes up to 1,000 subscriptions per request
 * (https://learn.microsoft.com/en-us/azure/governance/resource-graph/concepts/work-with-data).
 */
import type { VirtualNetwork, VirtualNetworkPeering } from '@azure/arm-network';
import type { Account } from '../../model/types';
import type { CallOptions, EngineListing, GroupInventory } from '../provider';
import { toNetwork, toPeering } from './resources';

export const RESOURCE_GRAPH_ENGINE = 'Azure Resource Graph';

/** Every virtual network with its peerings; ordered by id so pages are stable. */
export const VNET_QUERY = [
  'resources',
  "where type =~ 'microsoft.network/virtualnetworks'",
  'project id, name, type, location, subscriptionId, tags, properties',
  'order by id asc',
].join('\n| ');

/** Rows per page: Resource Graph's maximum. */
const PAGE_ROWS = 1000;
/** Subscriptions per request: Resource Graph's maximum. */
const SUBSCRIPTIONS_PER_REQUEST = 1000;

/** One query page, as @azure/arm-resourcegraph's `resources` returns it. */
export interface ResourceGraphPage {
  data: unknown;
  skipToken?: string;
  resultTruncated?: string;
}

/** Runs one page of a query; the adapter wraps it in its client, retries and error wording. */
export type ResourceGraphQuery = (
  request: {
    subscriptions: string[];
    query: string;
    options: { top: number; skipToken?: string; resultFormat: 'objectArray' };
  },
  options: CallOptions,
) => Promise<ResourceGraphPage>;

interface ResourceRow {
  id?: string;
  name?: string;
  location?: string;
  subscriptionId?: string;
  tags?: Record<string, string> | null;
  properties?: Record<string, unknown>;
}

export class ResourceGraphTruncatedError extends Error {
  constructor() {
    super('Azure Resource Graph truncated the answer and gave no page token to read the rest');
    this.name = 'ResourceGraphTruncatedError';
  }
}

export async function tenantInventory(
  accounts: readonly Account[],
  query: ResourceGraphQuery,
  options: CallOptions,
): Promise<GroupInventory> {
  const bySubscription = new Map<string, Account>();
  for (const account of accounts) bySubscription.set(account.ref.toLowerCase(), account);
  const listings = new Map<string, EngineListing>(
    accounts.map((a) => [a.id, { networks: [], peerings: [] }]),
  );
  let calls = 0;
  const subscriptions = [...bySubscription.keys()];
  for (let i = 0; i < subscriptions.length; i += SUBSCRIPTIONS_PER_REQUEST) {
    const batch = subscriptions.slice(i, i + SUBSCRIPTIONS_PER_REQUEST);
    let skipToken: string | undefined;
    do {
      const page = await query(
        {
          subscriptions: batch,
          query: VNET_QUERY,
          options: { top: PAGE_ROWS, skipToken, resultFormat: 'objectArray' },
        },
        options,
      );
      calls++;
      if (page.resultTruncated === 'true' && !page.skipToken)
        throw new ResourceGraphTruncatedError();
      for (const row of (Array.isArray(page.data) ? page.data : []) as ResourceRow[]) {
        const account = bySubscription.get((row.subscriptionId ?? '').toLowerCase());
        if (!account) continue;
        const listing = listings.get(account.id) as EngineListing;
        const vnet = toVirtualNetwork(row);
        listing.networks.push(toNetwork(account, vnet));
        const local = {
          id: vnet.id ?? '',
          location: vnet.location,
          addressPrefixes: vnet.addressSpace?.addressPrefixes,
        };
        for (const p of vnet.virtualNetworkPeerings ?? [])
          listing.peerings.push(toPeering(account, local, p));
      }
      skipToken = page.skipToken;
    } while (skipToken);
  }
  // A subscription's listing has no region: one place per account.
  const byAccount = new Map(
    [...listings].map(([id, listing]) => [id, new Map([[undefined, listing]])] as const),
  );
  return { engine: RESOURCE_GRAPH_ENGINE, byAccount, calls };
}

/**
 * A Resource Graph row as @azure/arm-network's VirtualNetwork: ARM nests the resource's
 * fields under `properties`, and the SDK model flattens them (x-ms-client-flatten), for the
 * vnet and for each embedded peering alike.
 */
function toVirtualNetwork(row: ResourceRow): VirtualNetwork {
  const props = row.properties ?? {};
  const peerings = (props.virtualNetworkPeerings ?? []) as {
    id?: string;
    name?: string;
    etag?: string;
    type?: string;
    properties?: Record<string, unknown>;
  }[];
  return {
    ...(props as VirtualNetwork),
    id: row.id,
    name: row.name,
    location: row.location,
    // Resource Graph gives untagged resources `{}`; ARM leaves the field out.
    tags: row.tags && Object.keys(row.tags).length ? row.tags : undefined,
    virtualNetworkPeerings: peerings.map((p): VirtualNetworkPeering => ({
      ...(p.properties as VirtualNetworkPeering),
      id: p.id,
      name: p.name,
      etag: p.etag,
      type: p.type,
    })),
  };
}
