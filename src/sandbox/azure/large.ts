import type { LargeWorldSpec } from '../api';
import type { World, WorldBuildContext } from '../world';
import { addPeering, addResourceGroup, addSubscription, addTenant, addVnet } from './demo';

/** The generated organisation's tenant: not one of the demo tenants. */
export const LARGE_AZURE_TENANT = 'cccccccc-0000-4000-8000-000000000003';

/** The n-th generated subscription id (n from 0). */
export function largeAzureSubscriptionId(n: number): string {
  return `00000000-0000-4000-8001-${n.toString(16).padStart(12, '0')}`;
}

/**
 * `azureSubscriptions` subscriptions in one tenant ("Sandbox Organisation"), for organisation-scale
 * benchmarks and tests. Subscription n has rg-net with vnet-hub and vnet-spoke peered both ways
 * (Connected), and its hub peers one way (Initiated) to the next subscription's hub. Address
 * spaces are distinct /24 blocks of 10.128.0.0/9.
 */
export function seedAzureLarge(world: World, ctx: WorldBuildContext, spec: LargeWorldSpec): void {
  const count = spec.azureSubscriptions ?? 0;
  if (!Number.isInteger(count) || count < 0 || count > 10_000)
    throw new RangeError(
      `large world: azureSubscriptions must be a whole number from 0 to 10000, got ${String(spec.azureSubscriptions)}`,
    );
  if (count === 0) return;
  const state = world.azure;
  addTenant(state, LARGE_AZURE_TENANT, 'Sandbox Organisation', 'sandbox-org.onmicrosoft.com');
  const block = (k: number) => `10.${128 + ((k >> 8) & 127)}.${k & 255}.0/24`;
  const hubs = [];
  for (let n = 0; n < count; n++) {
    const sub = addSubscription(
      state,
      largeAzureSubscriptionId(n),
      LARGE_AZURE_TENANT,
      `Org subscription ${n}`,
    );
    const rg = addResourceGroup(sub, 'rg-net', 'westeurope');
    const hub = addVnet(ctx, rg, sub.subscriptionId, 'vnet-hub', [block(2 * n)]);
    const spoke = addVnet(ctx, rg, sub.subscriptionId, 'vnet-spoke', [block(2 * n + 1)]);
    addPeering(state, ctx, hub, 'hub-to-spoke', spoke);
    addPeering(state, ctx, spoke, 'spoke-to-hub', hub);
    hubs.push(hub);
  }
  for (let n = 0; n + 1 < count; n++) addPeering(state, ctx, hubs[n], 'to-next-hub', hubs[n + 1]);
}
