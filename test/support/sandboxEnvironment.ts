/**
 * Providers from source wired to a running sandbox, the way the extension
 * wires its bundles: the sandbox's demo accounts, their secrets, its Azure
 * tokens and its certificate. Used by discovery tests and benchmarks.
 */
import type { CloudKind, Account } from '../../src/model/types';
import type {
  CloudProvider,
  ProviderEnvironment,
  ProviderModule,
} from '../../src/providers/provider';
import type { RunningSandbox } from '../../src/sandbox/api';
import { typedLoader, type ProviderLoader } from '../../src/providers/loader';

export interface SandboxEnvironment {
  accounts: Account[];
  env: ProviderEnvironment;
  loadProvider: ProviderLoader;
  dispose(): void;
}

export function sandboxEnvironment(
  sandbox: Pick<RunningSandbox, 'endpoints' | 'accounts' | 'azureToken'>,
): SandboxEnvironment {
  const infos = sandbox.accounts();
  const env: ProviderEnvironment = {
    azureCaPem: sandbox.endpoints.azureCaPem,
    credentials: {
      getSecret: async (id) => infos.find((a) => a.account.id === id)?.secret,
      getAzureToken: async (_scopes, tenantId) =>
        tenantId
          ? { token: sandbox.azureToken(tenantId), expiresOnTimestamp: Date.now() + 3_600_000 }
          : undefined,
    },
  };
  const providers = new Map<CloudKind, CloudProvider>();
  return {
    accounts: infos.map((a) => a.account),
    env,
    loadProvider: typedLoader(async (cloud) => {
      let provider = providers.get(cloud);
      if (!provider) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(`../../src/providers/${cloud}/index`) as ProviderModule;
        provider = mod.createProvider(env);
        providers.set(cloud, provider);
      }
      return provider;
    }),
    dispose() {
      for (const p of providers.values()) p.dispose();
      providers.clear();
    },
  };
}
