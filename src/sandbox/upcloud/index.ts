/** The UpCloud API in the sandbox: its registry entry (see ../registry.ts). */
import type { SandboxCloud } from '../service';
import { UPCLOUD } from '../worlds/demoTopology';
import { seedUpcloudDemo } from './demo';
import { upcloudService } from './service';
import { createUpcloudState, type UpcloudState } from './state';

export const upcloud: SandboxCloud<'upcloud', UpcloudState> = {
  cloud: 'upcloud',
  service: upcloudService,
  createState: createUpcloudState,
  seedDemo: seedUpcloudDemo,
  // The API base, ending before /1.3.
  endpoint: { listener: 'http', path: '/upcloud' },
  listing: { name: 'UpCloud', suffix: '/1.3/' },
  demoAccounts: (endpoint) => [
    {
      account: {
        id: 'sandbox:upcloud',
        cloud: 'upcloud',
        ref: UPCLOUD.username,
        label: 'Sandbox UpCloud',
        endpoint,
        sandbox: true,
      },
      secret: JSON.stringify({ username: UPCLOUD.username, password: UPCLOUD.password }),
    },
  ],
};
