/**
 * Azure ↔ Azure, across tenants: each VNet creates its half of the peering with --allow-vnet-access;
 * both read Connected once both halves exist
 * (https://learn.microsoft.com/en-us/azure/virtual-network/virtual-network-peering-overview).
 */
import { azurePairScenario } from '../pairs/azure';

export const azureCrossTenant = azurePairScenario('azure-cross-tenant', true);
