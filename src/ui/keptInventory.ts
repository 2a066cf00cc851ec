import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Inventory } from '../discovery/inventory';
import {
  deleteKeptInventory,
  readKeptInventory,
  writeKeptInventory,
} from '../discovery/keptInventory';
import type { PeeringLog } from './log';

/** Settles this long after the last load finished before the listing is written. */
const SAVE_AFTER_MS = 1500;

/**
 * Keeps the last inventory between sessions (`peering.inventory.keep`, on by
 * default): reads it once after activation, so the Networks view shows the
 * kept rows at once, and writes it under the extension's global storage when
 * loads settle. It holds listings only, never secrets; turning the setting
 * off deletes the file.
 */
export class InventoryKeeper implements vscode.Disposable {
  /** Settles when the kept listing is in the inventory (or there is none). */
  readonly ready: Promise<void>;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<unknown> = Promise.resolve();
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly file: string;

  constructor(
    storageDirectory: string,
    private readonly inventory: Inventory,
    private readonly log: PeeringLog,
  ) {
    this.file = path.join(storageDirectory, 'inventory.jsonl');
    this.ready = this.enabled ? this.restore() : Promise.resolve();
    const listener = inventory.onDidChange(() => this.scheduleSave());
    this.subscriptions.push(
      { dispose: () => listener.dispose() },
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('peering.inventory.keep')) return;
        if (this.enabled) this.scheduleSave();
        else void this.forget();
      }),
    );
  }

  get enabled(): boolean {
    return vscode.workspace.getConfiguration('peering').get<boolean>('inventory.keep', true);
  }

  /** Writes the listing now (after any write in progress); resolves with the accounts kept. */
  save(): Promise<number> {
    const next = this.saving.then(async () => {
      if (!this.enabled) return 0;
      const ids = this.inventory.accountIds();
      return writeKeptInventory(
        this.file,
        ids.map((id) => () => this.inventory.keptAccount(id)),
      );
    });
    this.saving = next.catch((error: unknown) =>
      this.log.error('Keeping the inventory failed', error),
    );
    return next;
  }

  private async restore(): Promise<void> {
    const kept = await readKeptInventory(this.file);
    if (!kept) return;
    const filled = this.inventory.restore(kept);
    this.log.info(
      `Showing the inventory kept at ${new Date(kept.savedAt).toISOString()} for ${filled} of ${kept.accounts.length} accounts until the refresh`,
    );
  }

  private scheduleSave(): void {
    if (!this.enabled) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      if (this.inventory.busy) return this.scheduleSave();
      void this.save();
    }, SAVE_AFTER_MS);
  }

  private async forget(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    await this.saving;
    await deleteKeptInventory(this.file);
  }

  dispose(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    for (const s of this.subscriptions) s.dispose();
  }
}
