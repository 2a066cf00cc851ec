/** GCP compute v1 in the sandbox: its registry entry (see ../registry.ts). */
import type { SandboxAccount, SandboxCloud } from '../service';
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

export const gcp: SandboxCloud<'gcp', GcpState> = {
  cloud: 'gcp',
  service: gcpService,
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
