/** Aiven, without its client: see ../descriptor.ts. */
import { encodeQuery as q, type CloudDescriptor } from '../descriptor';
import type { Peering } from '../../model/types';
import type { AivenPeer, AivenProvider } from './index';

// The console has no per-peering address: the links open the project's VPC list.
const vpcs = (project: string) => `https://console.aiven.io/project/${q(project)}/vpcs`;

export const aiven: CloudDescriptor<'aiven', AivenProvider> = {
  cloud: 'aiven',
  label: 'Aiven',
  concurrency: 4,
  peeringConsoleUrl: (_p, at) => vpcs(at.account.ref),
  networkConsoleUrl: (_n, at) => vpcs(at.account.ref),
  deleteEffect:
    'Aiven removes the connection; services in the VPC lose their route to the peer network.',
  terraformProviders: [{ name: 'aiven', source: 'aiven/aiven', version: '>= 4.0' }],
};

/**
 * The Aiven adapter's id is `<VPC id>/<peer account>/[resource group/]<peer VPC>[/<peer region>]`;
 * which optional part is there depends on the peer's cloud.
 */
export function parseAivenPeeringId(p: Peering): { vpcId: string; peer: AivenPeer } {
  const [vpcId, peerCloudAccount, ...rest] = p.id.split('/');
  if (!vpcId || !peerCloudAccount || rest.length === 0)
    throw new Error(`Not an Aiven peering id: "${p.id}"`);
  if (rest.length >= 2 && p.peer.cloud === 'azure')
    return { vpcId, peer: { peerCloudAccount, peerResourceGroup: rest[0], peerVpc: rest[1] } };
  if (rest.length >= 2)
    return { vpcId, peer: { peerCloudAccount, peerVpc: rest[0], peerRegion: rest[1] } };
  return { vpcId, peer: { peerCloudAccount, peerVpc: rest[0] } };
}
