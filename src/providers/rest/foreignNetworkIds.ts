/**
 * How the REST services name a peer network in another cloud, turned into the
 * ids that cloud's adapter gives its networks, so peer resolution can match
 * them: Aiven and Dragonfly Cloud give a GCP network as project + name and an
 * Azure VNet as subscription + resource group + name.
 */

/** A GCP VPC network as the GCP adapter names it: its self link below the API root. */
export function gcpNetworkId(project: string, network: string): string {
  if (network.includes('/')) return network.replace(/^https:\/\/[^/]+\/compute\/v1\//, '');
  return `projects/${project}/global/networks/${network}`;
}

/** An Azure VNet as ARM names it. */
export function azureVnetId(subscription: string, resourceGroup: string, vnet: string): string {
  if (vnet.startsWith('/subscriptions/')) return vnet;
  return `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${vnet}`;
}
