/** One row of bench/results.json. */
export interface BenchRow {
  id: string;
  value: number;
  unit: string;
  /** The same measurement for the baseline, taken in the same run. */
  baseline?: number;
  /** value / baseline or baseline / value, as the row's note says. */
  ratio?: number;
  /** Target and how the ratio reads, e.g. "target < 20 ms". */
  note?: string;
  /** Whether the row meets its target, when it has one. */
  pass?: boolean;
}

export type BenchModule = { default: () => Promise<BenchRow[]> };

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
