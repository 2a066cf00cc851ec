/**
 * Loads provider bundles on first use. The path is computed at run time, so
 * esbuild leaves the `require` alone and no SDK lands in the main bundle.
 */
import * as path from 'node:path';
import type { CloudKind } from '../model/types';
import type { CloudProvider, ProviderEnvironment, ProviderModule } from './provider';

export type ProviderLoader = (cloud: CloudKind) => Promise<CloudProvider>;

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
  return Object.assign(load, {
    dispose() {
      for (const p of providers.values()) p.dispose();
      providers.clear();
    },
  });
}
