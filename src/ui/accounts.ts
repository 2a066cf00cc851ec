import * as vscode from 'vscode';
import type { Account, CloudKind } from '../model/types';
import { CLOUD_KINDS } from '../model/types';

/** Reads `peering.accounts`, fills in defaults, and keeps the `peering.hasAccounts` context key current. */
export class AccountStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('peering.accounts')) {
        void this.updateContext();
        this.emitter.fire();
      }
    });
    void this.updateContext();
  }

  list(): Account[] {
    const raw = vscode.workspace.getConfiguration('peering').get<unknown[]>('accounts', []);
    const accounts: Account[] = [];
    for (const entry of Array.isArray(raw) ? raw : []) {
      if (!entry || typeof entry !== 'object') continue;
      const e = entry as Record<string, unknown>;
      const cloud = e.cloud as CloudKind;
      const ref = typeof e.ref === 'string' ? e.ref : '';
      // Malformed entries are skipped here; the settings editor already flags them through the schema.
      if (!CLOUD_KINDS.includes(cloud) || !ref) continue;
      accounts.push({
        id: typeof e.id === 'string' && e.id ? e.id : `${cloud}:${ref}`,
        cloud,
        ref,
        label: typeof e.label === 'string' && e.label ? e.label : ref,
        regions: Array.isArray(e.regions)
          ? e.regions.filter((r): r is string => typeof r === 'string')
          : undefined,
        endpoint: typeof e.endpoint === 'string' && e.endpoint ? e.endpoint : undefined,
        tenantId: typeof e.tenantId === 'string' ? e.tenantId : undefined,
      });
    }
    return accounts;
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand(
      'setContext',
      'peering.hasAccounts',
      this.list().length > 0,
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
