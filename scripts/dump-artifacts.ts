/**
 * Writes every generated artifact (the plan as JSON, its bash and its
 * Terraform) for every scenario, account mode and input set into one folder,
 * one file per artifact. Diff two dumps to show that a restructuring left the
 * output byte-identical:
 *
 *   npx tsx scripts/dump-artifacts.ts /tmp/before
 *   (change the code)
 *   npx tsx scripts/dump-artifacts.ts /tmp/after && diff -r /tmp/before /tmp/after
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderScript } from '../src/plans';
import { everyPlan } from '../test/unit/scripts/terraformSchema';

const out = process.argv[2];
if (!out) {
  console.error('usage: npx tsx scripts/dump-artifacts.ts OUTPUT_FOLDER');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
let count = 0;
for (const { name, plan } of everyPlan()) {
  const base = path.join(out, name.replace(/[^A-Za-z0-9+.-]+/g, '_'));
  fs.writeFileSync(`${base}.plan.json`, `${JSON.stringify(plan, null, 2)}\n`);
  fs.writeFileSync(`${base}.sh`, renderScript(plan, 'bash'));
  fs.writeFileSync(`${base}.tf`, renderScript(plan, 'terraform'));
  count++;
}
console.log(`${count} plans, ${count * 3} files in ${out}`);
