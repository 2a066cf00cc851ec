/**
 * The cloud registry (src/providers/registry.ts) is the one list of clouds:
 * each adapter folder has an SDK-free descriptor in it and a sandbox entry in
 * the sandbox registry, every Terraform provider a plan declares has its
 * source in exactly one descriptor, and the loader's one narrowing checks the
 * adapter's cloud. These keep docs/architecture.md's "Adding a seventh cloud"
 * true: each step marked ✓ there is asserted here.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { providerFor, typedLoader } from '../../src/providers/loader';
import type { CloudProvider } from '../../src/providers/provider';
import { CLOUD_KINDS, CLOUD_LABELS, describeCloud } from '../../src/providers/registry';
import { LIFECYCLES, targetStates } from '../../src/model/states';
import { parse } from '../../src/protocol/schema';
import { NetworkChoice } from '../../src/protocol/wizardMessages';
import { SANDBOX_CLOUDS, SANDBOX_CLOUD_LIST } from '../../src/sandbox/registry';
import { createEmptyWorld } from '../../src/sandbox/world';
import { everyPlan } from './scripts/terraformSchema';

const root = join(__dirname, '..', '..');

function adapterFolders(): string[] {
  const dir = join(root, 'src', 'providers');
  return readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isDirectory() && existsSync(join(dir, n, 'index.ts')))
    .sort();
}

describe('cloud registry', () => {
  it('lists every adapter folder once, each with its descriptor and its sandbox folder', () => {
    assert.deepEqual([...CLOUD_KINDS].sort(), adapterFolders());
    for (const cloud of CLOUD_KINDS) {
      const d = describeCloud(cloud);
      assert.equal(d.cloud, cloud);
      assert.equal(CLOUD_LABELS[cloud], d.label);
      assert.ok(Number.isInteger(d.concurrency) && d.concurrency >= 1, cloud);
      assert.ok(
        existsSync(join(root, 'src', 'sandbox', cloud)),
        `src/sandbox/${cloud}/ serves ${cloud}`,
      );
    }
  });

  it('the sandbox registry has one entry per cloud, in the same order, each from its own folder', () => {
    assert.deepEqual(
      SANDBOX_CLOUD_LIST.map((c) => c.cloud),
      [...CLOUD_KINDS],
    );
    for (const cloud of CLOUD_KINDS) {
      const entry = SANDBOX_CLOUDS[cloud];
      assert.equal(entry.cloud, cloud);
      assert.equal(entry.service.cloud, cloud, `${cloud}: its service serves ${cloud}`);
      assert.ok(existsSync(join(root, 'src', 'sandbox', cloud, 'index.ts')), cloud);
    }
    assert.deepEqual(Object.keys(createEmptyWorld()), [...CLOUD_KINDS]);
  });

  it('each cloud has its lifecycle table, with a target state', () => {
    assert.deepEqual(Object.keys(LIFECYCLES), [...CLOUD_KINDS]);
    for (const cloud of CLOUD_KINDS) assert.ok(targetStates(cloud).length > 0, cloud);
  });

  it("the protocol's cloud list is the registry's", () => {
    const choice = (cloud: string) => ({
      key: 'k',
      cloud,
      accountId: 'a',
      accountLabel: 'A',
      id: 'n',
      name: 'N',
      cidrs: [],
    });
    for (const cloud of CLOUD_KINDS) assert.ok(parse(NetworkChoice, choice(cloud)).ok, cloud);
    assert.ok(!parse(NetworkChoice, choice('seventh')).ok);
  });

  it("the manifest's account setting offers exactly the registry's clouds", () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      contributes: {
        configuration: {
          properties: Record<
            string,
            {
              items?: {
                properties?: Record<string, { enum?: string[]; enumDescriptions?: string[] }>;
              };
            }
          >;
        };
      };
    };
    const accounts = manifest.contributes.configuration.properties['peering.accounts'];
    assert.deepEqual(accounts.items?.properties?.cloud.enum, [...CLOUD_KINDS]);
    const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<
      string,
      string
    >;
    const descriptions = accounts.items?.properties?.cloud.enumDescriptions ?? [];
    assert.equal(descriptions.length, CLOUD_KINDS.length);
    for (const d of descriptions) assert.ok(nls[d.replace(/^%|%$/g, '')], d);
  });

  it('descriptors import no SDK and reach their adapter by type only', () => {
    for (const cloud of CLOUD_KINDS) {
      const text = readFileSync(join(root, 'src', 'providers', cloud, 'descriptor.ts'), 'utf8');
      const imports = [...text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)';/gms)];
      assert.ok(imports.length > 0, cloud);
      for (const [, typeOnly, from] of imports) {
        assert.ok(from.startsWith('.'), `${cloud}/descriptor.ts imports ${from}`);
        if (from === './index')
          assert.ok(typeOnly, `${cloud}/descriptor.ts imports ./index by type`);
      }
    }
  });

  it('every Terraform provider a plan declares has its source in exactly one descriptor', () => {
    const declared = new Set<string>();
    for (const { plan } of everyPlan())
      for (const p of plan.terraformProviders) declared.add(p.provider);
    assert.ok(declared.size >= 7, [...declared].join(', '));
    for (const name of declared) {
      const owners = CLOUD_KINDS.filter((c) =>
        describeCloud(c).terraformProviders.some((p) => p.name === name),
      );
      assert.equal(
        owners.length,
        1,
        `${name}: declared by ${owners.join(', ') || 'no descriptor'}`,
      );
    }
  });

  it("the loader's narrowing refuses another cloud's adapter", async () => {
    const gcpAdapter = { cloud: 'gcp' } as CloudProvider;
    assert.equal(providerFor('gcp', gcpAdapter), gcpAdapter);
    assert.throws(
      () => providerFor('aws', gcpAdapter),
      /Asked for the aws adapter, got the gcp adapter/,
    );
    const load = typedLoader(async () => gcpAdapter);
    await assert.rejects(load('azure'), /Asked for the azure adapter/);
  });
});
