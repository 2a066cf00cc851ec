/** Google Cloud, without its SDK: see ../descriptor.ts. */
import { encodeQuery as q, type CloudDescriptor } from '../descriptor';
import type { GcpProvider } from './index';

export const gcp: CloudDescriptor<'gcp', GcpProvider> = {
  cloud: 'gcp',
  label: 'Google Cloud',
  concurrency: 6,
  peeringConsoleUrl: (p, at) =>
    `https://console.cloud.google.com/networking/peering/list?project=${q(p.local.accountId ?? at.account.ref)}`,
  networkConsoleUrl: (n, at) =>
    `https://console.cloud.google.com/networking/networks/details/${q(n.name)}?project=${q(n.ownerId ?? at.account.ref)}`,
  deleteEffect:
    "Only this network's half is removed; the other network's half turns INACTIVE. Traffic stops.",
  terraformProviders: [{ name: 'google', source: 'hashicorp/google', version: '>= 5.0' }],
};

/** `projects/P/global/networks/N/peerings/NAME` → the network path and the peering name. */
export function parseGcpPeeringId(id: string): { network: string; name: string } {
  const match = /^(projects\/[^/]+\/global\/networks\/[^/]+)\/peerings\/([^/]+)$/.exec(id);
  if (!match) throw new Error(`Not a GCP peering id: "${id}"`);
  return { network: match[1], name: match[2] };
}
