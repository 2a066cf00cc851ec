/**
 * How code that runs inside the extension host reports back to the process
 * that started the host. The host shuts down as soon as `run()` settles, so
 * results leave it as console lines (the workbench forwards the extension
 * host's console to the page, where Playwright reads it; desktop VS Code
 * prints it on stdout) and, when PEERING_HOST_REPORT_FILE is set, as a file.
 */
import { writeFileSync } from 'node:fs';

/** Every structured report line starts with this marker. */
export const REPORT_MARKER = 'PEERING_HOST_REPORT ';

export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  durationMs: number;
  error?: string;
}

export type HostReport =
  | { type: 'test'; test: TestOutcome }
  | { type: 'end'; passed: number; failed: number; skipped?: number; tests: TestOutcome[] }
  | { type: 'activation'; activationMs: number; statusBarText: string };

export function sendReport(report: HostReport): void {
  console.log(REPORT_MARKER + JSON.stringify(report));
  const file = process.env.PEERING_HOST_REPORT_FILE;
  if (file && report.type !== 'test') writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
}

/** The report carried by a console line, or undefined for any other line. */
export function parseReport(line: string): HostReport | undefined {
  const at = line.indexOf(REPORT_MARKER);
  if (at < 0) return undefined;
  try {
    return JSON.parse(line.slice(at + REPORT_MARKER.length)) as HostReport;
  } catch {
    return undefined;
  }
}
