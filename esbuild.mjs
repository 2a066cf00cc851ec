// The one build script. Every bundle the extension ships, and the test bundles,
// are listed here so the whole build can be read in one place.
//
//   node esbuild.mjs               development build (source maps)
//   node esbuild.mjs --production  minified, no source maps (what `npm run package` ships)
//   node esbuild.mjs --watch       rebuild on change
//   node esbuild.mjs --tests-only  only the extension-host test bundles in out/, leaving
//                                  dist/ as it is (the activation benchmark measures a
//                                  production dist/ with the probe from out/)
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gcpProtosPlugin } from './scripts/gcp-protos.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const testsOnly = process.argv.includes('--tests-only');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: production ? 'none' : 'inline',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

const nodeCommon = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // `vscode` is provided by the host. Nothing else may be external: the vsix
  // carries no node_modules.
  external: ['vscode'],
  // Some SDK dependencies ship ESM-only entry points; prefer the `main` field.
  mainFields: ['module', 'main'],
};

/** Directories under src/providers/ that hold a cloud adapter (one bundle each). */
function providerEntries() {
  const dir = 'src/providers';
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(
      (name) => statSync(join(dir, name)).isDirectory() && existsSync(join(dir, name, 'index.ts')),
    )
    .map((name) => ({ in: join(dir, name, 'index.ts'), out: `providers/${name}` }));
}

/** Directories under webviews/ that hold a webview app (one browser bundle each). */
function webviewEntries() {
  const dir = 'webviews';
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(
      (name) => statSync(join(dir, name)).isDirectory() && existsSync(join(dir, name, 'main.ts')),
    )
    .map((name) => ({ in: join(dir, name, 'main.ts'), out: `webviews/${name}` }));
}

/** @type {esbuild.BuildOptions[]} */
const builds = [
  // The extension itself: must stay small, it is what activation loads.
  { ...nodeCommon, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', metafile: true },
  // Each cloud provider: its own bundle, required on first use only. The GCP bundle carries
  // only the compute protos its five clients reach (scripts/gcp-protos.mjs).
  { ...nodeCommon, entryPoints: providerEntries(), outdir: 'dist', plugins: [gcpProtosPlugin()] },
  // The wizard's plan side (src/plans, src/render, src/runner): required when a wizard panel
  // first needs it, so activation never loads it.
  {
    ...nodeCommon,
    entryPoints: { 'wizard-plans': 'src/ui/wizard/planBundle/planHost.ts' },
    outdir: 'dist',
  },
  // The Peering Doctor (src/doctor, its repair plans, the runner): required when a diagnosis or
  // a fix first runs, so activation never loads it.
  {
    ...nodeCommon,
    entryPoints: { doctor: 'src/ui/doctor/doctorBundle/doctorHost.ts' },
    outdir: 'dist',
  },
  // The Peering Map's engine (graph, ELK layout, exports): required when a map first opens.
  { ...nodeCommon, entryPoints: { map: 'src/map/index.ts' }, outdir: 'dist' },
  // The sandbox: loaded by "Try the Sandbox", by tests and by `npm run sandbox`.
  {
    ...nodeCommon,
    entryPoints: { sandbox: 'src/sandbox/index.ts', 'sandbox-cli': 'src/sandbox/cli.ts' },
    outdir: 'dist',
  },
  // Webviews: browser ES modules.
  {
    ...common,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    entryPoints: webviewEntries(),
    outdir: 'dist',
  },
];

/**
 * Modules the extension host loads as `extensionTestsPath`: the mocha suite's
 * entry point, each test file as its own bundle (mocha adds them by name), and
 * the activation probe the benchmark runs.
 */
function extensionHostTestEntries() {
  const entries = {
    'test/vscode/suite/index': 'test/vscode/suite/index.ts',
    'test/vscode/activation/index': 'test/vscode/activation/index.ts',
  };
  const suite = 'test/vscode/suite';
  for (const name of readdirSync(suite).filter((f) => f.endsWith('.test.ts'))) {
    entries[`${suite}/${name.replace(/\.ts$/, '')}`] = join(suite, name);
  }
  return entries;
}

// Test bundles are development-only; the vsix never carries them.
if (testsOnly) builds.length = 0;
if (!production || testsOnly) {
  // A deleted test file must not leave a stale bundle that mocha still runs.
  if (!watch) rmSync('out/test', { recursive: true, force: true });
  builds.push({
    ...nodeCommon,
    sourcemap: 'inline',
    entryPoints: extensionHostTestEntries(),
    outdir: 'out',
    external: ['vscode', 'mocha'],
  });
}

const active = builds.filter((b) =>
  Array.isArray(b.entryPoints) ? b.entryPoints.length > 0 : Object.keys(b.entryPoints).length > 0,
);

if (!watch && !testsOnly) rmSync('dist', { recursive: true, force: true });

if (watch) {
  const contexts = await Promise.all(active.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] build started; watching for changes');
} else {
  const results = await Promise.all(active.map((b) => esbuild.build(b)));
  const meta = results[0].metafile;
  if (meta) {
    const main = Object.entries(meta.outputs).find(([file]) => file.endsWith('extension.js'));
    if (main) console.log(`dist/extension.js ${(main[1].bytes / 1024).toFixed(1)} KB`);
  }
}
