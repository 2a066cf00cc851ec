/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named on the command
 * line), prints one table and writes bench/results.json. Each bench module
 * default-exports an async function returning rows.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchModule, BenchRow } from './types';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  const rows: BenchRow[] = [];
  let failed = 0;
  for (const file of files) {
    process.stderr.write(`bench: ${file}…\n`);
    try {
      const mod = (await import(join(__dirname, file))) as BenchModule;
      rows.push(...(await mod.default()));
    } catch (error) {
      failed++;
      process.stderr.write(
        `bench: ${file} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
    }
  }
  const table = rows.map((r) => ({
    id: r.id,
    value: `${round(r.value)} ${r.unit}`,
    baseline: r.baseline === undefined ? '' : `${round(r.baseline)} ${r.unit}`,
    ratio: r.ratio === undefined ? '' : round(r.ratio).toString(),
    target: r.note ?? '',
    ok: r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
  }));
  console.table(table);
  writeFileSync(join(__dirname, 'results.json'), JSON.stringify(rows, null, 2) + '\n');
  console.log(`wrote bench/results.json (${rows.length} rows)`);
  if (failed) {
    console.error(`${failed} bench file(s) failed`);
    process.exitCode = 1;
  }
}

function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100;
}

void main();
