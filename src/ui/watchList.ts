import * as vscode from 'vscode';

const WATCHED = 'peering.watch.watched';
const UNWATCHED = 'peering.watch.unwatched';

/**
 * Which peerings the status bar follows, kept in globalState (peering keys
 * are global, not per workspace). By default every peering is watched. Watch
 * narrows the status bar to the peerings watched explicitly; Unwatch drops one
 * (from the explicit list, or from "everything" when there is none).
 */
export class WatchList implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly state: vscode.Memento) {}

  /** Keys watched explicitly; empty means "every peering". */
  explicit(): string[] {
    return this.state.get<string[]>(WATCHED, []);
  }

  private unwatched(): string[] {
    return this.state.get<string[]>(UNWATCHED, []);
  }

  get watchesEverything(): boolean {
    return this.explicit().length === 0;
  }

  isWatched(key: string): boolean {
    const explicit = this.explicit();
    return explicit.length ? explicit.includes(key) : !this.unwatched().includes(key);
  }

  /** Whether the key is on the explicit list (shown as "watched" on its row). */
  isExplicit(key: string): boolean {
    return this.explicit().includes(key);
  }

  async watch(key: string): Promise<void> {
    const explicit = this.explicit();
    if (!explicit.includes(key)) await this.state.update(WATCHED, [...explicit, key]);
    await this.state.update(
      UNWATCHED,
      this.unwatched().filter((k) => k !== key),
    );
    this.emitter.fire();
  }

  async unwatch(key: string): Promise<void> {
    const explicit = this.explicit();
    if (explicit.includes(key)) {
      await this.state.update(
        WATCHED,
        explicit.filter((k) => k !== key),
      );
    }
    // Also remembered as unwatched: when the explicit list empties, "everything" must not bring it back.
    if (!this.unwatched().includes(key))
      await this.state.update(UNWATCHED, [...this.unwatched(), key]);
    this.emitter.fire();
  }

  /** Back to the default: every peering watched. */
  async reset(): Promise<void> {
    await this.state.update(WATCHED, undefined);
    await this.state.update(UNWATCHED, undefined);
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
