import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRow } from './types';

const root = join(__dirname, '..');

/**
 * bundle.main_kb: the production main bundle, which is what activation loads.
 * vsix.mb: the packaged extension, built by `npm run package` in this run.
 */
export default async function bundleBench(): Promise<BenchRow[]> {
  execFileSync(process.execPath, ['scripts/package.mjs'], { cwd: root, stdio: 'ignore' });
  const kb = statSync(join(root, 'dist', 'extension.js')).size / 1024;
  const mb = statSync(join(root, 'cloud-peering.vsix')).size / (1024 * 1024);
  return [
    { id: 'bundle.main_kb', value: kb, unit: 'KB', note: 'target < 200 KB', pass: kb < 200 },
    {
      id: 'vsix.mb',
      value: mb,
      unit: 'MB',
      note: 'target < 5 MB at the foundation stage',
      pass: mb < 5,
    },
  ];
}
