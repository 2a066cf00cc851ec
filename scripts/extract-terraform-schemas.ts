/**
 * Extracts the Terraform schemas the generated files are checked against
 * (test/unit/scripts/terraformSchema.test.ts) into
 * test/fixtures/terraform-schemas/<provider>.json. Run by hand:
 *
 *   npx tsx scripts/extract-terraform-schemas.ts \
 *     --aiven <git dir of aiven/terraform-provider-aiven> \
 *     --upcloud <git dir of UpCloudLtd/terraform-provider-upcloud> \
 *     --dfcloud <git dir of dragonflydb/terraform-provider-dfcloud> \
 *     [--packs <folder with the four @cdktf/provider-*.tgz>]
 *
 *   npx tsx scripts/extract-terraform-schemas.ts --only aws [--packs <folder>]
 *     rewrites only the named cdktf-built providers (comma-separated).
 *
 * aws, google, azurerm, azuread: the prebuilt cdktf bindings on npm. Each is
 * 270-390 MB unpacked, so they are never dependencies: this script `npm pack`s
 * them into a temporary folder (or takes the tarballs from --packs), unpacks
 * them there, and reads, for the types listed in CDKTF_TYPES only, each
 * class's `synthesizeHclAttributes` (argument names, which are blocks,
 * recursively through the `...ToHclTerraform` functions of nested blocks) and
 * its `...Config` interface in index.d.ts (a property without `?` is required).
 *
 * aiven, upcloud, dfcloud: the providers' own published documentation, which
 * terraform-plugin-docs generates from the schema (docs/resources/*.md,
 * docs/data-sources/*.md, docs/index.md for the provider block): every
 * resource and data-source type name, and the full argument tree of the types
 * in GIT_TYPES (Read-Only attributes are left out: they cannot be set).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface SchemaBlock {
  /** Argument name → required. */
  attributes: Record<string, { required: boolean; nested?: SchemaBlock }>;
  /** Nested block name → its schema (required: at least one must be written). */
  blocks: Record<string, SchemaBlock & { required: boolean }>;
}

interface ProviderSchema {
  provider: string;
  source: string;
  licence: string;
  extractedFrom: Record<string, string>;
  /** Every resource type the provider registers (git-sourced providers), for "does it exist". */
  allResourceTypes?: string[];
  allDataSourceTypes?: string[];
  /** null where the provider publishes no schema for its own block (then no argument passes). */
  providerConfig: SchemaBlock | null;
  resources: Record<string, SchemaBlock>;
  dataSources: Record<string, SchemaBlock>;
}

const OUT = path.join(__dirname, '..', 'test', 'fixtures', 'terraform-schemas');

/** The types the product generates, plus a margin of their close neighbours. */
const CDKTF_TYPES: Record<string, { resources: string[]; data: string[] }> = {
  aws: {
    resources: [
      'aws_vpc_peering_connection',
      'aws_vpc_peering_connection_accepter',
      'aws_vpc_peering_connection_options',
      'aws_route',
      'aws_vpc_security_group_ingress_rule',
      'aws_vpc_security_group_egress_rule',
      'aws_security_group_rule',
      'aws_network_acl_rule',
      'aws_vpc',
    ],
    data: ['aws_caller_identity', 'aws_vpc', 'aws_vpc_peering_connection', 'aws_route_table'],
  },
  google: {
    resources: ['google_compute_network_peering', 'google_compute_firewall'],
    data: ['google_compute_network', 'google_client_config'],
  },
  azurerm: {
    resources: [
      'azurerm_virtual_network_peering',
      'azurerm_network_security_rule',
      'azurerm_role_assignment',
      'azurerm_role_definition',
    ],
    data: ['azurerm_client_config', 'azurerm_virtual_network', 'azurerm_subscription'],
  },
  azuread: {
    resources: [
      'azuread_application',
      'azuread_application_password',
      'azuread_service_principal',
      'azuread_service_principal_password',
    ],
    data: ['azuread_client_config', 'azuread_service_principal', 'azuread_application'],
  },
};

const GIT_TYPES: Record<string, { repo: string; resources: string[]; data: string[] }> = {
  aiven: {
    repo: 'aiven/terraform-provider-aiven',
    resources: [
      'aiven_project_vpc',
      'aiven_aws_vpc_peering_connection',
      'aiven_gcp_vpc_peering_connection',
      'aiven_azure_vpc_peering_connection',
    ],
    data: ['aiven_project_vpc'],
  },
  upcloud: {
    repo: 'UpCloudLtd/terraform-provider-upcloud',
    resources: ['upcloud_network_peering', 'upcloud_network'],
    data: [],
  },
  dfcloud: {
    repo: 'dragonflydb/terraform-provider-dfcloud',
    resources: ['dfcloud_connection', 'dfcloud_network'],
    data: [],
  },
};

// ---- cdktf bindings ----

function emptyBlock(): SchemaBlock {
  return { attributes: {}, blocks: {} };
}

/** The `const attrs = { ... }` object literal of the function or method that starts at `start`. */
function attrsLiteral(js: string, start: number): string {
  const open = js.indexOf('const attrs = {', start);
  if (open < 0) throw new Error('no attrs literal');
  let depth = 0;
  for (let i = open + 'const attrs = '.length; i < js.length; i++) {
    if (js[i] === '{') depth++;
    else if (js[i] === '}' && --depth === 0) return js.slice(open, i + 1);
  }
  throw new Error('unbalanced attrs literal');
}

/** Required flags of one interface: tf name → required, from the JSDoc link and the `?`. */
function requiredFlags(dts: string, iface: string): Map<string, boolean> {
  const m = new RegExp(`export interface ${iface}(?: extends [^{]+)? \\{([\\s\\S]*?)\\n\\}`).exec(
    dts,
  );
  const flags = new Map<string, boolean>();
  if (!m) return flags;
  for (const p of m[1].matchAll(
    /\{@link \S+#([A-Za-z0-9_]+) [^}]*\}[\s\S]*?\*\/\s*readonly \w+(\??):/g,
  ))
    flags.set(p[1], p[2] !== '?');
  return flags;
}

function cdktfBlock(js: string, dts: string, literal: string, iface: string): SchemaBlock {
  const out = emptyBlock();
  const required = requiredFlags(dts, iface);
  for (const m of literal.matchAll(
    /\n\s+([a-z0-9_]+): \{\s*value: ([^\n]*)\n\s*isBlock: (true|false),/g,
  )) {
    const [, name, value, isBlock] = m;
    if (isBlock === 'true') {
      const fnName = /(\w+ToHclTerraform)\b/.exec(value)?.[1] ?? value;
      const at = js.indexOf(`function ${fnName}(`);
      if (at < 0) throw new Error(`${iface}.${name}: no ${fnName}`);
      const nestedIface = fnName[0].toUpperCase() + fnName.slice(1).replace(/ToHclTerraform$/, '');
      out.blocks[name] = {
        ...cdktfBlock(js, dts, attrsLiteral(js, at), nestedIface),
        required: required.get(name) ?? false,
      };
    } else out.attributes[name] = { required: required.get(name) ?? false };
  }
  return out;
}

function cdktfType(libDir: string, tfType: string): SchemaBlock {
  const js = fs.readFileSync(path.join(libDir, 'index.js'), 'utf8');
  const dts = fs.readFileSync(path.join(libDir, 'index.d.ts'), 'utf8');
  const cls = new RegExp(`(\\w+)\\.tfResourceType = "${tfType}";`).exec(js);
  if (!cls) throw new Error(`${libDir} does not hold ${tfType}`);
  const method = js.indexOf('synthesizeHclAttributes() {', js.indexOf(`class ${cls[1]} extends`));
  return cdktfBlock(js, dts, attrsLiteral(js, method), `${cls[1]}Config`);
}

function extractCdktf(provider: string, packs: string, work: string): ProviderSchema {
  const pkg = `@cdktf/provider-${provider}`;
  let tgz = fs.existsSync(packs)
    ? fs.readdirSync(packs).find((f) => f.startsWith(`cdktf-provider-${provider}-`))
    : undefined;
  if (!tgz) {
    execFileSync('npm', ['pack', pkg, '--silent', '--pack-destination', packs], {
      stdio: 'inherit',
    });
    tgz = fs.readdirSync(packs).find((f) => f.startsWith(`cdktf-provider-${provider}-`));
  }
  const dir = path.join(work, provider);
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(packs, tgz ?? ''), '-C', dir]);
  const root = path.join(dir, 'package');
  const meta = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
    license: string;
  };
  const providerJs = fs.readFileSync(path.join(root, 'lib', 'provider', 'index.js'), 'utf8');
  const providerVersion = /providerVersion: '([^']+)'/.exec(providerJs)?.[1] ?? 'unknown';
  const lib = (tfType: string, data: boolean) =>
    path.join(
      root,
      'lib',
      data
        ? `data-${tfType.replace(/_/g, '-')}`
        : tfType.replace(/^[a-z]+_/, '').replace(/_/g, '-'),
    );
  const types = CDKTF_TYPES[provider];
  return {
    provider,
    source: `hashicorp/${provider}`,
    licence: `hashicorp/${provider}: MPL-2.0; ${pkg}: ${meta.license}`,
    extractedFrom: {
      package: `${pkg}@${meta.version}`,
      providerVersion: `hashicorp/${provider} ${providerVersion}`,
      files:
        'lib/<type>/index.js (synthesizeHclAttributes), lib/<type>/index.d.ts (required flags)',
    },
    providerConfig: cdktfType(path.join(root, 'lib', 'provider'), provider),
    resources: Object.fromEntries(types.resources.map((t) => [t, cdktfType(lib(t, false), t)])),
    dataSources: Object.fromEntries(types.data.map((t) => [t, cdktfType(lib(t, true), t)])),
  };
}

// ---- terraform-plugin-docs pages (aiven, upcloud, dfcloud) ----

function git(gitDir: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
}

/** Parses the "## Schema" part of a tfplugindocs page into an argument tree. */
export function parsePluginDocs(markdown: string): SchemaBlock {
  const start = markdown.indexOf('## Schema');
  if (start < 0) throw new Error('no "## Schema" section');
  const end = markdown.slice(start + 9).search(/\n## /);
  const text = end < 0 ? markdown.slice(start) : markdown.slice(start, start + 9 + end);
  const root = emptyBlock();
  /** Nested schemas by dotted path; filled as items are read, then attached. */
  const nodes = new Map<string, SchemaBlock>([['', root]]);
  const kinds = new Map<string, 'block' | 'attr'>();
  let current = '';
  let section: 'required' | 'optional' | 'skip' = 'skip';
  for (const line of text.split('\n')) {
    const nested = /^### Nested Schema for `([^`]+)`/.exec(line);
    if (nested) {
      current = nested[1];
      if (!nodes.has(current)) nodes.set(current, emptyBlock());
      section = 'skip';
      continue;
    }
    const heading = /^(?:### )?(Required|Optional|Blocks|Read-Only)[^:\n]*:?\s*$/.exec(line.trim());
    if (heading) {
      section =
        heading[1] === 'Required' ? 'required' : heading[1] === 'Read-Only' ? 'skip' : 'optional';
      continue;
    }
    const item = /^- `([A-Za-z0-9_]+)` \(([^)]*)\)/.exec(line);
    if (!item || section === 'skip') continue;
    const [, name, type] = item;
    const node = nodes.get(current) ?? emptyBlock();
    const full = current ? `${current}.${name}` : name;
    if (/Block/.test(type)) {
      const child = nodes.get(full) ?? emptyBlock();
      nodes.set(full, child);
      kinds.set(full, 'block');
      node.blocks[name] = Object.assign(child, {
        required: section === 'required' || /Min: [1-9]/.test(type),
      });
    } else if (/Attributes/.test(type)) {
      const child = nodes.get(full) ?? emptyBlock();
      nodes.set(full, child);
      kinds.set(full, 'attr');
      node.attributes[name] = { required: section === 'required', nested: child };
    } else node.attributes[name] = { required: section === 'required' };
  }
  return root;
}

function extractGit(provider: string, gitDir: string): ProviderSchema {
  const spec = GIT_TYPES[provider];
  const commit = git(gitDir, 'rev-parse', 'HEAD').trim();
  const names = (folder: string) =>
    git(gitDir, 'ls-tree', '--name-only', `HEAD:docs/${folder}`)
      .split('\n')
      .filter((f) => f.endsWith('.md'))
      .map((f) => `${provider}_${f.replace(/\.md$/, '')}`)
      .sort();
  const page = (folder: string, tfType: string) =>
    parsePluginDocs(
      git(gitDir, 'show', `HEAD:docs/${folder}/${tfType.replace(`${provider}_`, '')}.md`),
    );
  const licence = git(gitDir, 'show', 'HEAD:LICENSE').split('\n')[0].trim();
  const dataFolder = git(gitDir, 'ls-tree', '--name-only', 'HEAD:docs').includes('data-sources')
    ? 'data-sources'
    : undefined;
  return {
    provider,
    source: { aiven: 'aiven/aiven', upcloud: 'UpCloudLtd/upcloud', dfcloud: 'dragonflydb/dfcloud' }[
      provider
    ] as string,
    licence: /Mozilla Public License/i.test(licence) ? 'MPL-2.0' : licence,
    extractedFrom: {
      repository: `https://github.com/${spec.repo}`,
      commit,
      files: 'docs/index.md, docs/resources/*.md, docs/data-sources/*.md (terraform-plugin-docs)',
    },
    allResourceTypes: names('resources'),
    allDataSourceTypes: dataFolder ? names(dataFolder) : [],
    providerConfig: (() => {
      const index = git(gitDir, 'show', 'HEAD:docs/index.md');
      return index.includes('## Schema') ? parsePluginDocs(index) : null;
    })(),
    resources: Object.fromEntries(spec.resources.map((t) => [t, page('resources', t)])),
    dataSources: Object.fromEntries(spec.data.map((t) => [t, page('data-sources', t)])),
  };
}

function main(): void {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-schemas-'));
  const packs = opt('packs') ?? work;
  fs.mkdirSync(OUT, { recursive: true });
  const write = (s: ProviderSchema) =>
    fs.writeFileSync(path.join(OUT, `${s.provider}.json`), `${JSON.stringify(s, null, 1)}\n`);
  const only = opt('only')?.split(',');
  for (const provider of Object.keys(CDKTF_TYPES)) {
    if (!only || only.includes(provider)) write(extractCdktf(provider, packs, work));
  }
  for (const provider of only ? [] : Object.keys(GIT_TYPES)) {
    const dir = opt(provider);
    if (!dir) throw new Error(`--${provider} <git dir of ${GIT_TYPES[provider].repo}> is needed`);
    write(extractGit(provider, dir));
  }
  fs.rmSync(work, { recursive: true, force: true });
}

if (require.main === module) main();
