import * as vscode from 'vscode';
import { registerSecret } from '../model/redact';
import type { CredentialSource } from '../providers/provider';
import type { SandboxHost } from './sandboxHost';
import type { AccountSecrets } from './secrets';

/**
 * What provider adapters ask for secrets and tokens. Sandbox accounts are
 * answered by the running sandbox; everything else by SecretStorage and
 * VS Code's Microsoft sign-in.
 */
export class ExtensionCredentials implements CredentialSource {
  constructor(
    private readonly secrets: AccountSecrets,
    private readonly sandbox: SandboxHost,
    /** Secrets of an account being added, for its connection test before anything is stored. */
    private readonly pending: ReadonlyMap<string, string>,
  ) {}

  async getSecret(accountId: string): Promise<string | undefined> {
    const pending = this.pending.get(accountId);
    if (pending !== undefined) return pending;
    const fromSandbox = this.sandbox.secretFor(accountId);
    if (fromSandbox !== undefined) return fromSandbox;
    return this.secrets.get(accountId);
  }

  async getAzureToken(
    scopes: string[],
    tenantId?: string,
  ): Promise<{ token: string; expiresOnTimestamp: number } | undefined> {
    // Sandbox clients ask for `<sandbox ARM endpoint>/.default`; without a tenant (listing
    // tenants), the sandbox user's home tenant answers, as a Microsoft sign-in does.
    const sandboxTenant = this.sandbox.isAzureScope(scopes)
      ? (tenantId ?? this.sandbox.azureHomeTenant())
      : undefined;
    if (sandboxTenant) {
      return {
        token: this.sandbox.azureToken(sandboxTenant),
        expiresOnTimestamp: Date.now() + 3_600_000,
      };
    }
    const sessionScopes = [...scopes];
    if (tenantId) sessionScopes.push(`VSCODE_TENANT:${tenantId}`);
    // Silent: discovery never pops a sign-in; Add Account asks explicitly.
    const session = await vscode.authentication.getSession('microsoft', sessionScopes, {
      silent: true,
    });
    if (!session) return undefined;
    registerSecret(session.accessToken);
    // VS Code refreshes sessions itself; asking again in a few minutes is cheap.
    return { token: session.accessToken, expiresOnTimestamp: Date.now() + 5 * 60_000 };
  }
}

/** Signs in to Azure interactively (from Add Account). */
export async function signInToAzure(tenantId?: string): Promise<vscode.AuthenticationSession> {
  const scopes = ['https://management.azure.com/.default'];
  if (tenantId) scopes.push(`VSCODE_TENANT:${tenantId}`);
  return vscode.authentication.getSession('microsoft', scopes, { createIfNone: true });
}
