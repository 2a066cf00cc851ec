import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { GCP } from '../../../src/sandbox/worlds/demoTopology';
import { SANDBOX_GCP_TOKEN } from './gcpClients';
import { publishedFixture } from '../../support/fixtures';

/**
 * The sandbox's GCP answers checked against the compute v1 discovery document
 * in the published fixtures (test/fixtures/published): every method it serves is at the documented path
 * with the documented HTTP method, and every field of every answer is a
 * field of the documented response schema, with the documented type and
 * enum values.
 */

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
  items?: Schema;
}

interface DiscoveryMethod {
  httpMethod: string;
  path: string;
  response?: { $ref: string };
}

interface Discovery {
  basePath: string;
  schemas: Record<string, Schema>;
  resources: Record<string, { methods: Record<string, DiscoveryMethod> }>;
}

/** Google's published discovery document (test/fixtures/published/gcp). */
const FIXTURE = publishedFixture('gcp', 'compute-v1-networking.json');

function loadDiscovery(): Discovery {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as Discovery;
}

/** Returns the schema violations of `value`, each with its JSON path. */
function violations(doc: Discovery, value: unknown, schema: Schema, path: string): string[] {
  if (schema.$ref) {
    const target = doc.schemas[schema.$ref];
    if (!target) return [`${path}: schema ${schema.$ref} is not in the fixture`];
    return violations(doc, value, target, path);
  }
  const out: string[] = [];
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return [`${path}: expected an object`];
      for (const [key, v] of Object.entries(value)) {
        const prop = schema.properties?.[key] ?? schema.additionalProperties;
        if (!prop) out.push(`${path}.${key}: not a field of the schema`);
        else out.push(...violations(doc, v, prop, `${path}.${key}`));
      }
      return out;
    }
    case 'array':
      if (!Array.isArray(value)) return [`${path}: expected an array`];
      value.forEach((item, i) =>
        out.push(...violations(doc, item, schema.items ?? {}, `${path}[${i}]`)),
      );
      return out;
    case 'string':
      // int64/uint64 travel as decimal strings in Google's JSON.
      if (typeof value !== 'string')
        return [`${path}: expected a string, got ${JSON.stringify(value)}`];
      if ((schema.format === 'uint64' || schema.format === 'int64') && !/^-?\d+$/.test(value))
        return [`${path}: expected a decimal ${schema.format}, got ${value}`];
      if (schema.enum && !schema.enum.includes(value))
        return [`${path}: ${value} is not one of ${schema.enum.join(', ')}`];
      return [];
    case 'integer':
      return Number.isInteger(value)
        ? []
        : [`${path}: expected an integer, got ${JSON.stringify(value)}`];
    case 'number':
      return typeof value === 'number' ? [] : [`${path}: expected a number`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected a boolean`];
    default:
      return [];
  }
}

describe('sandbox GCP answers conform to the compute v1 discovery schemas', function () {
  const doc = loadDiscovery();
  let sandbox: RunningSandbox;
  const project = GCP.project;
  const app = GCP.networks.app.name;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 50 });
  });
  after(() => sandbox.stop());

  async function call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${sandbox.endpoints.gcp}${path}`, {
      method,
      headers: { authorization: `Bearer ${SANDBOX_GCP_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  }

  function methodOf(resource: string, name: string): DiscoveryMethod {
    const m = doc.resources[resource]?.methods[name];
    assert.ok(m, `${resource}.${name} is in the discovery document`);
    return m;
  }

  /** Builds the documented URL of a method and calls it. */
  async function callDocumented(
    resource: string,
    name: string,
    params: Record<string, string>,
    query = '',
    body?: unknown,
  ): Promise<unknown> {
    const m = methodOf(resource, name);
    const path = m.path.replace(/\{(\w+)\}/g, (_, p: string) =>
      encodeURIComponent(params[p] ?? `missing-${p}`),
    );
    const res = await call(m.httpMethod, `${doc.basePath}${path}${query}`, body);
    assert.equal(res.status, 200, `${resource}.${name}: ${JSON.stringify(res.json)}`);
    const schemaName = m.response?.$ref;
    assert.ok(schemaName, `${resource}.${name} documents a response`);
    assert.deepEqual(violations(doc, res.json, { $ref: schemaName }, schemaName), []);
    return res.json;
  }

  it('the validator itself catches unknown fields, wrong types and bad enum values', () => {
    const bad = {
      kind: 'compute#network',
      peerings: [{ name: 'x', state: 'UP', bogus: 1 }],
      mtu: '1460',
    };
    const found = violations(doc, bad, { $ref: 'Network' }, 'Network');
    assert.deepEqual(found.sort(), [
      'Network.mtu: expected an integer, got "1460"',
      'Network.peerings[0].bogus: not a field of the schema',
      'Network.peerings[0].state: UP is not one of ACTIVE, INACTIVE',
    ]);
  });

  it('networks.list, networks.get and listPeeringRoutes', async () => {
    const list = (await callDocumented('networks', 'list', { project })) as { items: unknown[] };
    assert.equal(list.items.length, 3);
    const net = (await callDocumented('networks', 'get', { project, network: app })) as {
      peerings: unknown[];
    };
    assert.equal(net.peerings.length, 2);
    const routes = (await callDocumented(
      'networks',
      'listPeeringRoutes',
      { project, network: app },
      `?peeringName=${GCP.peerings.activePair}&direction=INCOMING&region=us-central1`,
    )) as { items: unknown[] };
    assert.equal(routes.items.length, 1);
  });

  it('addPeering, updatePeering, removePeering and their operations (get, wait, failed)', async () => {
    const svc = GCP.networks.svc.name;
    const added = (await callDocumented('networks', 'addPeering', { project, network: svc }, '', {
      networkPeering: {
        name: 'svc-to-app',
        network: `global/networks/${app}`,
        exchangeSubnetRoutes: true,
      },
    })) as { name: string };
    await callDocumented('globalOperations', 'get', { project, operation: added.name });
    const done = (await callDocumented('globalOperations', 'wait', {
      project,
      operation: added.name,
    })) as {
      status: string;
    };
    assert.equal(done.status, 'DONE');
    const updated = (await callDocumented(
      'networks',
      'updatePeering',
      { project, network: svc },
      '',
      { networkPeering: { name: 'svc-to-app', exportCustomRoutes: true } },
    )) as { name: string };
    await callDocumented('globalOperations', 'wait', { project, operation: updated.name });
    const removed = (await callDocumented(
      'networks',
      'removePeering',
      { project, network: svc },
      '',
      {
        name: 'svc-to-app',
      },
    )) as { name: string };
    await callDocumented('globalOperations', 'wait', { project, operation: removed.name });

    const failed = (await callDocumented('networks', 'addPeering', { project, network: app }, '', {
      networkPeering: {
        name: 'app-to-legacy',
        network: `global/networks/${GCP.networks.legacy.name}`,
        exchangeSubnetRoutes: true,
      },
    })) as { name: string };
    const failedDone = (await callDocumented('globalOperations', 'wait', {
      project,
      operation: failed.name,
    })) as {
      error?: unknown;
    };
    assert.ok(failedDone.error, 'the overlap operation carries an error');
  });

  it('firewalls.list, firewalls.insert and routes.list', async () => {
    const fws = (await callDocumented('firewalls', 'list', { project })) as { items: unknown[] };
    assert.equal(fws.items.length, 3);
    const op = (await callDocumented('firewalls', 'insert', { project }, '', {
      name: 'allow-peer',
      network: `global/networks/${app}`,
      sourceRanges: ['10.102.0.0/20'],
      allowed: [{ IPProtocol: 'tcp', ports: ['443'] }],
    })) as { name: string };
    await callDocumented('globalOperations', 'wait', { project, operation: op.name });
    await callDocumented('firewalls', 'get', { project, firewall: 'allow-peer' });
    const routes = (await callDocumented('routes', 'list', { project })) as { items: unknown[] };
    assert.ok(routes.items.length >= 4);
  });

  it('a request body with a field the schema lacks is refused, naming the field', async () => {
    const res = await call(
      'POST',
      `${doc.basePath}projects/${project}/global/networks/${app}/removePeering`,
      {
        name: 'app-to-svc',
        force: true,
      },
    );
    assert.equal(res.status, 400);
    assert.match(JSON.stringify(res.json), /Unknown name \\"force\\"/);
  });
});
