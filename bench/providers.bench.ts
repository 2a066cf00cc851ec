import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLOUD_KINDS } from '../src/providers/registry';
import { median, type BenchRow } from './types';

const root = join(__dirname, '..');
const RUNS = 5;

/** Cold-load time of a module in a fresh Node process, in ms (median of RUNS). */
function coldLoadMs(modulePath: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(modulePath)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    samples.push(
      Number(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' })),
    );
  }
  return median(samples);
}

/**
 * provider.<cloud>_load_ms: the cold load of each provider bundle (what the
 * extension pays on first use of that cloud). The GCP row's baseline is the
 * whole @google-cloud/compute index, which the adapter must not load.
 */
export default async function providersBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const cloud of CLOUD_KINDS) {
    const bundle = join(root, 'dist', 'providers', `${cloud}.js`);
    if (!existsSync(bundle))
      throw new Error(`dist/providers/${cloud}.js is missing; run the production build first`);
    const ms = coldLoadMs(bundle);
    if (cloud === 'gcp') {
      const baseline = coldLoadMs(require.resolve('@google-cloud/compute', { paths: [root] }));
      rows.push({
        id: 'provider.gcp_load_ms',
        value: ms,
        unit: 'ms',
        baseline,
        ratio: baseline / ms,
        note: 'baseline = require("@google-cloud/compute") index; ratio = baseline / provider, target ≥ 3.8',
        pass: baseline / ms >= 3.8,
      });
    } else {
      rows.push({
        id: `provider.${cloud}_load_ms`,
        value: ms,
        unit: 'ms',
        note: 'cold require of the provider bundle',
      });
    }
  }
  return rows;
}
