/** Dragonfly Cloud, without its client: see ../descriptor.ts. */
import type { CloudDescriptor } from '../descriptor';
import type { DragonflyProvider } from './index';

// The console has no per-connection address: the links open the network list.
const NETWORKS = 'https://dragonflydb.cloud/networks';

export const dragonfly: CloudDescriptor<'dragonfly', DragonflyProvider> = {
  cloud: 'dragonfly',
  label: 'Dragonfly Cloud',
  concurrency: 4,
  peeringConsoleUrl: () => NETWORKS,
  networkConsoleUrl: () => NETWORKS,
  deleteEffect:
    'Dragonfly Cloud removes the connection; data stores lose their private route to your network.',
  terraformProviders: [{ name: 'dfcloud', source: 'dragonflydb/dfcloud', version: '>= 0.1' }],
};
