/**
 * Sandbox access tokens for the Azure listener.
 *
 * ARM reads the tenant of a request from its bearer token. The sandbox does
 * the same, without signatures: a token is either
 *   - JWT-shaped: `base64url(header).base64url(payload).signature`, where the
 *     payload carries a `tid` claim (the tenant id), as Entra ID tokens do.
 *     The signature part may be empty. `sandboxAzureToken()` makes one; or
 *   - the plain text `sandbox-tenant:<tenantId>`.
 * Anything a TokenCredential returns in `token` works, so a client's
 * credential can be `{ getToken: async () => ({ token, expiresOnTimestamp }) }`.
 *
 * A cross-tenant request (a peering to a network in another tenant's
 * subscription) carries tokens for the other tenants in
 * `x-ms-authorization-auxiliary: Bearer <token>[, Bearer <token>]`, as ARM
 * expects.
 */

const PLAIN_PREFIX = 'sandbox-tenant:';

/** A JWT-shaped, unsigned sandbox token for `tenantId`. */
export function sandboxAzureToken(
  tenantId: string,
  objectId = '00000000-0000-4000-8000-00000000a11c',
): string {
  const header = { alg: 'none', typ: 'JWT' };
  const payload = {
    aud: 'https://management.azure.com/',
    iss: `https://sts.windows.net/${tenantId}/`,
    tid: tenantId,
    oid: objectId,
    exp: 4102444800, // 2100-01-01: sandbox tokens do not expire
  };
  const encode = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
  return `${encode(header)}.${encode(payload)}.`;
}

/** The tenant a sandbox token belongs to, or undefined for a token the sandbox cannot read. */
export function tenantOfToken(token: string): string | undefined {
  if (token.startsWith(PLAIN_PREFIX)) return token.slice(PLAIN_PREFIX.length).trim() || undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as {
      tid?: unknown;
    };
    return typeof payload.tid === 'string' && payload.tid ? payload.tid : undefined;
  } catch {
    return undefined;
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return m?.[1];
}

/** Tenants of the tokens in `x-ms-authorization-auxiliary` (unreadable tokens are skipped). */
export function auxiliaryTenants(header: string | string[] | undefined): string[] {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  const out: string[] = [];
  for (const part of value.split(',')) {
    const token = bearerToken(part.trim());
    const tenant = token ? tenantOfToken(token) : undefined;
    if (tenant) out.push(tenant.toLowerCase());
  }
  return out;
}
