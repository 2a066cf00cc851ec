/** GCP compute v1 in the sandbox: its registry entry (see ../registry.ts). */
import type { SandboxRequest } from '../http';
import type { CloudService, SandboxAccount, SandboxCloud } from '../service';
import { gcpAssetService } from './asset';
import { GCP } from '../worlds/demoTopology';
import { seedGcpDemo } from './demo';
import { gcpService } from './service';
import { createGcpState, type GcpState } from './state';

function demoAccount(endpoint: string, project: string): SandboxAccount {
  return {
    account: {
      id: `sandbox:gcp:${project}`,
      cloud: 'gcp',
      ref: project,
      label: project,
      endpoint,
      sandbox: true,
    },
    secret: 'sandbox-gcp-token',
  };
}

/** Compute Engine v1, and Cloud Asset Inventory beside it on the same listener. */
const serviceFor = (req: SandboxRequest): CloudService =>
  gcpAssetService.claims(req) ? gcpAssetService : gcpService;
const gcpServices: CloudService = {
  cloud: 'gcp',
  claims: (req) => gcpService.claims(req) || gcpAssetService.claims(req),
  operation: (req) => serviceFor(req).operation(req),
  region: (req) => serviceFor(req).region(req),
  handle: (req, ctx) => serviceFor(req).handle(req, ctx),
  throttled: (req, retryAfterSeconds) => serviceFor(req).throttled(req, retryAfterSeconds),
  serverError: (req) => serviceFor(req).serverError(req),
};

export const gcp: SandboxCloud<'gcp', GcpState> = {
  cloud: 'gcp',
  service: gcpServices,
  createState: createGcpState,
  seedDemo: seedGcpDemo,
  // The client's apiEndpoint (host:port, protocol http); the API sits under /compute/v1/.
  endpoint: { listener: 'http', path: '' },
  listing: { name: 'GCP compute', suffix: '/compute/v1/' },
  demoAccounts: (endpoint) => [
    demoAccount(endpoint, GCP.project),
    demoAccount(endpoint, GCP.peerProject),
  ],
};
