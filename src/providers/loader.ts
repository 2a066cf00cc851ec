/**
 * Loads provider bundles on first use. The path is computed at run time, so
 * esbuild leaves the `require` alone and no SDK lands in the main bundle.
 *
 * The loader is typed by the registry: `loadProvider('aws')` resolves with an
 * `AwsProvider`, so no caller casts. The one narrowing from the untyped
 * `CloudProvider` a bundle exports to the cloud's adapter type is
 * `providerFor`, here, and it checks the adapter's `cloud`.
 */
import * as path from 'node:path';
import type { CloudKind } from '../model/types';
import type { CloudProvider, ProviderEnvironment, ProviderModule } from './provider';
import type { ProviderFor } from './registry';

/** Resolves with the adapter of the cloud asked for, typed as that cloud's adapter. */
export type ProviderLoader = <C extends CloudKind>(cloud: C) => Promise<ProviderFor<C>>;

/** A loader as tests and the runner's callers write it: any adapter for a cloud. */
export type UntypedProviderLoader = (cloud: CloudKind) => Promise<CloudProvider>;

/** The adapter `provider` seen as `cloud`'s adapter type; throws when it is another cloud's. */
export function providerFor<C extends CloudKind>(
  cloud: C,
  provider: CloudProvider,
): ProviderFor<C> {
  if (provider.cloud !== cloud)
    throw new Error(`Asked for the ${cloud} adapter, got the ${provider.cloud} adapter.`);
  return provider as ProviderFor<C>;
}

/** Types an untyped loader (a test's, a wrapper's), checking each adapter it returns. */
export function typedLoader(load: UntypedProviderLoader): ProviderLoader {
  return async <C extends CloudKind>(cloud: C) => providerFor(cloud, await load(cloud));
}

export function createBundleLoader(
  distDir: string,
  env: ProviderEnvironment,
): ProviderLoader & { dispose(): void } {
  const providers = new Map<CloudKind, CloudProvider>();
  const load = async (cloud: CloudKind): Promise<CloudProvider> => {
    let provider = providers.get(cloud);
    if (!provider) {
      const file = path.join(distDir, 'providers', `${cloud}.js`);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(file) as ProviderModule;
      provider = mod.createProvider(env);
      providers.set(cloud, provider);
    }
    return provider;
  };
  return Object.assign(typedLoader(load), {
    dispose() {
      for (const p of providers.values()) p.dispose();
      providers.clear();
    },
  });
}
