import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { RunningSandbox, SandboxEndpoints } from '../../../src/sandbox/api';
import { sandboxAzureToken } from '../../../src/sandbox/azure/tokens';
import { startSandbox } from '../../../src/sandbox/server';
import { createCertificate } from '../../../src/sandbox/tls';
import { AZURE } from '../../../src/sandbox/worlds/demoTopology';
import { FAST_POLL, networkClient } from './azureClients';
import { publishedFixture } from '../../support/fixtures';

/**
 * The published Azure examples (azure-rest-api-specs, in test/fixtures/published)
 * against the real SDK and the sandbox:
 * 1. each example's response body, served as-is from a small local HTTPS
 *    server, parses through @azure/arm-network, and the SDK's request for the
 *    example's parameters matches the example request;
 * 2. the sandbox's answers for the same operations carry every field the
 *    parsed examples carry;
 * 3. the sandbox's raw peering and network JSON conforms to the swagger
 *    definitions in virtualNetworkPeering.schema.json.
 */

const FIXTURES = publishedFixture('azure');

interface Example {
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: unknown; headers?: Record<string, string> }>;
}

function example(name: string): Example {
  return JSON.parse(readFileSync(path.join(FIXTURES, 'examples', name), 'utf8')) as Example;
}

interface Served {
  method: string;
  path: RegExp;
  status: number;
  body?: unknown;
}

interface Seen {
  method: string;
  url: URL;
  body: unknown;
}

/** An HTTPS server answering fixed bodies, and recording what the SDK sent. */
async function fixtureServer(routes: Served[]) {
  const cert = await createCertificate();
  const seen: Seen[] = [];
  const server = https.createServer({ cert: cert.cert, key: cert.key }, (req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      seen.push({
        method: req.method ?? '',
        url,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      });
      const hit = routes.find((r) => r.method === req.method && r.path.test(url.pathname));
      if (!hit) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"error":{"code":"NotFound","message":"no fixture"}}');
        return;
      }
      const body = hit.body === undefined ? '' : JSON.stringify(hit.body);
      res.writeHead(hit.status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const endpoints = { azure: base, azureCaPem: cert.cert } as SandboxEndpoints;
  return {
    seen,
    endpoints,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const PEERING_PATH = /\/virtualNetworks\/vnet1\/virtualNetworkPeerings\/peer$/;

/** Keys of an object, recursively, as dotted paths (arrays looked into at their first item). */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.length ? keyPaths(value[0], `${prefix}[]`) : [];
  if (typeof value !== 'object' || value === null) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const p = prefix ? `${prefix}.${k}` : k;
    out.push(p, ...keyPaths(v, p));
  }
  return out;
}

describe('sandbox Azure: the published examples parse through @azure/arm-network, and the sandbox answers alike', function () {
  let fixtures: Awaited<ReturnType<typeof fixtureServer>>;
  let viaFixtures: NetworkManagementClient;
  let sandbox: RunningSandbox;
  let viaSandbox: NetworkManagementClient;

  before(async () => {
    const get = example('VirtualNetworkPeeringGet.json');
    const list = example('VirtualNetworkPeeringList.json');
    const create = example('VirtualNetworkPeeringCreate.json');
    fixtures = await fixtureServer([
      { method: 'GET', path: PEERING_PATH, status: 200, body: get.responses['200'].body },
      { method: 'PUT', path: PEERING_PATH, status: 201, body: create.responses['201'].body },
      { method: 'DELETE', path: PEERING_PATH, status: 200 },
      {
        method: 'GET',
        path: /\/virtualNetworks\/vnet1\/virtualNetworkPeerings$/,
        status: 200,
        body: list.responses['200'].body,
      },
      {
        method: 'GET',
        path: /\/virtualNetworks\/vnet-enc\/virtualNetworkPeerings\/peer$/,
        status: 200,
        body: example('VirtualNetworkPeeringGetWithRemoteVirtualNetworkEncryption.json').responses[
          '200'
        ].body,
      },
      {
        method: 'GET',
        path: /\/resourceGroups\/rg1\/providers\/Microsoft\.Network\/virtualNetworks\/test-vnet$/,
        status: 200,
        body: example('VirtualNetworkGet.json').responses['200'].body,
      },
      {
        method: 'GET',
        path: /^\/subscriptions\/subid\/providers\/Microsoft\.Network\/virtualNetworks$/,
        status: 200,
        body: example('VirtualNetworkListAll.json').responses['200'].body,
      },
      {
        method: 'GET',
        path: /\/resourceGroups\/rg1\/providers\/Microsoft\.Network\/networkSecurityGroups$/,
        status: 200,
        body: example('NetworkSecurityGroupList.json').responses['200'].body,
      },
      {
        method: 'GET',
        path: /^\/subscriptions\/subid\/providers\/Microsoft\.Network\/networkSecurityGroups$/,
        status: 200,
        body: example('NetworkSecurityGroupListAll.json').responses['200'].body,
      },
      {
        method: 'GET',
        path: /^\/subscriptions\/subid\/providers\/Microsoft\.Network\/routeTables$/,
        status: 200,
        body: example('RouteTableListAll.json').responses['200'].body,
      },
      {
        method: 'PUT',
        path: /\/networkSecurityGroups\/testnsg\/securityRules\/rule1$/,
        status: 201,
        body: example('NetworkSecurityGroupRuleCreate.json').responses['201'].body,
      },
    ]);
    viaFixtures = networkClient(fixtures.endpoints, 'subid', { tenantId: AZURE.tenantId });
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 20 });
    viaSandbox = networkClient(sandbox.endpoints, AZURE.subscriptionId, {
      tenantId: AZURE.tenantId,
    });
  });
  after(async () => {
    await fixtures.close();
    await sandbox.stop();
  });

  it('peering get, list and the encryption variant', async () => {
    const p = await viaFixtures.virtualNetworkPeerings.get('peerTest', 'vnet1', 'peer');
    assert.equal(p.peeringState, 'Initiated');
    assert.equal(p.peeringSyncLevel, 'FullyInSync');
    assert.deepEqual(p.remoteAddressSpace?.addressPrefixes, ['12.0.0.0/8']);
    assert.equal(p.remoteBgpCommunities?.virtualNetworkCommunity, '12076:20002');
    assert.match(String(p.remoteVirtualNetwork?.id), /virtualNetworks\/vnet2$/);
    const listed = [];
    for await (const x of viaFixtures.virtualNetworkPeerings.list('peerTest', 'vnet1'))
      listed.push(x);
    assert.deepEqual(
      listed.map((x) => x.allowForwardedTraffic),
      [true, false],
    );
    const enc = await viaFixtures.virtualNetworkPeerings.get('peerTest', 'vnet-enc', 'peer');
    assert.deepEqual(enc.remoteVirtualNetworkEncryption, {
      enabled: true,
      enforcement: 'AllowUnencrypted',
    });

    // The sandbox's peering carries every field the example carries.
    const mine = await viaSandbox.virtualNetworkPeerings.get(
      AZURE.resourceGroup,
      AZURE.vnets.app.name,
      AZURE.peerings.appToHub,
    );
    const missing = keyPaths(p).filter((k) => !keyPaths(mine).includes(k));
    assert.deepEqual(missing, []);
  });

  it('route tables listAll: the SDK parses the example, and the sandbox carries every field it carries', async () => {
    const listed = [];
    for await (const t of viaFixtures.routeTables.listAll()) listed.push(t);
    assert.deepEqual(
      listed.map((t) => [
        t.name,
        (t.routes ?? []).map((r) => `${r.addressPrefix} ${r.nextHopType}`),
      ]),
      [
        ['testrt', ['10.0.3.0/24 VirtualNetworkGateway']],
        ['testrt3', []],
      ],
    );
    const mine = [];
    for await (const t of viaSandbox.routeTables.listAll()) mine.push(t);
    const withRoutes = mine.find((t) => t.name === AZURE.udr.blackholeTable);
    assert.ok(withRoutes);
    const missing = keyPaths(listed[0]).filter((k) => !keyPaths(withRoutes).includes(k));
    assert.deepEqual(missing, []);
  });

  it('peering create and sync: the SDK sends the example request and parses the 201 body', async () => {
    const create = example('VirtualNetworkPeeringCreate.json');
    const params = (
      create.parameters.VirtualNetworkPeeringParameters as { properties: Record<string, unknown> }
    ).properties;
    const result = await viaFixtures.virtualNetworkPeerings.beginCreateOrUpdateAndWait(
      'peerTest',
      'vnet1',
      'peer',
      params,
      {
        ...FAST_POLL,
        syncRemoteAddressSpace: 'true',
      },
    );
    assert.equal(result.provisioningState, 'Succeeded');
    assert.deepEqual(result.remoteVirtualNetworkAddressSpace?.addressPrefixes, ['12.0.0.0/8']);
    const put = fixtures.seen.find((s) => s.method === 'PUT' && PEERING_PATH.test(s.url.pathname));
    assert.ok(put);
    assert.equal(put.url.searchParams.get('syncRemoteAddressSpace'), 'true');
    assert.ok(put.url.searchParams.get('api-version'));
    assert.deepEqual(put.body, create.parameters.VirtualNetworkPeeringParameters);

    // The same request body, pointed at a sandbox network, is accepted by the sandbox.
    const sandboxResult = await viaSandbox.virtualNetworkPeerings.beginCreateOrUpdateAndWait(
      AZURE.resourceGroup,
      AZURE.vnets.spoke.name,
      'peer',
      {
        ...params,
        remoteVirtualNetwork: {
          id: `/subscriptions/${AZURE.subscriptionId}/resourceGroups/${AZURE.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${AZURE.vnets.hub.name}`,
        },
      },
      FAST_POLL,
    );
    assert.equal(sandboxResult.allowForwardedTraffic, true);
    const missing = keyPaths(result).filter((k) => !keyPaths(sandboxResult).includes(k));
    assert.deepEqual(missing, []);

    await viaFixtures.virtualNetworkPeerings.beginDeleteAndWait(
      'peerTest',
      'vnet1',
      'peer',
      FAST_POLL,
    );
  });

  it('virtual network get and listAll', async () => {
    const v = await viaFixtures.virtualNetworks.get('rg1', 'test-vnet');
    assert.deepEqual(v.addressSpace?.addressPrefixes, ['10.0.0.0/16']);
    assert.equal(v.subnets?.[0].addressPrefix, '10.0.1.0/24');
    assert.deepEqual(v.virtualNetworkPeerings, []);
    const all = [];
    for await (const x of viaFixtures.virtualNetworks.listAll()) all.push(x);
    assert.deepEqual(
      all.map((x) => x.name),
      ['vnet1', 'vnet2'],
    );
    assert.deepEqual(all[1].dhcpOptions?.dnsServers, ['8.8.8.8']);

    const mine = await viaSandbox.virtualNetworks.get(AZURE.resourceGroup, AZURE.vnets.app.name);
    // defaultPublicNatGateway and subnet ipConfigurations describe resources the sandbox does not model.
    const modelled = (k: string) => !/defaultPublicNatGateway|ipConfigurations/.test(k);
    const missing = keyPaths(v)
      .filter(modelled)
      .filter((k) => !keyPaths(mine).includes(k));
    assert.deepEqual(missing, []);
  });

  it('network security groups (list, listAll) and a security rule create', async () => {
    const nsgs = [];
    for await (const n of viaFixtures.networkSecurityGroups.list('rg1')) nsgs.push(n);
    assert.equal(nsgs[0].defaultSecurityRules?.length, 6);
    assert.equal(nsgs[0].defaultSecurityRules?.[2].name, 'DenyAllInBound');
    const all = [];
    for await (const n of viaFixtures.networkSecurityGroups.listAll()) all.push(n);
    assert.ok(all.length >= 1);
    const ruleExample = example('NetworkSecurityGroupRuleCreate.json');
    const ruleParams = (
      ruleExample.parameters.securityRuleParameters as { properties: Record<string, unknown> }
    ).properties;
    const rule = await viaFixtures.securityRules.beginCreateOrUpdateAndWait(
      'rg1',
      'testnsg',
      'rule1',
      ruleParams,
      FAST_POLL,
    );
    assert.deepEqual(
      [rule.access, rule.direction, rule.priority, rule.destinationPortRange],
      ['Deny', 'Outbound', 100, '8080'],
    );

    const mine = [];
    for await (const n of viaSandbox.networkSecurityGroups.list(AZURE.resourceGroup)) mine.push(n);
    assert.deepEqual(
      mine[0].defaultSecurityRules?.map((r) => [
        r.name,
        r.priority,
        r.direction,
        r.access,
        r.sourceAddressPrefix,
        r.destinationAddressPrefix,
        r.description,
      ]),
      nsgs[0].defaultSecurityRules?.map((r) => [
        r.name,
        r.priority,
        r.direction,
        r.access,
        r.sourceAddressPrefix,
        r.destinationAddressPrefix,
        r.description,
      ]),
    );
    const sandboxRule = await viaSandbox.securityRules.beginCreateOrUpdateAndWait(
      AZURE.resourceGroup,
      AZURE.nsg,
      'rule1',
      ruleParams,
      FAST_POLL,
    );
    const missing = keyPaths(rule).filter((k) => !keyPaths(sandboxRule).includes(k));
    assert.deepEqual(missing, []);
  });
});

// ---------------------------------------------------------------- swagger conformance

interface SwaggerSchema {
  $ref?: string;
  type?: string;
  enum?: string[];
  properties?: Record<string, SwaggerSchema>;
  allOf?: SwaggerSchema[];
  items?: SwaggerSchema;
  additionalProperties?: SwaggerSchema | boolean;
}

interface SwaggerDoc {
  definitions: Record<string, SwaggerSchema>;
  'network.json#/definitions': Record<string, SwaggerSchema>;
}

function resolveRef(doc: SwaggerDoc, ref: string): SwaggerSchema | undefined {
  const local = /^#\/definitions\/(\w+)$/.exec(ref);
  if (local) return doc.definitions[local[1]];
  const shared = /^\.\/network\.json#\/definitions\/(\w+)$/.exec(ref);
  if (shared) return doc['network.json#/definitions'][shared[1]];
  return undefined;
}

/** Violations of a swagger schema; refs the fixture does not include (Subnet, FlowLog) are accepted as-is. */
function swaggerViolations(
  doc: SwaggerDoc,
  value: unknown,
  schema: SwaggerSchema,
  at: string,
): string[] {
  if (schema.$ref) {
    const target = resolveRef(doc, schema.$ref);
    return target ? swaggerViolations(doc, value, target, at) : [];
  }
  const properties: Record<string, SwaggerSchema> = { ...(schema.properties ?? {}) };
  for (const part of schema.allOf ?? []) {
    const resolved = part.$ref ? resolveRef(doc, part.$ref) : part;
    Object.assign(properties, resolved?.properties ?? {});
  }
  const out: string[] = [];
  if (Object.keys(properties).length || schema.type === 'object') {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return [`${at}: expected an object`];
    for (const [k, v] of Object.entries(value)) {
      const prop =
        properties[k] ??
        (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (!prop) out.push(`${at}.${k}: not in the schema`);
      else out.push(...swaggerViolations(doc, v, prop, `${at}.${k}`));
    }
    return out;
  }
  switch (schema.type) {
    case 'array':
      if (!Array.isArray(value)) return [`${at}: expected an array`];
      value.forEach((item, i) =>
        out.push(...swaggerViolations(doc, item, schema.items ?? {}, `${at}[${i}]`)),
      );
      return out;
    case 'string':
      if (typeof value !== 'string') return [`${at}: expected a string`];
      return schema.enum && !schema.enum.includes(value)
        ? [`${at}: ${value} not in ${schema.enum.join('|')}`]
        : [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: expected a boolean`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: expected an integer`];
    default:
      return schema.enum && !schema.enum.includes(String(value))
        ? [`${at}: ${String(value)} not in ${schema.enum.join('|')}`]
        : [];
  }
}

describe('sandbox Azure answers conform to the virtualNetworkPeering swagger definitions', function () {
  const doc = JSON.parse(
    readFileSync(path.join(FIXTURES, 'virtualNetworkPeering.schema.json'), 'utf8'),
  ) as SwaggerDoc;
  let sandbox: RunningSandbox;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 20 });
  });
  after(() => sandbox.stop());

  function rawGet(pathAndQuery: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        `${sandbox.endpoints.azure}${pathAndQuery}`,
        {
          ca: sandbox.endpoints.azureCaPem,
          headers: { authorization: `Bearer ${sandboxAzureToken(AZURE.tenantId)}` },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () =>
            res.statusCode === 200
              ? resolve(JSON.parse(text))
              : reject(new Error(`${res.statusCode} ${text}`)),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it('the validator itself catches unknown fields and bad enum values', () => {
    const bad = { name: 'p', properties: { peeringState: 'Up', color: 'red' } };
    assert.deepEqual(
      swaggerViolations(
        doc,
        bad,
        { $ref: '#/definitions/VirtualNetworkPeering' },
        'peering',
      ).sort(),
      [
        'peering.properties.color: not in the schema',
        'peering.properties.peeringState: Up not in Initiated|Connected|Disconnected',
      ],
    );
  });

  it('peering list and virtual network list', async () => {
    const base = `/subscriptions/${AZURE.subscriptionId}/resourceGroups/${AZURE.resourceGroup}/providers/Microsoft.Network/virtualNetworks`;
    const peerings = await rawGet(
      `${base}/${AZURE.vnets.app.name}/virtualNetworkPeerings?api-version=2025-05-01`,
    );
    assert.deepEqual(
      swaggerViolations(
        doc,
        peerings,
        { $ref: '#/definitions/VirtualNetworkPeeringListResult' },
        'list',
      ),
      [],
    );
    assert.equal(
      (peerings as { value: unknown[] }).value.length,
      3,
      'vnet-app: to hub, spoke and db',
    );
    const vnets = await rawGet(
      `/subscriptions/${AZURE.subscriptionId}/providers/Microsoft.Network/virtualNetworks?api-version=2025-05-01`,
    );
    assert.deepEqual(
      swaggerViolations(doc, vnets, { $ref: '#/definitions/VirtualNetworkListResult' }, 'vnets'),
      [],
    );
    // app, hub, spoke, db and the Doctor's web, api, edge, shared.
    assert.equal((vnets as { value: unknown[] }).value.length, 8);
  });
});
