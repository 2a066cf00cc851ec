/**
 * Where each provider's web console shows a peering or a network: each
 * cloud's descriptor knows its links (src/providers/<cloud>/descriptor.ts).
 * Pure (no `vscode` import), so unit tests check every URL in plain Node.
 *
 * AWS, GCP and Azure have stable deep links. UpCloud's Hub, Aiven's console
 * and Dragonfly Cloud's console have no per-peering address, so the links
 * open the page that lists them.
 */
import type { LocatedNetwork, LocatedPeering } from '../discovery/inventory';
import { describeCloud } from '../providers/registry';

export function peeringConsoleUrl(item: LocatedPeering): string {
  return describeCloud(item.peering.cloud).peeringConsoleUrl(item.peering, item);
}

export function networkConsoleUrl(item: LocatedNetwork): string {
  return describeCloud(item.network.cloud).networkConsoleUrl(item.network, item);
}
