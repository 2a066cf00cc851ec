/** UpCloud, without its client: see ../descriptor.ts. */
import type { CloudDescriptor } from '../descriptor';
import type { UpcloudProvider } from './index';

// The Hub has no per-peering or per-network address: the links open the list.
const HUB = 'https://hub.upcloud.com/networks';

export const upcloud: CloudDescriptor<'upcloud', UpcloudProvider> = {
  cloud: 'upcloud',
  label: 'UpCloud',
  concurrency: 4,
  peeringConsoleUrl: () => HUB,
  networkConsoleUrl: () => HUB,
  deleteEffect:
    'UpCloud deletes only disabled peerings: it is disabled first, then deleted once it reads disabled. Traffic stops.',
  terraformProviders: [{ name: 'upcloud', source: 'UpCloudLtd/upcloud', version: '>= 5.0' }],
};
