/**
 * The accounts "Try the Sandbox" adds: one per identity of the demo world,
 * pointed at this sandbox's endpoints, each with the secret the matching
 * provider adapter expects. These secrets open only the sandbox.
 */
import type { SandboxEndpoints } from '../api';
import { sandboxAzureToken } from '../azure/tokens';
import { SANDBOX_CLOUD_LIST } from '../registry';
import type { SandboxAccount } from '../service';

/** Each cloud's demo accounts (its entry's `demoAccounts`), in the registry's order. */
export function demoAccounts(endpoints: SandboxEndpoints): SandboxAccount[] {
  return SANDBOX_CLOUD_LIST.flatMap((c) => c.demoAccounts(endpoints[c.cloud]));
}

/** The Azure access token for a sandbox tenant. */
export function demoAzureToken(tenantId: string): string {
  return sandboxAzureToken(tenantId);
}
