/** Azure, without its SDK: see ../descriptor.ts. */
import type { Account } from '../../model/types';
import type { CloudDescriptor } from '../descriptor';
import type { AzureProvider } from './index';

function portal(account: Account, armId: string): string {
  // The tenant in the fragment makes the portal switch directory first.
  const tenant = account.tenantId ? `@${account.tenantId}` : '';
  return `https://portal.azure.com/#${tenant}/resource${armId}`;
}

export const azure: CloudDescriptor<'azure', AzureProvider> = {
  cloud: 'azure',
  label: 'Azure',
  concurrency: 6,
  peeringConsoleUrl: (p, at) => portal(at.account, p.id),
  networkConsoleUrl: (n, at) => portal(at.account, n.id),
  deleteEffect:
    'This side of the peering is removed and the other side reads Disconnected. Traffic stops.',
  terraformProviders: [
    { name: 'azurerm', source: 'hashicorp/azurerm', version: '>= 4.0' },
    { name: 'azuread', source: 'hashicorp/azuread', version: '>= 2.47' },
  ],
};

/** An ARM peering id → resource group, VNet and peering name. */
export function parseAzurePeeringId(id: string): {
  resourceGroup: string;
  vnetName: string;
  name: string;
} {
  const match =
    /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/virtualNetworkPeerings\/([^/]+)$/i.exec(
      id,
    );
  if (!match) throw new Error(`Not an Azure peering id: "${id}"`);
  return { resourceGroup: match[1], vnetName: match[2], name: match[3] };
}
