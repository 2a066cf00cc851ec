import type { SandboxRequest } from '../http';
import { AwsApiError, invalidParameterValue, missingParameter } from './errors';

/**
 * The EC2 Query protocol's request side: a form-encoded body (or query
 * string) of flattened parameters, e.g. `Filter.1.Name=status-code&
 * Filter.1.Value.1=active`, and a SigV4 Authorization header whose credential
 * scope names the access key and region.
 */
export class QueryParams {
  constructor(
    private readonly values: ReadonlyMap<string, string>,
    /** Prefix of this view, for error messages about nested members. */
    private readonly path = '',
  ) {}

  /** Parameters from any number of form-encoded texts; later texts win. */
  static parse(...texts: string[]): QueryParams {
    const values = new Map<string, string>();
    for (const text of texts) {
      for (const [key, value] of new URLSearchParams(text)) values.set(key, value);
    }
    return new QueryParams(values);
  }

  names(): IterableIterator<string> {
    return this.values.keys();
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  /** A required string; EC2 answers MissingParameter naming it in lower camel case. */
  required(name: string): string {
    const value = this.values.get(name);
    if (value === undefined || value === '') throw missingParameter(wireName(this.path + name));
    return value;
  }

  bool(name: string): boolean | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw invalidParameterValue(
      `Value (${value}) for parameter ${wireName(this.path + name)} is invalid. Expected: 'true' or 'false'.`,
    );
  }

  int(name: string): number | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    if (!/^-?\d{1,10}$/.test(value)) {
      throw invalidParameterValue(
        `Value (${value}) for parameter ${wireName(this.path + name)} is invalid. Expected an integer.`,
      );
    }
    return Number(value);
  }

  /** A flattened list of strings: `Name.1`, `Name.2`, ... in index order. */
  strings(name: string): string[] {
    const prefix = name + '.';
    const found: [number, string][] = [];
    for (const [key, value] of this.values) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      if (/^\d+$/.test(rest)) found.push([Number(rest), value]);
    }
    return found.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  }

  /** A flattened list of structures: `Name.1.Key`, `Name.2.Key`, ... as one view per member. */
  structs(name: string): QueryParams[] {
    const prefix = name + '.';
    const groups = new Map<number, Map<string, string>>();
    for (const [key, value] of this.values) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const dot = rest.indexOf('.');
      if (dot <= 0) continue;
      const indexText = rest.slice(0, dot);
      if (!/^\d+$/.test(indexText)) continue;
      const index = Number(indexText);
      let group = groups.get(index);
      if (!group) groups.set(index, (group = new Map()));
      group.set(rest.slice(dot + 1), value);
    }
    return [...groups.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([index, group]) => new QueryParams(group, `${this.path}${name}.${index}.`));
  }

  /** A nested structure: `Name.Key`. */
  struct(name: string): QueryParams | undefined {
    const prefix = name + '.';
    const group = new Map<string, string>();
    for (const [key, value] of this.values) {
      if (key.startsWith(prefix)) group.set(key.slice(prefix.length), value);
    }
    return group.size ? new QueryParams(group, `${this.path}${name}.`) : undefined;
  }
}

/** `VpcPeeringConnectionId` → `vpcPeeringConnectionId`, as EC2 names parameters in messages. */
export function wireName(name: string): string {
  return name
    .split('.')
    .map((part) => (part ? part[0].toLowerCase() + part.slice(1) : part))
    .join('.');
}

export interface AwsCredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** The access key and credential scope of a SigV4 Authorization header. */
export function credentialScope(req: SandboxRequest): AwsCredentialScope | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('AWS4-HMAC-SHA256')) return undefined;
  const m = CREDENTIAL.exec(header);
  if (!m) return undefined;
  return { accessKeyId: m[1], date: m[2], region: m[3], service: m[4] };
}

/** Parsed parameters per request: claims, operation and handle all need them. */
const parsedParams = new WeakMap<SandboxRequest, QueryParams>();

export function requestParams(req: SandboxRequest): QueryParams {
  let params = parsedParams.get(req);
  if (!params) {
    // EC2 takes parameters in the query string, the form body, or both.
    const query = req.url.search.slice(1);
    params =
      req.method === 'POST'
        ? QueryParams.parse(query, req.body.toString('utf8'))
        : QueryParams.parse(query);
    parsedParams.set(req, params);
  }
  return params;
}

/** MaxResults as EC2 checks it for the paginated Describe calls (5 to 1000). */
export function maxResults(params: QueryParams): number | undefined {
  const value = params.int('MaxResults');
  if (value === undefined) return undefined;
  if (value < 5) {
    throw invalidParameterValue(
      `Value ( ${value} ) for parameter maxResults is invalid. Expecting a value greater than 5.`,
    );
  }
  if (value > 1000) {
    throw invalidParameterValue(
      `Value ( ${value} ) for parameter maxResults is invalid. Expecting a value less than or equal to 1000.`,
    );
  }
  return value;
}

/** EC2 refuses MaxResults together with an explicit id list. */
export function refuseIdsWithMaxResults(params: QueryParams, idParameter: string): void {
  if (params.has('MaxResults') && params.strings(idParameter).length > 0) {
    throw new AwsApiError(
      'InvalidParameterCombination',
      `The parameter ${wireName(idParameter)}s cannot be used with the parameter maxResults`,
    );
  }
}

/** NextToken values are opaque to clients; here they carry a kind and a position. */
export function encodeNextToken(kind: string, position: number): string {
  return Buffer.from(`${kind}:${position}`, 'utf8').toString('base64url');
}

export function decodeNextToken(kind: string, token: string | undefined): number | undefined {
  if (token === undefined) return undefined;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const [tokenKind, position] = text.split(':');
  if (tokenKind !== kind || !/^\d{1,15}$/.test(position ?? '')) {
    throw new AwsApiError(
      'InvalidPaginationToken',
      `The pagination token '${token}' is not valid for this request. Pass the NextToken of the previous page unchanged.`,
    );
  }
  return Number(position);
}

/**
 * One page of an already filtered list, for the small Describe calls (VPCs,
 * route tables, security groups). The token is the offset of the next item.
 */
export function pageOf<T>(
  items: T[],
  params: QueryParams,
  kind: string,
): { page: T[]; nextToken?: string } {
  const max = maxResults(params);
  const start = decodeNextToken(kind, params.get('NextToken')) ?? 0;
  if (max === undefined) return { page: items.slice(start) };
  const end = start + max;
  return {
    page: items.slice(start, end),
    nextToken: end < items.length ? encodeNextToken(kind, end) : undefined,
  };
}
