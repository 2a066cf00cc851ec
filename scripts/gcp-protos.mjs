// The GCE protos the GCP provider bundle carries, trimmed at build time.
//
// Every @google-cloud/compute client module requires the package's build/protos/protos.json: one
// descriptor of every compute service in v1, v1beta and v1small (5,707 definitions, 3.6 MB
// bundled). Compiling and evaluating it was most of the GCP provider's cold load. The adapter
// uses five v1 services (the client modules src/providers/gcp/clients.ts imports, read by
// adapterComputeServices below), so the esbuild plugin below
// hands the bundle, in place of that file, the same JSON cut down to what those services reach:
// their methods' request and response messages, every message and enum those name through
// their fields (transitively), and everything outside `google.cloud.compute` unchanged
// (`google.api`, `google.protobuf`, the `google.cloud` operation extensions). A kept message
// is kept whole (all its fields, options and nested types), and a kept service keeps all its
// methods, so what the clients send and decode is the package's own descriptor, byte for byte.
//
// Nothing is committed: the subset is computed from node_modules on every build, with the
// protobufjs that google-gax itself loads the descriptor with, and the result must resolve
// (`Root.resolveAll()`) or the build fails.
//
//   node scripts/gcp-protos.mjs   prints the sizes and counts of the full and trimmed JSON
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Where the GCP adapter lives; its imports of compute client modules name the services kept. */
const ADAPTER_DIR = fileURLToPath(new URL('../src/providers/gcp/', import.meta.url));

/**
 * The compute services the adapter constructs, read from its sources: each
 * `@google-cloud/compute/build/src/v1/<name>_client` module it imports, and the service that
 * client module looks up (`lookupService('google.cloud.compute.v1.Networks')`). Read, not
 * listed, so a client added to src/providers/gcp/clients.ts brings its protos with it.
 * @returns {string[]} fully qualified service names, sorted
 */
export function adapterComputeServices(dir = ADAPTER_DIR) {
  const services = new Set();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(dir, name), 'utf8');
    for (const [, client] of text.matchAll(
      /['"](@google-cloud\/compute\/build\/src\/v1\/\w+_client)['"]/g,
    )) {
      const code = readFileSync(require.resolve(client), 'utf8');
      const found = [...code.matchAll(/lookupService\('([\w.]+)'\)/g)].map((m) => m[1]);
      if (found.length === 0) throw new Error(`gcp-protos: ${client} looks up no service`);
      for (const service of found) services.add(service);
    }
  }
  if (services.size === 0)
    throw new Error(`gcp-protos: no compute client module imported under ${dir}`);
  return [...services].sort();
}

/** The namespace whose members are kept only when a service reaches them. */
const TRIMMED = 'google.cloud.compute';

/** The protobufjs google-gax resolves (the one that loads this JSON at run time). */
function protobufjs() {
  const gax = createRequire(require.resolve('google-gax'));
  return gax('protobufjs');
}

/** @returns {string} the path of the package's protos.json */
function computeProtosPath() {
  return require.resolve('@google-cloud/compute/build/protos/protos.json');
}

/**
 * The full names (without the leading dot) of every type and service `services` reach.
 * @param {object} json the package's protos.json
 * @param {string[]} services fully qualified service names
 */
function reachable(json, services) {
  const { Root, Type, Enum, Service } = protobufjs();
  const root = Root.fromJSON(json);
  root.resolveAll();
  const kept = new Set();
  const queue = [];
  const add = (obj) => {
    const name = obj.fullName.replace(/^\./, '');
    if (kept.has(name)) return;
    kept.add(name);
    queue.push(obj);
  };
  for (const name of services) {
    const service = root.lookup(name);
    if (!(service instanceof Service)) throw new Error(`gcp-protos: no service ${name}`);
    add(service);
  }
  while (queue.length > 0) {
    const obj = queue.pop();
    // A nested type is written inside its parent: keep the parent whole too.
    if (obj.parent instanceof Type) add(obj.parent);
    if (obj instanceof Service) {
      for (const method of obj.methodsArray) {
        add(method.resolvedRequestType);
        add(method.resolvedResponseType);
      }
    } else if (obj instanceof Type) {
      for (const field of obj.fieldsArray) if (field.resolvedType) add(field.resolvedType);
      for (const nested of obj.nestedArray)
        if (nested instanceof Type || nested instanceof Enum) add(nested);
    }
  }
  return kept;
}

/**
 * `json` with the members of `google.cloud.compute` that `services` do not reach left out.
 * @param {object} json the package's protos.json
 * @param {string[]} services fully qualified service names
 */
export function trimComputeProtos(json, services = adapterComputeServices()) {
  const kept = reachable(json, services);
  const keepPrefix = new Set();
  for (const name of kept) {
    const parts = name.split('.');
    for (let i = 1; i < parts.length; i++) keepPrefix.add(parts.slice(0, i).join('.'));
  }
  const inTrimmed = (name) => name === TRIMMED || name.startsWith(`${TRIMMED}.`);
  const walk = (node, prefix) => {
    if (!node.nested) return node;
    const nested = {};
    for (const [key, child] of Object.entries(node.nested)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (kept.has(name)) nested[key] = child;
      else if (keepPrefix.has(name)) nested[key] = walk(child, name);
      else if (!inTrimmed(name) && !TRIMMED.startsWith(`${name}.`)) nested[key] = child;
    }
    return { ...node, nested };
  };
  const trimmed = walk(json, '');
  // The subset must stand alone: every type a kept field or method names is in it.
  protobufjs().Root.fromJSON(trimmed).resolveAll();
  return trimmed;
}

/**
 * esbuild plugin: the compute package's protos.json, wherever a client module requires it,
 * is the trimmed JSON, emitted as one `JSON.parse` of a string (V8 parses JSON text faster
 * than the equivalent object literal).
 * @returns {import('esbuild').Plugin}
 */
export function gcpProtosPlugin() {
  /** The last subset, by the services it was cut for (a watch rebuild re-reads the imports). */
  let cached = { key: '', text: '' };
  return {
    name: 'gcp-compute-protos',
    setup(build) {
      build.onLoad(
        { filter: /@google-cloud[\\/]compute[\\/]build[\\/]protos[\\/]protos\.json$/ },
        (args) => {
          const services = adapterComputeServices();
          const key = `${args.path}\n${services.join('\n')}`;
          if (cached.key !== key) {
            const full = JSON.parse(readFileSync(args.path, 'utf8'));
            cached = { key, text: JSON.stringify(trimComputeProtos(full, services)) };
          }
          return {
            contents: `module.exports = JSON.parse(${JSON.stringify(cached.text)});`,
            loader: 'js',
          };
        },
      );
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = readFileSync(computeProtosPath(), 'utf8');
  const full = JSON.parse(text);
  const trimmed = JSON.stringify(trimComputeProtos(full));
  const count = (node) =>
    Object.values(node.nested ?? {}).reduce((n, child) => n + 1 + count(child), 0);
  console.log(
    `full:    ${JSON.stringify(full).length} bytes (${text.length} as the file), ${count(full)} definitions`,
  );
  console.log(`trimmed: ${trimmed.length} bytes, ${count(JSON.parse(trimmed))} definitions`);
  console.log(`services: ${adapterComputeServices().join(', ')}`);
}
