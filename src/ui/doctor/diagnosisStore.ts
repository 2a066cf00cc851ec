/**
 * The latest Peering Doctor diagnosis per peering, in this window: what the
 * Doctor report, the Networks tree (decoration and tooltip line), the status
 * bar and the Peering Map read, through `DiagnosisLookup`. Plain code (no
 * `vscode`), so the tree's row models and the status bar's summary are tested
 * in Node against it.
 */
import { worstSeverity, type Diagnosis, type DiagnosisLookup } from '../../model/diagnosis';

export class DiagnosisStore implements DiagnosisLookup {
  private readonly byPeering = new Map<string, Diagnosis>();
  private readonly listeners = new Set<() => void>();

  get(peeringKey: string): Diagnosis | undefined {
    return this.byPeering.get(peeringKey);
  }

  /** Every stored diagnosis (the status bar counts them). */
  all(): Diagnosis[] {
    return [...this.byPeering.values()];
  }

  /** Stores one diagnosis, or several at once (Diagnose All) with one change event. */
  set(...diagnoses: Diagnosis[]): void {
    if (!diagnoses.length) return;
    for (const diagnosis of diagnoses) this.byPeering.set(diagnosis.peeringKey, diagnosis);
    this.emit();
  }

  /** Forgets a peering's diagnosis (it was deleted), or every one. */
  clear(peeringKey?: string): void {
    if (peeringKey === undefined) {
      if (!this.byPeering.size) return;
      this.byPeering.clear();
    } else if (!this.byPeering.delete(peeringKey)) return;
    this.emit();
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Keys of peerings whose latest diagnosis has at least one error finding. */
  failing(): string[] {
    return this.all()
      .filter((d) => worstSeverity(d) === 'error')
      .map((d) => d.peeringKey);
  }

  private emit(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // One listener's failure must not keep the others from hearing about the change.
      }
    }
  }
}
