import * as assert from 'node:assert/strict';
import { Discovery } from '../../../src/discovery/discovery';
import type { Account } from '../../../src/model/types';
import { AzureProvider } from '../../../src/providers/azure/index';
import type { CredentialSource, ProviderEnvironment } from '../../../src/providers/provider';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { sandboxAzureToken } from '../../../src/sandbox/azure/tokens';
import { startSandbox } from '../../../src/sandbox/server';
import { AZURE } from '../../../src/sandbox/worlds/demoTopology';
import { FAST_POLL, networkClient } from '../sandbox/azureClients';
import { sandboxAzureAccount, sandboxAzureCredentials } from './sandboxAccounts';

const RG = AZURE.resourceGroup;
const SUB = AZURE.subscriptionId;
const vnetId = (name: string, sub: string = SUB, rg: string = RG) =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${name}`;
const APP = vnetId(AZURE.vnets.app.name);
const HUB = vnetId(AZURE.vnets.hub.name);
const SPOKE = vnetId(AZURE.vnets.spoke.name);
/** The Doctor's user-defined-route pairs (web ↔ api, edge ↔ shared). */
const UDR_VNETS = [AZURE.udr.web, AZURE.udr.api, AZURE.udr.edge, AZURE.udr.shared].map(
  (v) => v.name,
);
const UDR_PEERINGS = [
  AZURE.udr.webToApi,
  AZURE.udr.apiToWeb,
  AZURE.udr.edgeToShared,
  AZURE.udr.sharedToEdge,
];
const PARTNER = vnetId(
  AZURE.partner.vnet.name,
  AZURE.otherSubscriptionId,
  AZURE.partner.resourceGroup,
);
const peeringId = (vnet: string, name: string) => `${vnet}/virtualNetworkPeerings/${name}`;

function azureCalls(sandbox: RunningSandbox, operation?: string): number {
  return Object.entries(sandbox.admin.counters())
    .filter(([k]) => (operation ? k === `azure.${operation}` : k.startsWith('azure.')))
    .reduce((n, [, v]) => n + v, 0);
}

describe('providers/azure against the sandbox', function () {
  let sandbox: RunningSandbox;
  let provider: AzureProvider;
  let account: Account;
  let env: (credentials: CredentialSource, withCa?: boolean) => ProviderEnvironment;
  const others: AzureProvider[] = [];
  const make = (credentials: CredentialSource, withCa = true) => {
    const p = new AzureProvider(env(credentials, withCa));
    others.push(p);
    return p;
  };

  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 50 });
    env = (credentials, withCa = true) => ({
      credentials,
      azureCaPem: withCa ? sandbox.endpoints.azureCaPem : undefined,
    });
    provider = new AzureProvider(env(sandboxAzureCredentials()));
    account = sandboxAzureAccount(sandbox.endpoints.azure);
  });
  after(async () => {
    provider.dispose();
    for (const p of others) p.dispose();
    await sandbox.stop();
  });
  beforeEach(() => {
    sandbox.admin.reset('demo');
    sandbox.admin.setFaults([]);
  });

  it('lists every vnet with its address space and location, networks and peerings in one call', async () => {
    assert.deepEqual(await provider.listRegions(), [undefined]);
    sandbox.admin.resetCounters();
    const [networks, peerings] = await Promise.all([
      provider.listNetworks({ account }),
      provider.listPeerings({ account }),
    ]);
    assert.equal(azureCalls(sandbox), 1, 'one virtualNetworks.listAll');
    assert.equal(azureCalls(sandbox, 'virtualNetworks.listAll'), 1);
    const byName = new Map(networks.map((n) => [n.name, n]));
    assert.deepEqual(
      [...byName.keys()].sort(),
      [
        AZURE.vnets.app.name,
        AZURE.vnets.hub.name,
        AZURE.vnets.spoke.name,
        AZURE.vnets.db.name,
        ...UDR_VNETS,
      ].sort(),
    );
    const app = byName.get(AZURE.vnets.app.name)!;
    assert.equal(app.id, APP);
    assert.equal(app.key, `azure:app/${APP}`);
    assert.deepEqual(app.cidrs, [...AZURE.vnets.app.addressSpace]);
    assert.equal(app.region, AZURE.location);
    assert.equal(app.ownerId, SUB);
    assert.equal(peerings.length, 5 + UDR_PEERINGS.length);
  });

  it('lists peerings: the Connected pair and the one-sided Initiated one, with sync level and flags', async () => {
    const peerings = await provider.listPeerings({ account });
    const byName = new Map(peerings.map((p) => [p.name, p]));
    assert.deepEqual(
      [...byName.keys()].sort(),
      [
        AZURE.peerings.appToHub,
        AZURE.peerings.appToSpoke,
        AZURE.peerings.hubToApp,
        AZURE.peerings.appToDb,
        AZURE.peerings.dbToApp,
        ...UDR_PEERINGS,
      ].sort(),
    );
    // vnet-db's address space grew after the peering: app-to-db has to sync.
    assert.equal(byName.get(AZURE.peerings.appToDb)?.options?.peeringSyncLevel, 'RemoteNotInSync');
    const appToHub = byName.get(AZURE.peerings.appToHub)!;
    assert.equal(appToHub.id, peeringId(APP, AZURE.peerings.appToHub));
    assert.deepEqual([appToHub.state, appToHub.rawState], ['active', 'Connected']);
    assert.deepEqual(
      [
        appToHub.local.networkId,
        appToHub.local.region,
        appToHub.peer.networkId,
        appToHub.peer.accountId,
      ],
      [APP, AZURE.location, HUB, SUB],
    );
    assert.deepEqual(appToHub.peer.cidrs, [...AZURE.vnets.hub.addressSpace]);
    assert.equal(appToHub.options?.peeringSyncLevel, 'FullyInSync');
    assert.equal(appToHub.options?.allowVirtualNetworkAccess, true);
    assert.equal(appToHub.options?.allowForwardedTraffic, false);
    assert.equal(appToHub.stateMessage, undefined);
    const oneSided = byName.get(AZURE.peerings.appToSpoke)!;
    assert.deepEqual([oneSided.state, oneSided.rawState], ['pending', 'Initiated']);
    assert.match(oneSided.stateMessage ?? '', /peer back/);
    assert.equal(oneSided.peer.networkId, SPOKE);

    const one = await provider.getPeering({ account }, oneSided.id);
    assert.equal(one?.rawState, 'Initiated');
    assert.equal(await provider.getPeering({ account }, peeringId(APP, 'no-such')), undefined);
    await assert.rejects(
      provider.getPeering({ account }, 'app-to-hub'),
      /id "app-to-hub" is not valid/,
    );
  });

  it('lists NSG inbound Allow rules, default rules included (the deny rule left out); no route tables', async () => {
    const groups = await provider.listFirewalls({ account });
    assert.equal(groups.length, 1);
    const nsg = groups[0];
    assert.equal(nsg.name, AZURE.nsg);
    assert.deepEqual(
      nsg.ingress.map((r) => [r.protocol, r.fromPort, r.toPort, r.sources]),
      [
        ['-1', undefined, undefined, ['VirtualNetwork']],
        ['-1', undefined, undefined, ['AzureLoadBalancer']],
      ],
    );
    assert.match(nsg.ingress[0].description ?? '', /AllowVnetInBound \(priority 65000\)/);
    assert.equal(nsg.networkId, APP, 'the demo NSG guards vnet-app’s subnet');
    assert.deepEqual(await provider.listRouteTables(), []);
  });

  it('createPeering from the spoke makes the one-sided peering Connected', async () => {
    const created = await provider.createPeering(
      { account },
      {
        resourceGroup: RG,
        vnetName: AZURE.vnets.spoke.name,
        name: 'spoke-to-app',
        remoteVnetId: APP,
      },
    );
    assert.equal(created.id, peeringId(SPOKE, 'spoke-to-app'));
    assert.deepEqual([created.state, created.rawState], ['active', 'Connected']);
    assert.equal(created.local.networkId, SPOKE);
    const appToSpoke = await provider.getPeering(
      { account },
      peeringId(APP, AZURE.peerings.appToSpoke),
    );
    assert.equal(appToSpoke?.rawState, 'Connected');
  });

  it('a cross-tenant peering needs the remote tenant: LinkedAuthorizationFailed explained, then the auxiliary token', async () => {
    const input = {
      resourceGroup: RG,
      vnetName: AZURE.vnets.app.name,
      name: 'app-to-partner',
      remoteVnetId: PARTNER,
    };
    await assert.rejects(provider.createPeering({ account }, input), (e: Error) => {
      assert.match(
        e.message,
        /^Azure subscription "sandbox azure" \(00000000-0000-4000-8000-000000000001\) creating peering "app-to-partner" on vnet-app:/,
      );
      assert.match(e.message, /LinkedAuthorizationFailed/);
      assert.match(
        e.message,
        /Give the remote tenant id \(remoteTenantId\) and sign in to that tenant/,
      );
      return true;
    });

    // Signed in to the home tenant only: getAzureToken has nothing for the partner's tenant.
    const homeOnly = sandboxAzureCredentials([AZURE.tenantId]);
    await assert.rejects(
      make(homeOnly).createPeering({ account }, { ...input, remoteTenantId: AZURE.otherTenantId }),
      (e: Error) => {
        assert.match(
          e.message,
          /the remote network is in tenant bbbbbbbb-0000-4000-8000-000000000002, and there is no sign-in for that tenant/,
        );
        return true;
      },
    );
    assert.ok(homeOnly.tokenRequests.some((r) => r.tenantId === AZURE.otherTenantId));

    const both = sandboxAzureCredentials();
    const created = await make(both).createPeering(
      { account },
      { ...input, remoteTenantId: AZURE.otherTenantId },
    );
    assert.deepEqual(
      [created.rawState, created.peer.accountId],
      ['Initiated', AZURE.otherSubscriptionId],
    );
    assert.deepEqual(
      both.tokenRequests.map((r) => r.scopes),
      both.tokenRequests.map(() => [`${sandbox.endpoints.azure}/.default`]),
    );
  });

  it('deletePeering leaves the other side Disconnected', async () => {
    await provider.deletePeering(
      { account },
      { resourceGroup: RG, vnetName: AZURE.vnets.hub.name, name: AZURE.peerings.hubToApp },
    );
    assert.equal(
      await provider.getPeering({ account }, peeringId(HUB, AZURE.peerings.hubToApp)),
      undefined,
    );
    const appToHub = await provider.getPeering(
      { account },
      peeringId(APP, AZURE.peerings.appToHub),
    );
    assert.deepEqual([appToHub?.state, appToHub?.rawState], ['disconnected', 'Disconnected']);
    assert.match(appToHub?.stateMessage ?? '', /delete this peering and create it again/);
  });

  it('syncPeering picks up a changed remote address space', async () => {
    const net = networkClient(sandbox.endpoints, SUB, { tenantId: AZURE.tenantId });
    const hub = await net.virtualNetworks.get(RG, AZURE.vnets.hub.name);
    await net.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      AZURE.vnets.hub.name,
      { ...hub, addressSpace: { addressPrefixes: ['10.201.0.0/16', '10.221.0.0/16'] } },
      FAST_POLL,
    );
    const stale = await provider.getPeering({ account }, peeringId(APP, AZURE.peerings.appToHub));
    assert.equal(stale?.options?.peeringSyncLevel, 'RemoteNotInSync');
    assert.match(stale?.stateMessage ?? '', /sync this peering/);
    const synced = await provider.syncPeering(
      { account },
      { resourceGroup: RG, vnetName: AZURE.vnets.app.name, name: AZURE.peerings.appToHub },
    );
    assert.deepEqual(synced.peer.cidrs, ['10.201.0.0/16', '10.221.0.0/16']);
    assert.equal(synced.options?.peeringSyncLevel, 'FullyInSync');
  });

  it('createSecurityRule adds an inbound rule the NSG listing shows; bad input is refused before any call', async () => {
    await provider.createSecurityRule(
      { account },
      {
        resourceGroup: RG,
        nsgName: AZURE.nsg,
        name: 'allow-redis-from-hub',
        priority: 200,
        sourceAddressPrefix: AZURE.vnets.hub.addressSpace[0],
        destinationPortRange: '6379',
        protocol: 'Tcp',
        access: 'Allow',
        direction: 'Inbound',
      },
    );
    const [nsg] = await provider.listFirewalls({ account });
    assert.deepEqual(
      [
        nsg.ingress[0].protocol,
        nsg.ingress[0].fromPort,
        nsg.ingress[0].toPort,
        nsg.ingress[0].sources,
      ],
      ['tcp', 6379, 6379, [AZURE.vnets.hub.addressSpace[0]]],
      'the custom rule first (lowest priority number)',
    );
    sandbox.admin.resetCounters();
    const good = {
      resourceGroup: RG,
      nsgName: AZURE.nsg,
      name: 'r',
      priority: 300,
      sourceAddressPrefix: '10.0.0.0/8',
      destinationPortRange: '443',
      protocol: 'Tcp' as const,
      access: 'Allow' as const,
      direction: 'Inbound' as const,
    };
    await assert.rejects(
      provider.createSecurityRule({ account }, { ...good, priority: 50 }),
      /^UserFacingError: priority 50 is not valid: it must be an integer from 100 to 4096/,
    );
    await assert.rejects(
      provider.createSecurityRule({ account }, { ...good, destinationPortRange: '80,443' }),
      /destinationPortRange "80,443" is not valid/,
    );
    await assert.rejects(
      provider.createSecurityRule({ account }, { ...good, sourceAddressPrefix: '10.0.0.0/40' }),
      /sourceAddressPrefix "10\.0\.0\.0\/40" is not valid/,
    );
    await assert.rejects(
      provider.createPeering(
        { account },
        { resourceGroup: RG, vnetName: 'vnet-app', name: 'x', remoteVnetId: 'vnet-hub' },
      ),
      /remoteVnetId "vnet-hub" is not valid: it must be a virtual network id/,
    );
    assert.equal(azureCalls(sandbox), 0);
  });

  it('completes under a 429 storm with bounded retries, and waits as long as Retry-After says', async () => {
    sandbox.admin.resetCounters();
    const calm = await Promise.all([
      provider.listNetworks({ account }),
      provider.listPeerings({ account }),
      provider.listFirewalls({ account }),
    ]);
    const minimum = azureCalls(sandbox);
    sandbox.admin.setFaults([{ cloud: 'azure', throttleRate: 0.5, retryAfterSeconds: 0 }]);
    sandbox.admin.resetCounters();
    const stormy = await Promise.all([
      provider.listNetworks({ account }),
      provider.listPeerings({ account }),
      provider.listFirewalls({ account }),
    ]);
    assert.deepEqual(stormy, calm);
    const calls = azureCalls(sandbox);
    assert.ok(calls <= minimum * 5, `retries bounded: ${calls} calls for ${minimum}`);

    // Throttled with Retry-After: 1 until the faults are lifted after 200 ms; the retry waits the full second.
    sandbox.admin.setFaults([{ cloud: 'azure', throttleRate: 1, retryAfterSeconds: 1 }]);
    sandbox.admin.resetCounters();
    const started = Date.now();
    setTimeout(() => sandbox.admin.setFaults([]), 200);
    await provider.listNetworks({ account });
    assert.ok(Date.now() - started >= 1000, `waited ${Date.now() - started} ms`);
    assert.equal(azureCalls(sandbox, 'virtualNetworks.listAll'), 2);
  });

  it('retries a 5xx storm up to five attempts, then says which subscription failed', async () => {
    sandbox.admin.setFaults([{ cloud: 'azure', errorRate: 0.3 }]);
    assert.equal((await provider.listNetworks({ account })).length, 4 + UDR_VNETS.length);
    sandbox.admin.setFaults([{ cloud: 'azure', errorRate: 1 }]);
    sandbox.admin.resetCounters();
    await assert.rejects(
      provider.listPeerings({ account }),
      /Azure subscription "sandbox azure".*\(500 InternalServerError\)/,
    );
    assert.equal(azureCalls(sandbox, 'virtualNetworks.listAll'), 5);
  });

  it('explains a token for the wrong tenant and a missing sign-in, naming the subscription and the fix', async () => {
    const wrongTenant = make({
      getSecret: async () => undefined,
      getAzureToken: async () => ({
        token: sandboxAzureToken(AZURE.otherTenantId),
        expiresOnTimestamp: Date.now() + 3600_000,
      }),
    });
    await assert.rejects(wrongTenant.listNetworks({ account }), (e: Error) => {
      assert.match(
        e.message,
        /^Azure subscription "sandbox azure".*the sign-in was rejected \(InvalidAuthenticationTokenTenant\)/,
      );
      assert.match(e.message, /Try the Sandbox/);
      return true;
    });
    const signedOut = make(sandboxAzureCredentials([]));
    await assert.rejects(
      signedOut.listNetworks({ account }),
      /Azure subscription "sandbox azure" \(00000000-0000-4000-8000-000000000001\): not signed in to Azure for tenant aaaaaaaa-0000-4000-8000-000000000001\./,
    );

    // A real (non-sandbox) account falls back to @azure/identity: no az CLI and no environment here.
    sandbox.admin.resetCounters();
    const real = { ...account, sandbox: false, label: 'prod' };
    await assert.rejects(signedOut.listNetworks({ account: real }), (e: Error) => {
      assert.match(
        e.message,
        /^Azure subscription "prod" \(00000000-0000-4000-8000-000000000001\): not signed in to Azure/,
      );
      assert.match(e.message, /az login --tenant aaaaaaaa-0000-4000-8000-000000000001/);
      return true;
    });
    assert.equal(azureCalls(sandbox), 0, 'nothing sent without a token');
  });

  it('explains a closed endpoint, and a client that does not trust the sandbox certificate fails', async () => {
    const closed = { ...account, endpoint: 'https://127.0.0.1:9' };
    await assert.rejects(provider.listNetworks({ account: closed }), (e: Error) => {
      assert.match(
        e.message,
        /Azure subscription "sandbox azure".*cannot reach https:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/,
      );
      assert.match(e.message, /Check the endpoint override/);
      return true;
    });
    await assert.rejects(
      provider.listNetworks({ account: { ...account, endpoint: 'http://127.0.0.1:9' } }),
      /endpoint override "http:\/\/127\.0\.0\.1:9" is not HTTPS/,
    );
    const untrusting = make(sandboxAzureCredentials(), false);
    sandbox.admin.resetCounters();
    await assert.rejects(untrusting.listNetworks({ account }), (e: Error) => {
      assert.match(
        e.message,
        /the certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted \((SELF_SIGNED|DEPTH_ZERO|UNABLE_TO_VERIFY)/,
      );
      return true;
    });
    assert.equal(azureCalls(sandbox), 0, 'the TLS handshake fails before any request');
  });

  it('lists subscriptions and tenants for Add Account', async () => {
    const subs = await provider.listSubscriptions({
      endpoint: sandbox.endpoints.azure,
      tenantId: AZURE.tenantId,
      sandbox: true,
    });
    assert.deepEqual(
      subs.map((s) => [s.subscriptionId, s.tenantId, s.state]),
      [[SUB, AZURE.tenantId, 'Enabled']],
    );
    const partner = await provider.listSubscriptions({
      endpoint: sandbox.endpoints.azure,
      tenantId: AZURE.otherTenantId,
      sandbox: true,
    });
    assert.deepEqual(
      partner.map((s) => s.subscriptionId),
      [AZURE.otherSubscriptionId],
    );
    const tenants = await provider.listTenants({
      endpoint: sandbox.endpoints.azure,
      sandbox: true,
    });
    assert.deepEqual(
      tenants.map((t) => t.tenantId).sort(),
      [AZURE.tenantId, AZURE.otherTenantId].sort(),
    );
    await assert.rejects(
      make(sandboxAzureCredentials([])).listTenants({
        endpoint: sandbox.endpoints.azure,
        sandbox: true,
      }),
      /^UserFacingError: Azure sign-in at https:\/\/127\.0\.0\.1:\d+ listing tenants: not signed in/,
    );
  });

  it('discovers the subscription with resolved peers in one call', async () => {
    sandbox.admin.resetCounters();
    const result = await new Discovery({ loadProvider: async () => provider }).refresh([account]);
    assert.deepEqual(result.errors, []);
    assert.equal(azureCalls(sandbox), 1);
    assert.equal(result.networks.length, 4 + UDR_VNETS.length);
    assert.equal(result.peerings.length, 5 + UDR_PEERINGS.length);
    const appToHub = result.peerings.find((p) => p.name === AZURE.peerings.appToHub)!;
    assert.equal(appToHub.peer.resolvedKey, `azure:app/${HUB}`);
  });
});
