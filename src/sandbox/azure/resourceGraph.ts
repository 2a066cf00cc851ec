/**
 * Azure Resource Graph's query API (`POST /providers/Microsoft.ResourceGraph/resources`,
 * api-version 2024-04-01), generated from the same state the per-subscription ARM calls read,
 * so a Resource Graph row of a virtual network carries exactly the `properties` that
 * `virtualNetworks.listAll` returns for it (peerings embedded).
 *
 * Shapes follow the REST reference
 * (https://learn.microsoft.com/en-us/rest/api/azureresourcegraph/resourcegraph/resources/resources):
 * the body is a QueryRequest (`subscriptions`, `managementGroups`, `query`, `options` with
 * `$skipToken`/`skipToken`, `$top`/`top`, `$skip`/`skip`, `resultFormat`), the answer a
 * QueryResponse (`totalRecords`, `count`, `resultTruncated`, `$skipToken`, `data`). Rows of the
 * `resources` table have lower-cased `type` and `resourceGroup`, as the service returns them
 * (https://learn.microsoft.com/en-us/azure/governance/resource-graph/concepts/query-language).
 *
 * The sandbox runs a small subset of KQL, enough for inventory queries: the `resources` table,
 * then `where type =~ '…'` (or `==`), `project col, …` and `order by col [asc|desc]`. Anything
 * else is answered as the service answers a query it cannot parse (400 BadRequest, InvalidQuery).
 * A page holds at most 1,000 rows (`$top`), 100 by default, as the service documents
 * (https://learn.microsoft.com/en-us/azure/governance/resource-graph/concepts/work-with-data).
 */
import { bodyJson, json, type SandboxRequest, type SandboxResponse } from '../http';
import { armError } from './errors';
import { renderVnet } from './resources';
import { key, type AzureState } from './state';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

interface ParsedQuery {
  type?: { value: string; caseSensitive: boolean };
  project?: string[];
  order?: { column: string; descending: boolean };
}

/** Row columns of the `resources` table the sandbox fills. */
const COLUMNS = [
  'id',
  'name',
  'type',
  'tenantId',
  'kind',
  'location',
  'resourceGroup',
  'subscriptionId',
  'managedBy',
  'sku',
  'plan',
  'properties',
  'tags',
  'identity',
  'zones',
  'extendedLocation',
];

export function queryResources(
  req: SandboxRequest,
  state: AzureState,
  tenantId: string,
): SandboxResponse {
  const body = bodyJson(req) as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return invalidQuery('The request content was invalid: a JSON object is required.');
  if (typeof body.query !== 'string' || !body.query.trim())
    return invalidQuery("The 'query' property is required.");
  let parsed: ParsedQuery;
  try {
    parsed = parseQuery(body.query);
  } catch (error) {
    return invalidQuery((error as Error).message);
  }
  const options = (body.options ?? {}) as Record<string, unknown>;
  const skipToken = (options.$skipToken ?? options.skipToken) as string | undefined;
  const top = Number(options.$top ?? options.top ?? DEFAULT_PAGE);
  if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE)
    return invalidQuery(`The $top option must be an integer from 1 to ${MAX_PAGE}.`);
  const resultFormat = (options.resultFormat as string | undefined) ?? 'objectArray';
  if (resultFormat !== 'objectArray' && resultFormat !== 'table')
    return invalidQuery(`Unknown resultFormat '${resultFormat}'.`);

  // Scope: the subscriptions named, else every subscription of the token's tenant.
  const requested = Array.isArray(body.subscriptions)
    ? new Set((body.subscriptions as unknown[]).map((s) => key(String(s))))
    : undefined;
  const rows: Record<string, unknown>[] = [];
  for (const sub of state.subscriptions.values()) {
    if (key(sub.tenantId) !== tenantId) continue;
    if (requested && !requested.has(key(sub.subscriptionId))) continue;
    for (const rg of sub.resourceGroups.values())
      for (const vnet of rg.virtualNetworks.values()) {
        const resource = renderVnet(state, vnet);
        rows.push({
          ...resource,
          type: String(resource.type).toLowerCase(),
          tenantId: sub.tenantId,
          kind: '',
          resourceGroup: vnet.resourceGroup.toLowerCase(),
          subscriptionId: sub.subscriptionId,
          managedBy: '',
          sku: null,
          plan: null,
          tags: resource.tags ?? {},
          identity: null,
          zones: null,
          extendedLocation: null,
        });
      }
  }
  let selected = rows.filter((row) => matchesType(row, parsed.type));
  if (parsed.order) {
    const { column, descending } = parsed.order;
    selected.sort((a, b) => String(a[column]).localeCompare(String(b[column])));
    if (descending) selected.reverse();
  }
  if (parsed.project) {
    const columns = parsed.project;
    selected = selected.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null])));
  }

  let offset = Number(options.$skip ?? options.skip ?? 0);
  if (skipToken) {
    const decoded = readSkipToken(skipToken, body.query);
    if (decoded === undefined)
      return invalidQuery('The $skipToken is invalid or belongs to another query.');
    offset = decoded;
  }
  const page = selected.slice(offset, offset + top);
  const next = offset + page.length;
  const response: Record<string, unknown> = {
    totalRecords: selected.length,
    count: page.length,
    resultTruncated: 'false',
    data: resultFormat === 'table' ? toTable(page) : page,
    facets: [],
  };
  if (next < selected.length) response.$skipToken = writeSkipToken(next, body.query);
  return json(200, response);
}

/** Answered while the sandbox's Resource Graph is switched off: the caller lacks the read permission. */
export function resourceGraphUnavailable(tenantId: string): SandboxResponse {
  return armError(
    403,
    'AuthorizationFailed',
    `The client in tenant '${tenantId}' does not have authorization to perform action 'Microsoft.ResourceGraph/resources/read' over scope '/providers/Microsoft.ResourceGraph' or the scope is invalid.`,
  );
}

function matchesType(row: Record<string, unknown>, type: ParsedQuery['type']): boolean {
  if (!type) return true;
  const rowType = String(row.type);
  return type.caseSensitive ? rowType === type.value : key(rowType) === key(type.value);
}

/** resources | where type =~ '…' | project a, b | order by a asc */
function parseQuery(text: string): ParsedQuery {
  const [table, ...stages] = text.split('|').map((s) => s.trim());
  if (!/^resources$/i.test(table))
    throw new Error(
      `Table '${table}' is not served by the sandbox; it serves the 'resources' table.`,
    );
  const parsed: ParsedQuery = {};
  for (const stage of stages) {
    let m = /^where\s+type\s*(=~|==)\s*'([^']*)'$/i.exec(stage);
    if (m) {
      parsed.type = { value: m[2], caseSensitive: m[1] === '==' };
      continue;
    }
    m = /^project\s+(.+)$/i.exec(stage);
    if (m) {
      const columns = m[1].split(',').map((c) => c.trim());
      const unknown = columns.filter((c) => !COLUMNS.includes(c));
      if (unknown.length) throw new Error(`Unknown column(s) in project: ${unknown.join(', ')}.`);
      parsed.project = columns;
      continue;
    }
    m = /^(?:order|sort)\s+by\s+(\w+)(?:\s+(asc|desc))?$/i.exec(stage);
    if (m) {
      if (!COLUMNS.includes(m[1])) throw new Error(`Unknown column '${m[1]}' in order by.`);
      parsed.order = { column: m[1], descending: (m[2] ?? 'desc').toLowerCase() === 'desc' };
      continue;
    }
    throw new Error(`Query operator not supported by the sandbox: '${stage}'.`);
  }
  return parsed;
}

function toTable(rows: Record<string, unknown>[]) {
  const columns = rows.length ? Object.keys(rows[0]) : [];
  return {
    columns: columns.map((name) => ({ name, type: name === 'properties' ? 'object' : 'string' })),
    rows: rows.map((row) => columns.map((c) => row[c])),
  };
}

function writeSkipToken(offset: number, query: string): string {
  return Buffer.from(JSON.stringify({ offset, query })).toString('base64');
}

function readSkipToken(token: string, query: string): number | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
      offset?: unknown;
      query?: unknown;
    };
    return typeof value.offset === 'number' && value.query === query ? value.offset : undefined;
  } catch {
    return undefined;
  }
}

/** Resource Graph's answer to a query it cannot run: 400 BadRequest with an InvalidQuery detail. */
function invalidQuery(message: string): SandboxResponse {
  return json(400, {
    error: {
      code: 'BadRequest',
      message: 'Please provide below info when asking for support: timestamp = sandbox.',
      details: [{ code: 'InvalidQuery', message: `Query is invalid. ${message}` }],
    },
  });
}
