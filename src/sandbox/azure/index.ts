/** Azure Resource Manager in the sandbox: its registry entry (see ../registry.ts). */
import type { SandboxCloud } from '../service';
import { AZURE } from '../worlds/demoTopology';
import { seedAzureDemo } from './demo';
import { azureService } from './service';
import { createAzureState, type AzureState } from './state';

export const azure: SandboxCloud<'azure', AzureState> = {
  cloud: 'azure',
  service: azureService,
  createState: createAzureState,
  seedDemo: seedAzureDemo,
  // HTTPS: the Azure SDK refuses bearer tokens over http.
  endpoint: { listener: 'https', path: '' },
  listing: { name: 'Azure ARM', suffix: '   (self-signed; certificate below)' },
  demoAccounts: (endpoint) => [
    {
      account: {
        id: 'sandbox:azure:app',
        cloud: 'azure',
        ref: AZURE.subscriptionId,
        label: 'Sandbox Azure subscription',
        tenantId: AZURE.tenantId,
        endpoint,
        sandbox: true,
      },
    },
  ],
};
