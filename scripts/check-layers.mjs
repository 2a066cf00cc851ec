// The layer table, enforced: dependency-cruiser with .dependency-cruiser.cjs
// (one rule per row of docs/architecture.md's table), then no import cycle
// between folders (src/<folder>, src/providers/<cloud>, ui/wizard/<runtime>).
// The sandbox counts as one folder: its world composes every cloud, and its
// Dragonfly Cloud hosts networks inside the AWS, GCP and Azure sandboxes, as
// the real service does. Exit 1 with each offending import named.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(repo, 'node_modules', '.bin', 'depcruise');
// `--root DIR` checks another tree with this repository's rules (the test of this check uses it).
const rootAt = process.argv.indexOf('--root');
const root = rootAt > 0 ? process.argv[rootAt + 1] : repo;
const args = existsSync(join(root, 'webviews')) ? ['src', 'webviews'] : ['src'];
let out;
try {
  out = execFileSync(
    bin,
    [...args, '--config', join(repo, '.dependency-cruiser.cjs'), '--output-type', 'json'],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
} catch (e) {
  // depcruise exits non-zero on violations; its JSON is still on stdout.
  if (!e.stdout) {
    console.error(String(e.stderr || e.message));
    process.exit(2);
  }
  out = e.stdout;
}
const result = JSON.parse(out);
const problems = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);

/** The folder a module belongs to, at the granularity the layer table speaks of. */
function folderOf(file) {
  const p = file.split('/');
  if (p[0] === 'webviews') return p.slice(0, 2).join('/');
  if (p[0] !== 'src') return undefined;
  if (p.length === 2) return file.replace(/\.ts$/, '');
  if (p[1] === 'ui' && p[2] === 'wizard' && p.length > 4) return p.slice(0, 4).join('/');
  // The SDK-free descriptors and their registry are one layer beside the adapters.
  if (/^src\/providers\/((registry|descriptor)\.ts|[^/]+\/descriptor\.ts)$/.test(file))
    return 'src/providers/(descriptors)';
  if (p[1] === 'providers' && p.length > 3) return p.slice(0, 3).join('/');
  if (p[1] === 'providers') return 'src/providers/(shared)';
  return p.slice(0, 2).join('/');
}

const edges = new Map();
for (const m of result.modules) {
  const a = folderOf(m.source);
  if (!a) continue;
  for (const d of m.dependencies) {
    // Type-only imports vanish from the bundles: a descriptor may name its adapter's type.
    if (d.dependencyTypes.includes('type-only')) continue;
    const b = folderOf(d.resolved);
    if (!b || a === b) continue;
    if (!edges.has(a)) edges.set(a, new Map());
    if (!edges.get(a).has(b)) edges.get(a).set(b, `${m.source} → ${d.resolved}`);
  }
}
// Tarjan's strongly connected components: any component of two or more folders is a cycle.
let index = 0;
const stack = [];
const info = new Map();
const cycles = [];
function visit(v) {
  info.set(v, { index, low: index, on: true });
  index++;
  stack.push(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!info.has(w)) {
      visit(w);
      info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
    } else if (info.get(w).on) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
  }
  if (info.get(v).low === info.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      info.get(w).on = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component);
  }
}
for (const v of edges.keys()) if (!info.has(v)) visit(v);
for (const c of cycles) {
  const inside = new Set(c);
  const links = c.flatMap((a) =>
    [...(edges.get(a) ?? [])].filter(([b]) => inside.has(b)).map(([, example]) => example),
  );
  problems.push(`folder cycle: ${c.sort().join(' ⇄ ')} (${links.join('; ')})`);
}

console.log(
  `${result.summary.totalCruised} modules, ${result.summary.totalDependenciesCruised} imports, ${edges.size} folders checked`,
);
if (problems.length) {
  for (const p of problems) console.error(`  ${p}`);
  console.error(`${problems.length} layer problem(s): see the layer table in docs/architecture.md`);
  process.exit(1);
}
console.log('Every import follows the layer table; no cycles between folders');
