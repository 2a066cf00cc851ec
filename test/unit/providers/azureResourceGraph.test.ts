/**
 * Azure Resource Graph as an Azure tenant's inventory engine: the real @azure/arm-resourcegraph
 * client (through AzureProvider and directly) against the sandbox's Resource Graph over HTTPS.
 * The engine's answer must equal what the per-subscription calls list, and discovery must fall
 * back to those calls when the engine is switched off.
 */
import * as assert from 'node:assert/strict';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { Discovery, type EngineReport } from '../../../src/discovery/discovery';
import type { Account, AccountGroup, Network, Peering } from '../../../src/model/types';
import { AzureProvider } from '../../../src/providers/azure/index';
import { VNET_QUERY } from '../../../src/providers/azure/resourceGraph';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { LARGE_AZURE_TENANT, largeAzureSubscriptionId } from '../../../src/sandbox/azure/large';
import { startSandbox } from '../../../src/sandbox/server';
import { AZURE } from '../../../src/sandbox/worlds/demoTopology';
import { sandboxCredential } from '../sandbox/azureClients';
import { sandboxAzureCredentials } from './sandboxAccounts';

const ORG: AccountGroup = { kind: 'azure-tenant', id: LARGE_AZURE_TENANT, label: 'Sandbox Org' };

function tenantAccounts(endpoint: string, count: number): Account[] {
  return Array.from({ length: count }, (_, n) => ({
    id: `azure:org-${n}`,
    cloud: 'azure' as const,
    ref: largeAzureSubscriptionId(n),
    tenantId: LARGE_AZURE_TENANT,
    label: `Org subscription ${n}`,
    endpoint,
    sandbox: true,
    group: ORG,
  }));
}

function calls(sandbox: RunningSandbox, operation: string): number {
  return sandbox.admin.counters()[`azure.${operation}`] ?? 0;
}

const byKey = <T extends { key: string }>(items: T[]) =>
  [...items].sort((a, b) => a.key.localeCompare(b.key));

describe('providers/azure: Azure Resource Graph for a tenant', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  let provider: AzureProvider;
  const SUBSCRIPTIONS = 600;

  before(async () => {
    sandbox = await startSandbox({
      world: { kind: 'large', awsPeerings: 0, azureSubscriptions: SUBSCRIPTIONS },
    });
    provider = new AzureProvider({
      credentials: sandboxAzureCredentials([
        AZURE.tenantId,
        AZURE.otherTenantId,
        LARGE_AZURE_TENANT,
      ]),
      azureCaPem: sandbox.endpoints.azureCaPem,
    });
  });
  after(async () => {
    provider.dispose();
    await sandbox.stop();
  });
  beforeEach(() => {
    sandbox.admin.setEngine('azure-resource-graph', true);
    sandbox.admin.setFaults([]);
    sandbox.admin.resetCounters();
  });

  it('answers for 600 subscriptions in two pages, exactly what the per-subscription calls list', async () => {
    const accounts = tenantAccounts(sandbox.endpoints.azure, SUBSCRIPTIONS);
    const inventory = await provider.listGroupInventory(ORG, accounts);
    assert.equal(inventory.engine, 'Azure Resource Graph');
    // 1,200 vnets at 1,000 rows a page.
    assert.equal(inventory.calls, 2);
    assert.equal(calls(sandbox, 'resources.query'), 2);
    assert.equal(calls(sandbox, 'virtualNetworks.listAll'), 0);
    assert.equal(inventory.byAccount.size, SUBSCRIPTIONS);

    for (const n of [0, 1, 299, SUBSCRIPTIONS - 1]) {
      const account = accounts[n];
      const place = { account };
      const [networks, peerings] = await Promise.all([
        provider.listNetworks(place),
        provider.listPeerings(place),
      ]);
      const fromEngine = inventory.byAccount.get(account.id)!.get(undefined)!;
      assert.deepEqual(byKey(fromEngine.networks), byKey(networks), `networks of ${n}`);
      assert.deepEqual(byKey(fromEngine.peerings), byKey(peerings), `peerings of ${n}`);
      assert.equal(networks.length, 2);
      // hub↔spoke both ways, and the hub's one-way peering to the next subscription's hub.
      assert.equal(peerings.length, n === SUBSCRIPTIONS - 1 ? 2 : 3);
    }
    const last = inventory.byAccount.get(accounts[0].id)!.get(undefined)!;
    const toNext = last.peerings.find((p) => p.name === 'to-next-hub')!;
    assert.equal(toNext.rawState, 'Initiated');
    assert.equal(toNext.peer.accountId, largeAzureSubscriptionId(1));
  });

  it('discovery reads a grouped tenant through the engine, and lists each subscription when it is off', async () => {
    const accounts = tenantAccounts(sandbox.endpoints.azure, 40);
    const loadProvider = async () => provider;
    const reports: EngineReport[] = [];
    const viaEngine = await new Discovery({
      loadProvider,
      onEngine: (r) => reports.push(r),
    }).refresh(accounts);
    assert.equal(calls(sandbox, 'resources.query'), 1);
    assert.equal(calls(sandbox, 'virtualNetworks.listAll'), 0);
    assert.equal(reports.length, 1);
    assert.equal(reports[0].inventory?.calls, 1);
    assert.equal(reports[0].error, undefined);
    assert.equal(viaEngine.errors.length, 0);
    assert.equal(viaEngine.networks.length, 80);

    sandbox.admin.resetCounters();
    sandbox.admin.setEngine('azure-resource-graph', false);
    const fallback = await new Discovery({
      loadProvider,
      onEngine: (r) => reports.push(r),
    }).refresh(accounts);
    assert.equal(calls(sandbox, 'resources.query'), 1, 'the engine was asked');
    assert.equal(calls(sandbox, 'virtualNetworks.listAll'), 40, 'then every subscription');
    assert.match(reports[1].error ?? '', /Microsoft\.ResourceGraph\/resources\/read|authoriz/i);
    assert.equal(fallback.errors.length, 0);

    const strip = (r: { networks: Network[]; peerings: Peering[] }) => ({
      networks: byKey(r.networks),
      peerings: byKey(r.peerings),
    });
    assert.deepEqual(strip(viaEngine), strip(fallback));
    // Peer resolution works the same: the next hub is a configured network either way.
    const toNext = viaEngine.peerings.find((p) => p.name === 'to-next-hub')!;
    assert.ok(toNext.peer.resolvedKey, 'peer resolved through the engine');
  });

  it('a single subscription of the group, not prefetched, is listed by its own call', async () => {
    const [account] = tenantAccounts(sandbox.endpoints.azure, 1);
    const discovery = new Discovery({ loadProvider: async () => provider });
    await discovery.networks({ account });
    assert.equal(calls(sandbox, 'resources.query'), 0);
    assert.equal(calls(sandbox, 'virtualNetworks.listAll'), 1);
  });

  it('pages with $skipToken through the SDK client and refuses what it cannot run', async () => {
    const client = new ResourceGraphClient(sandboxCredential(LARGE_AZURE_TENANT), {
      endpoint: sandbox.endpoints.azure,
      credentials: { scopes: [`${sandbox.endpoints.azure}/.default`] },
      tlsOptions: { ca: sandbox.endpoints.azureCaPem },
      retryOptions: { maxRetries: 0 },
    });
    const subscriptions = [0, 1, 2, 3].map(largeAzureSubscriptionId);
    const ids: string[] = [];
    let skipToken: string | undefined;
    let pages = 0;
    do {
      const page = await client.resources({
        subscriptions,
        query: VNET_QUERY,
        options: { top: 3, skipToken, resultFormat: 'objectArray' },
      });
      pages++;
      assert.equal(page.totalRecords, 8);
      assert.equal(page.resultTruncated, 'false');
      for (const row of page.data as { id: string; type: string }[]) {
        assert.equal(row.type, 'microsoft.network/virtualnetworks');
        ids.push(row.id);
      }
      skipToken = page.skipToken;
    } while (skipToken);
    assert.equal(pages, 3);
    assert.deepEqual(ids, [...ids].sort(), 'ordered by id');
    assert.equal(new Set(ids).size, 8);

    // Another tenant's token sees none of these subscriptions.
    const other = new ResourceGraphClient(sandboxCredential(AZURE.tenantId), {
      endpoint: sandbox.endpoints.azure,
      credentials: { scopes: [`${sandbox.endpoints.azure}/.default`] },
      tlsOptions: { ca: sandbox.endpoints.azureCaPem },
      retryOptions: { maxRetries: 0 },
    });
    const foreign = await other.resources({ subscriptions, query: VNET_QUERY });
    assert.equal(foreign.totalRecords, 0);

    await assert.rejects(
      client.resources({ query: 'resources | summarize count() by type' }),
      (e: { statusCode?: number; code?: string; message?: string }) =>
        e.statusCode === 400 && /BadRequest/.test(`${e.code} ${e.message}`),
    );
  });
});
