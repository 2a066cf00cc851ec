/**
 * The GCE clients one account uses. Each service's client is imported from
 * its own module: the package index loads every compute client (~1.35 s),
 * these five cost a fraction of that. The bundle carries only the protos these
 * clients' services reach: scripts/gcp-protos.mjs reads the imports below and
 * trims the package's protos.json at build time.
 */
import { FirewallsClient } from '@google-cloud/compute/build/src/v1/firewalls_client';
import { GlobalOperationsClient } from '@google-cloud/compute/build/src/v1/global_operations_client';
import { NetworksClient } from '@google-cloud/compute/build/src/v1/networks_client';
import { RoutesClient } from '@google-cloud/compute/build/src/v1/routes_client';
import { SubnetworksClient } from '@google-cloud/compute/build/src/v1/subnetworks_client';
import { GoogleAuth, OAuth2Client } from 'google-auth-library';
import { UserFacingError } from '../../model/errors';
import type { Account } from '../../model/types';

const COMPUTE_SCOPE = 'https://www.googleapis.com/auth/compute';

type ClientOptions = ConstructorParameters<typeof NetworksClient>[0];

/** Built on first use, so a listing that never touches firewalls never constructs that client. */
export class GcpClients {
  private networksClient?: NetworksClient;
  private firewallsClient?: FirewallsClient;
  private routesClient?: RoutesClient;
  private subnetworksClient?: SubnetworksClient;
  private operationsClient?: GlobalOperationsClient;

  constructor(private readonly options: ClientOptions) {}

  get networks(): NetworksClient {
    return (this.networksClient ??= new NetworksClient(this.options));
  }
  get firewalls(): FirewallsClient {
    return (this.firewallsClient ??= new FirewallsClient(this.options));
  }
  get routes(): RoutesClient {
    return (this.routesClient ??= new RoutesClient(this.options));
  }
  get subnetworks(): SubnetworksClient {
    return (this.subnetworksClient ??= new SubnetworksClient(this.options));
  }
  get operations(): GlobalOperationsClient {
    return (this.operationsClient ??= new GlobalOperationsClient(this.options));
  }

  close(): void {
    for (const c of [
      this.networksClient,
      this.firewallsClient,
      this.routesClient,
      this.subnetworksClient,
      this.operationsClient,
    ]) {
      c?.close().catch(() => undefined);
    }
  }
}

/**
 * Client options for an account:
 * - a stored token (sandbox accounts, or a token the user pasted) is used as
 *   a static OAuth access token, so nothing looks for ADC files or a
 *   metadata server;
 * - otherwise Application Default Credentials through google-auth-library.
 * An endpoint override (`http://127.0.0.1:PORT`) points the REST transport
 * at that host and port.
 */
export function gcpClientOptions(
  account: Account,
  token: string | undefined,
  scope = COMPUTE_SCOPE,
): ClientOptions {
  const options: ClientOptions = { fallback: true };
  if (token) {
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: token });
    options.authClient = authClient;
  } else {
    options.auth = new GoogleAuth({ scopes: [scope] });
  }
  if (account.endpoint) {
    let url: URL;
    try {
      url = new URL(account.endpoint);
    } catch {
      throw new UserFacingError(
        `GCP project "${account.ref}": the endpoint override "${account.endpoint}" is not a URL.`,
        { account: account.id, field: 'endpoint', fix: 'Use a URL such as http://127.0.0.1:4567.' },
      );
    }
    const protocol = url.protocol.replace(/:$/, '');
    options.apiEndpoint = url.hostname;
    options.port = Number(url.port || (protocol === 'https' ? 443 : 80));
    options.protocol = protocol;
  }
  return options;
}
