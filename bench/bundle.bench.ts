import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRow } from './types';

/** bundle.main_kb: the production main bundle, which is what activation loads. */
export default async function bundleBench(): Promise<BenchRow[]> {
  const bytes = statSync(join(__dirname, '..', 'dist', 'extension.js')).size;
  const kb = bytes / 1024;
  return [{ id: 'bundle.main_kb', value: kb, unit: 'KB', note: 'target < 200 KB', pass: kb < 200 }];
}
