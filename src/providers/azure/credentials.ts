/**
 * Azure credentials as a TokenCredential for ARM clients: first the UI's
 * answer (`CredentialSource.getAzureToken`: VS Code's Microsoft sign-in, or
 * the sandbox token), then @azure/identity (az CLI, then environment
 * variables) for that tenant.
 *
 * @azure/identity is loaded only when the UI has no token: it is ~170 ms of
 * module load that a signed-in user never needs. The chain leaves out managed
 * identity and other probes that call metadata endpoints: a desktop editor
 * has none, and a probe would send traffic the user did not ask for.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { Account } from '../../model/types';
import type { ProviderEnvironment } from '../provider';

/** No token for a tenant: the user has to sign in to it. */
export class AzureSignInNeededError extends Error {
  constructor(
    readonly tenantId: string | undefined,
    /** Why @azure/identity could not help either, when it was tried. */
    readonly identityMessage?: string,
  ) {
    super(
      `no Azure sign-in${tenantId ? ` for tenant ${tenantId}` : ''}${identityMessage ? ` (${identityMessage})` : ''}`,
    );
    this.name = 'AzureSignInNeededError';
  }
}

export class ArmCredential implements TokenCredential {
  private identity?: Promise<TokenCredential>;

  constructor(
    private readonly env: ProviderEnvironment,
    private readonly account: Pick<Account, 'sandbox' | 'tenantId'>,
    /** The tenant to ask for; defaults to the account's. */
    private readonly tenantId = account.tenantId,
  ) {}

  async getToken(
    scopes: string | string[],
    options?: GetTokenOptions,
  ): Promise<AccessToken | null> {
    const list = Array.isArray(scopes) ? scopes : [scopes];
    const tenantId = this.tenantId ?? options?.tenantId;
    const fromUi = await this.env.credentials.getAzureToken?.(list, tenantId);
    if (fromUi) return fromUi;
    // A sandbox account never falls back: that would send real Azure tokens to the sandbox.
    if (this.account.sandbox) throw new AzureSignInNeededError(tenantId);
    try {
      const identity = await (this.identity ??= loadIdentityChain(tenantId));
      const token = await identity.getToken(list, { ...options, tenantId });
      if (!token) throw new AzureSignInNeededError(tenantId);
      return token;
    } catch (error) {
      if (error instanceof AzureSignInNeededError) throw error;
      const name = (error as { name?: string }).name ?? '';
      if (/CredentialUnavailable|AuthenticationRequired|AggregateAuthentication/.test(name))
        throw new AzureSignInNeededError(tenantId, identityFailures(error));
      throw error;
    }
  }
}

/** "Azure CLI could not be found; EnvironmentCredential is unavailable", from each credential tried. */
function identityFailures(error: unknown): string {
  const e = error as { message?: string; errors?: { message?: string }[] };
  const messages = e.errors?.length ? e.errors.map((x) => x.message ?? '') : [e.message ?? ''];
  return messages
    .map((m) => m.split('\n')[0].split(/\.\s/)[0].replace(/\.$/, ''))
    .filter(Boolean)
    .join('; ');
}

async function loadIdentityChain(tenantId: string | undefined): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  return new identity.ChainedTokenCredential(
    new identity.AzureCliCredential(tenantId ? { tenantId } : {}),
    new identity.EnvironmentCredential(),
  );
}
