/** The Aiven API in the sandbox: its registry entry (see ../registry.ts). */
import type { SandboxCloud } from '../service';
import { AIVEN } from '../worlds/demoTopology';
import { seedAivenDemo } from './demo';
import { aivenService } from './service';
import { createAivenState, type AivenState } from './state';

export const aiven: SandboxCloud<'aiven', AivenState> = {
  cloud: 'aiven',
  service: aivenService,
  createState: createAivenState,
  // Seeded after UpCloud: an Aiven VPC's UpCloud network lives in the UpCloud part.
  seedDemo: seedAivenDemo,
  // The API base, ending before /v1.
  endpoint: { listener: 'http', path: '/aiven' },
  listing: { name: 'Aiven', suffix: '/v1/' },
  demoAccounts: (endpoint) => [
    {
      account: {
        id: 'sandbox:aiven',
        cloud: 'aiven',
        ref: AIVEN.project,
        label: `Sandbox Aiven · ${AIVEN.project}`,
        endpoint,
        sandbox: true,
      },
      secret: AIVEN.token,
    },
  ],
};
