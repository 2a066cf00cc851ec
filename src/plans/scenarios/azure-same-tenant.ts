/**
 * Azure ↔ Azure, same tenant: each VNet creates its half of the peering with --allow-vnet-access;
 * both read Connected once both halves exist
 * (https://learn.microsoft.com/en-us/azure/virtual-network/virtual-network-peering-overview).
 */
import { azurePairScenario } from '../pairs/azure';

export const azureSameTenant = azurePairScenario('azure-same-tenant', false);
