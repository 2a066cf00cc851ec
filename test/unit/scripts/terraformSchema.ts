/**
 * Checks parsed HCL (the JSON of @cdktf/hcl2json) against the providers' real
 * schemas, extracted into test/fixtures/terraform-schemas/ by
 * scripts/extract-terraform-schemas.ts (provenance in the README there):
 * every resource and data-source type exists, every argument and nested block
 * exists, and the required ones are present.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface SchemaBlock {
  attributes: Record<string, { required: boolean; nested?: SchemaBlock }>;
  blocks: Record<string, SchemaBlock & { required: boolean }>;
}

export interface ProviderSchema {
  provider: string;
  source: string;
  licence: string;
  extractedFrom: Record<string, string>;
  allResourceTypes?: string[];
  allDataSourceTypes?: string[];
  providerConfig: SchemaBlock | null;
  resources: Record<string, SchemaBlock>;
  dataSources: Record<string, SchemaBlock>;
}

export const SCHEMA_DIR = path.join(__dirname, '..', '..', 'fixtures', 'terraform-schemas');

export function loadSchemas(): Map<string, ProviderSchema> {
  const out = new Map<string, ProviderSchema>();
  for (const f of fs.readdirSync(SCHEMA_DIR).filter((x) => x.endsWith('.json'))) {
    const s = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8')) as ProviderSchema;
    out.set(s.provider, s);
  }
  return out;
}

/** Terraform's meta-arguments, valid in every resource and data block. */
const META = new Set(['provider', 'depends_on', 'count', 'for_each', 'lifecycle']);
const RESOURCE_ONLY_META = new Set(['connection', 'provisioner']);

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkBody(
  body: Record<string, Json>,
  schema: SchemaBlock,
  where: string,
  meta: Set<string>,
  problems: string[],
): void {
  for (const [key, value] of Object.entries(body)) {
    if (meta.has(key)) continue;
    const attr = schema.attributes[key];
    const block = schema.blocks[key];
    if (attr) {
      if (attr.nested) {
        if (!isObject(value)) problems.push(`${where}.${key}: expected an object value`);
        else checkBody(value, attr.nested, `${where}.${key}`, new Set(), problems);
      }
    } else if (block) {
      if (!Array.isArray(value)) {
        problems.push(`${where}.${key}: ${key} is a block, written as an argument`);
        continue;
      }
      value.forEach((item, i) => {
        if (!isObject(item)) problems.push(`${where}.${key}[${i}]: ${key} is a block`);
        else checkBody(item, block, `${where}.${key}[${i}]`, new Set(), problems);
      });
    } else problems.push(`${where}: unknown argument or block "${key}"`);
  }
  for (const [name, a] of Object.entries(schema.attributes))
    if (a.required && !(name in body))
      problems.push(`${where}: required argument "${name}" missing`);
  for (const [name, b] of Object.entries(schema.blocks))
    if (b.required && !(name in body)) problems.push(`${where}: required block "${name}" missing`);
}

function providerOf(type: string): string {
  return type.split('_')[0];
}

/** Every problem found in one parsed file; empty when it matches the schemas. */
export function checkHcl(
  hcl: Record<string, Json>,
  schemas: Map<string, ProviderSchema>,
): string[] {
  const problems: string[] = [];
  const known = new Set([
    'terraform',
    'variable',
    'output',
    'locals',
    'provider',
    'resource',
    'data',
  ]);
  for (const key of Object.keys(hcl))
    if (!known.has(key)) problems.push(`unknown top-level block "${key}"`);

  for (const [name, configs] of Object.entries((hcl.provider ?? {}) as Record<string, Json[]>)) {
    const schema = schemas.get(name);
    if (!schema) {
      problems.push(`provider "${name}": no schema`);
      continue;
    }
    for (const [i, config] of configs.entries()) {
      const where = `provider "${name}"[${i}]`;
      if (!isObject(config)) continue;
      if (schema.providerConfig)
        checkBody(config, schema.providerConfig, where, new Set(['alias', 'version']), problems);
      else
        for (const key of Object.keys(config))
          if (key !== 'alias')
            problems.push(`${where}: "${key}" cannot be checked (no published provider schema)`);
    }
  }

  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries((hcl[kind] ?? {}) as Record<string, Json>)) {
      const schema = schemas.get(providerOf(type));
      const table = kind === 'resource' ? schema?.resources : schema?.dataSources;
      const typeSchema = table?.[type];
      const label = `${kind} "${type}"`;
      if (!schema) {
        problems.push(`${label}: no schema for provider "${providerOf(type)}"`);
        continue;
      }
      if (!typeSchema) {
        const all = kind === 'resource' ? schema.allResourceTypes : schema.allDataSourceTypes;
        problems.push(
          all && !all.includes(type)
            ? `${label}: the ${schema.source} provider has no such type`
            : `${label}: not in the extracted ${schema.provider} schema (add it to scripts/extract-terraform-schemas.ts)`,
        );
        continue;
      }
      for (const [name, bodies] of Object.entries(byName as Record<string, Json[]>))
        for (const body of bodies)
          if (isObject(body))
            checkBody(
              body,
              typeSchema,
              `${label} "${name}"`,
              kind === 'resource' ? new Set([...META, ...RESOURCE_ONLY_META]) : META,
              problems,
            );
    }
  }
  return problems;
}

// ---- every generated file ----

import { buildPlan, listScenarios, renderScript } from '../../../src/plans';
import type { PlanContext, PlanInputs } from '../../../src/model/plan';
import { SAMPLE_INPUTS, SIDE_ACCOUNT_IDS } from '../plans/samples';

/** Extra inputs that switch on optional branches of a scenario's Terraform. */
const OPTIONAL_VARIANTS: Record<string, PlanInputs[]> = {
  // Custom route exchange (google_compute_network_peering export_/import_custom_routes).
  'gcp-same-project': [{ exportCustomRoutes: 'yes', importCustomRoutes: 'yes' }],
  'gcp-cross-project': [{ exportCustomRoutes: 'yes' }, { importCustomRoutes: 'yes' }],
  'emqx-byoc-gcp': [{ exportCustomRoutes: 'yes', importCustomRoutes: 'yes' }],
  'dragonfly-azure': [
    {
      userAppId: '6b0c1b7e-1d5e-4b0e-9a7c-3c1d2e3f4a5b',
      userAppObjectId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      userTenantId: '11111111-2222-4333-8444-555555555555',
    },
  ],
  // Your VNet uses the partner's gateway; both halves accept forwarded traffic.
  'azure-cross-tenant': [
    {
      localUseRemoteGateways: 'yes',
      localAllowForwardedTraffic: 'yes',
      peerAllowGatewayTransit: 'yes',
      peerAllowForwardedTraffic: 'yes',
    },
  ],
};

export interface GeneratedFile {
  name: string;
  text: string;
}

export interface GeneratedPlan {
  name: string;
  plan: ReturnType<typeof buildPlan>;
}

/**
 * Every plan the product builds: each scenario and preset, with every subset
 * of its optional accounts configured (none = console only), with the sample
 * inputs, with only the required ones, and with the optional branches of
 * OPTIONAL_VARIANTS. scripts/dump-artifacts.ts writes them all out, so that a
 * restructuring can show its output is byte-identical.
 */
export function everyPlan(): GeneratedPlan[] {
  const plans: GeneratedPlan[] = [];
  for (const scenario of listScenarios()) {
    const sample = SAMPLE_INPUTS[scenario.id] ?? {};
    const requiredOnly = Object.fromEntries(
      Object.entries(sample).filter(([k]) => scenario.inputs.find((i) => i.name === k)?.required),
    );
    const inputSets: [string, PlanInputs][] = [
      ['sample', sample],
      ['required-only', requiredOnly],
      ...(OPTIONAL_VARIANTS[scenario.id] ?? []).map((v, i): [string, PlanInputs] => [
        `variant${i + 1}`,
        { ...sample, ...v },
      ]),
    ];
    const sides = Object.entries(SIDE_ACCOUNT_IDS[scenario.id] ?? {});
    for (let mask = 0; mask < 1 << sides.length; mask++) {
      const chosen = sides.filter((_, i) => mask & (1 << i));
      const context: PlanContext = {
        accounts: Object.fromEntries(
          chosen.map(([side, id]) => [side, { id, cloud: 'aws', ref: id, label: id }]),
        ),
      };
      const accounts = chosen.map(([s]) => s).join('+') || 'console-only';
      for (const [inputName, inputs] of inputSets) {
        plans.push({
          name: `${scenario.id} (${accounts}, ${inputName})`,
          plan: buildPlan(scenario.id, inputs, context),
        });
      }
    }
  }
  return plans;
}

/** The Terraform file of every plan of everyPlan(). */
export function everyTerraformFile(): GeneratedFile[] {
  return everyPlan().map(({ name, plan }) => ({ name, text: renderScript(plan, 'terraform') }));
}
