/**
 * How a GCP client talks to the sandbox (the provider does the same):
 * - per-service clients imported from their own module, not the package
 *   index (which costs ~1.35 s to load);
 * - `fallback: true` selects the REST transport, `protocol: 'http'`,
 *   `apiEndpoint: '127.0.0.1'` and `port` point it at the sandbox;
 * - `authClient` is an OAuth2Client holding a static access token, so the
 *   client never looks for ADC files or a metadata server.
 * With an OAuth2Client (as with ADC's GoogleAuth in production), HTTP errors
 * surface as GaxiosError: `status` is the HTTP status and, because the
 * transport streams the body, `message` is the JSON error body text.
 */
import { FirewallsClient } from '@google-cloud/compute/build/src/v1/firewalls_client';
import { GlobalOperationsClient } from '@google-cloud/compute/build/src/v1/global_operations_client';
import { NetworksClient } from '@google-cloud/compute/build/src/v1/networks_client';
import { RoutesClient } from '@google-cloud/compute/build/src/v1/routes_client';
import { SubnetworksClient } from '@google-cloud/compute/build/src/v1/subnetworks_client';
import { OAuth2Client } from 'google-auth-library';

export const SANDBOX_GCP_TOKEN = 'sandbox-gcp-access-token';

export function gcpClientOptions(endpoint: string) {
  const url = new URL(endpoint);
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: SANDBOX_GCP_TOKEN });
  return {
    apiEndpoint: url.hostname,
    port: Number(url.port),
    protocol: 'http',
    fallback: true as const,
    authClient,
  };
}

export function gcpClients(endpoint: string) {
  const options = gcpClientOptions(endpoint);
  return {
    networks: new NetworksClient(options),
    firewalls: new FirewallsClient(options),
    routes: new RoutesClient(options),
    subnetworks: new SubnetworksClient(options),
    operations: new GlobalOperationsClient(options),
  };
}

export type GcpClients = ReturnType<typeof gcpClients>;

export interface GcpWireError {
  status: number;
  reason: string;
  message: string;
}

/** Reads GCE's error body back out of the client's error. */
export function gcpErrorOf(error: unknown): GcpWireError {
  const e = error as { status?: number; code?: number; message?: string };
  let body: { error?: { code?: number; message?: string; errors?: { reason?: string }[] } } = {};
  try {
    body = JSON.parse(e.message ?? '{}') as typeof body;
  } catch {
    throw new Error(`not a GCE error body: ${String(e.message)}`);
  }
  return {
    status: e.status ?? body.error?.code ?? -1,
    reason: body.error?.errors?.[0]?.reason ?? '',
    message: body.error?.message ?? '',
  };
}

export async function expectGcpError(promise: Promise<unknown>): Promise<GcpWireError> {
  try {
    await promise;
  } catch (error) {
    return gcpErrorOf(error);
  }
  throw new Error('expected the call to fail');
}
