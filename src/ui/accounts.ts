import * as vscode from 'vscode';
import type { Account, AccountGroup, AwsMemberAccess, CloudKind } from '../model/types';
import { CLOUD_KINDS } from '../providers/registry';

/**
 * The accounts the extension shows: those in `peering.accounts` (user
 * settings only; the setting is application-scoped) plus the sandbox's demo
 * accounts while the sandbox runs. Keeps the `peering.hasAccounts` context key
 * current so the welcome view shows exactly when there is nothing to list.
 */
export class AccountStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;
  private sandboxAccounts: Account[] = [];

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('peering.accounts')) this.changed();
    });
    void this.updateContext();
  }

  list(): Account[] {
    return [...this.configured(), ...this.sandboxAccounts];
  }

  get(id: string): Account | undefined {
    return this.list().find((a) => a.id === id);
  }

  /** Shows or hides the sandbox's demo accounts. */
  setSandboxAccounts(accounts: Account[]): void {
    this.sandboxAccounts = accounts.map((a) => ({ ...a, sandbox: true }));
    this.changed();
  }

  configured(): Account[] {
    const raw = vscode.workspace.getConfiguration('peering').get<unknown[]>('accounts', []);
    const accounts: Account[] = [];
    for (const entry of Array.isArray(raw) ? raw : []) {
      const account = parseAccount(entry);
      // Malformed entries are skipped here; the settings editor flags them through the schema.
      if (account) accounts.push(account);
    }
    return accounts;
  }

  async add(account: Account): Promise<void> {
    await this.addAll([account]);
  }

  /** Adds several accounts in one settings write (an organisation's or a tenant's). */
  async addAll(accounts: readonly Account[]): Promise<void> {
    const existing = new Set(this.configured().map((a) => a.id));
    const clash = accounts.find((a) => existing.has(a.id));
    if (clash) {
      throw new Error(
        vscode.l10n.t(
          'An account with id "{0}" already exists. Remove it first or pick another.',
          clash.id,
        ),
      );
    }
    const raw = vscode.workspace.getConfiguration('peering').get<unknown[]>('accounts', []);
    await vscode.workspace
      .getConfiguration('peering')
      .update(
        'accounts',
        [...(Array.isArray(raw) ? raw : []), ...accounts.map(settingsEntry)],
        vscode.ConfigurationTarget.Global,
      );
  }

  async remove(id: string): Promise<void> {
    const raw = vscode.workspace.getConfiguration('peering').get<unknown[]>('accounts', []);
    const kept = (Array.isArray(raw) ? raw : []).filter((entry) => parseAccount(entry)?.id !== id);
    await vscode.workspace
      .getConfiguration('peering')
      .update('accounts', kept, vscode.ConfigurationTarget.Global);
  }

  private changed(): void {
    void this.updateContext();
    this.emitter.fire();
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

function settingsEntry(account: Account): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    id: account.id,
    cloud: account.cloud,
    ref: account.ref,
    label: account.label,
  };
  if (account.regions?.length) entry.regions = account.regions;
  if (account.endpoint) entry.endpoint = account.endpoint;
  if (account.tenantId) entry.tenantId = account.tenantId;
  if (account.group) entry.group = { ...account.group };
  if (account.awsMember) entry.awsMember = { ...account.awsMember };
  return entry;
}

const GROUP_KINDS: readonly AccountGroup['kind'][] = [
  'aws-organization',
  'gcp-organization',
  'gcp-folder',
  'azure-tenant',
];

function parseAwsMember(raw: unknown): AwsMemberAccess | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  if (typeof m.accountNumber !== 'string' || !/^\d{12}$/.test(m.accountNumber)) return undefined;
  return {
    accountNumber: m.accountNumber,
    roleName: typeof m.roleName === 'string' && m.roleName ? m.roleName : undefined,
    credentialsOf:
      typeof m.credentialsOf === 'string' && m.credentialsOf ? m.credentialsOf : undefined,
  };
}

function parseGroup(raw: unknown): AccountGroup | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const g = raw as Record<string, unknown>;
  if (!GROUP_KINDS.includes(g.kind as AccountGroup['kind'])) return undefined;
  if (typeof g.id !== 'string' || !g.id) return undefined;
  return {
    kind: g.kind as AccountGroup['kind'],
    id: g.id,
    label: typeof g.label === 'string' && g.label ? g.label : g.id,
  };
}

function parseAccount(entry: unknown): Account | undefined {
  if (!entry || typeof entry !== 'object') return undefined;
  const e = entry as Record<string, unknown>;
  const cloud = e.cloud as CloudKind;
  const ref = typeof e.ref === 'string' ? e.ref : '';
  if (!CLOUD_KINDS.includes(cloud) || !ref) return undefined;
  return {
    id: typeof e.id === 'string' && e.id ? e.id : `${cloud}:${ref}`,
    cloud,
    ref,
    label: typeof e.label === 'string' && e.label ? e.label : ref,
    regions: Array.isArray(e.regions)
      ? e.regions.filter((r): r is string => typeof r === 'string')
      : undefined,
    endpoint: typeof e.endpoint === 'string' && e.endpoint ? e.endpoint : undefined,
    tenantId: typeof e.tenantId === 'string' ? e.tenantId : undefined,
    group: parseGroup(e.group),
    awsMember: cloud === 'aws' ? parseAwsMember(e.awsMember) : undefined,
  };
}
