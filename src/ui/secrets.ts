import * as vscode from 'vscode';
import { forgetSecret, registerSecret } from '../model/redact';

/**
 * Account secrets (UpCloud, Aiven and Dragonfly Cloud credentials, static AWS
 * keys) live only in VS Code's SecretStorage. Every value read or written is
 * registered with the log masker, so it can never reach the log in clear.
 */
export class AccountSecrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  private key(accountId: string): string {
    return `peering.account.${accountId}`;
  }

  async get(accountId: string): Promise<string | undefined> {
    const value = await this.storage.get(this.key(accountId));
    registerSecret(value);
    return value;
  }

  async set(accountId: string, value: string): Promise<void> {
    registerSecret(value);
    await this.storage.store(this.key(accountId), value);
  }

  async delete(accountId: string): Promise<void> {
    forgetSecret(await this.storage.get(this.key(accountId)));
    await this.storage.delete(this.key(accountId));
  }
}
