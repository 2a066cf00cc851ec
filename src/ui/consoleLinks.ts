/**
 * Where each provider's web console shows a peering or a network. Pure (no
 * `vscode` import), so unit tests check every URL in plain Node.
 *
 * AWS, GCP and Azure have stable deep links. UpCloud's Hub, Aiven's console
 * and Dragonfly Cloud's console have no per-peering address, so the links
 * open the page that lists them.
 */
import type { LocatedNetwork, LocatedPeering } from '../discovery/inventory';
import type { Account } from '../model/types';

const q = encodeURIComponent;

function awsRegion(region: string | undefined): string {
  return region ?? 'us-east-1';
}

function azurePortal(account: Account, armId: string): string {
  // The tenant in the fragment makes the portal switch directory first.
  const tenant = account.tenantId ? `@${account.tenantId}` : '';
  return `https://portal.azure.com/#${tenant}/resource${armId}`;
}

export function peeringConsoleUrl(item: LocatedPeering): string {
  const p = item.peering;
  switch (p.cloud) {
    case 'aws': {
      const region = awsRegion(item.region ?? p.local.region);
      return `https://${region}.console.aws.amazon.com/vpcconsole/home?region=${q(region)}#PeeringConnectionDetails:VpcPeeringConnectionId=${q(p.id)}`;
    }
    case 'gcp':
      return `https://console.cloud.google.com/networking/peering/list?project=${q(p.local.accountId ?? item.account.ref)}`;
    case 'azure':
      return azurePortal(item.account, p.id);
    case 'upcloud':
      return 'https://hub.upcloud.com/networks';
    case 'aiven':
      return `https://console.aiven.io/project/${q(item.account.ref)}/vpcs`;
    case 'dragonfly':
      return 'https://dragonflydb.cloud/networks';
  }
}

export function networkConsoleUrl(item: LocatedNetwork): string {
  const n = item.network;
  switch (n.cloud) {
    case 'aws': {
      const region = awsRegion(n.region ?? item.region);
      return `https://${region}.console.aws.amazon.com/vpcconsole/home?region=${q(region)}#VpcDetails:VpcId=${q(n.id)}`;
    }
    case 'gcp':
      return `https://console.cloud.google.com/networking/networks/details/${q(n.name)}?project=${q(n.ownerId ?? item.account.ref)}`;
    case 'azure':
      return azurePortal(item.account, n.id);
    case 'upcloud':
      return 'https://hub.upcloud.com/networks';
    case 'aiven':
      return `https://console.aiven.io/project/${q(item.account.ref)}/vpcs`;
    case 'dragonfly':
      return 'https://dragonflydb.cloud/networks';
  }
}
