/** The Dragonfly Cloud API in the sandbox: its registry entry (see ../registry.ts). */
import type { SandboxCloud } from '../service';
import { DRAGONFLY } from '../worlds/demoTopology';
import { seedDragonflyDemo } from './demo';
import { dragonflyService } from './service';
import { createDragonflyState, type DragonflyState } from './state';

export const dragonfly: SandboxCloud<'dragonfly', DragonflyState> = {
  cloud: 'dragonfly',
  service: dragonflyService,
  createState: createDragonflyState,
  // Seeded after AWS, GCP and Azure: its networks' VPCs live in their parts.
  seedDemo: seedDragonflyDemo,
  // The API base, ending before /v1.
  endpoint: { listener: 'http', path: '/dragonfly' },
  listing: { name: 'Dragonfly', suffix: '/v1/' },
  demoAccounts: (endpoint) => [
    {
      account: {
        id: 'sandbox:dragonfly',
        cloud: 'dragonfly',
        ref: 'sandbox',
        label: 'Sandbox Dragonfly Cloud',
        endpoint,
        sandbox: true,
      },
      secret: DRAGONFLY.apiKey,
    },
  ],
};
