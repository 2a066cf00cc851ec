import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import type {
  NetworkManagementClient,
  VirtualNetwork,
  VirtualNetworkPeering,
} from '@azure/arm-network';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { sandboxAzureToken } from '../../../src/sandbox/azure/tokens';
import { startSandbox } from '../../../src/sandbox/server';
import { AZURE } from '../../../src/sandbox/worlds/demoTopology';
import { FAST_POLL, expectArmError, networkClient, subscriptionClient } from './azureClients';

const RG = AZURE.resourceGroup;
const APP = AZURE.vnets.app.name;
const HUB = AZURE.vnets.hub.name;
const SPOKE = AZURE.vnets.spoke.name;
const SUB = AZURE.subscriptionId;
const OP_DELAY_MS = 80;

function vnetRef(name: string, subscriptionId: string = SUB, resourceGroup: string = RG): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${name}`;
}

/** A plain HTTPS request that trusts only the given CA. */
function armCall(
  url: string,
  headers: Record<string, string> = {
    authorization: `Bearer ${sandboxAzureToken(AZURE.tenantId)}`,
  },
  ca = sandboxCaPem,
): Promise<{ status: number; body: { error?: { code?: string } } }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { ca, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: text ? (JSON.parse(text) as { error?: { code?: string } }) : {},
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

let sandboxCaPem = '';

describe('sandbox Azure ARM through @azure/arm-network over HTTPS', function () {
  let sandbox: RunningSandbox;
  let net: NetworkManagementClient;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: OP_DELAY_MS });
    sandboxCaPem = sandbox.endpoints.azureCaPem;
    net = networkClient(sandbox.endpoints, SUB, { tenantId: AZURE.tenantId });
  });
  after(() => sandbox.stop());
  beforeEach(() => sandbox.admin.reset('demo'));

  async function peering(vnet: string, name: string): Promise<VirtualNetworkPeering> {
    return net.virtualNetworkPeerings.get(RG, vnet, name);
  }

  async function createPeering(
    client: NetworkManagementClient,
    vnet: string,
    name: string,
    remoteId: string,
    options: { syncRemoteAddressSpace?: string; resourceGroup?: string } = {},
  ): Promise<VirtualNetworkPeering> {
    return client.virtualNetworkPeerings.beginCreateOrUpdateAndWait(
      options.resourceGroup ?? RG,
      vnet,
      name,
      { remoteVirtualNetwork: { id: remoteId }, allowVirtualNetworkAccess: true },
      { ...FAST_POLL, syncRemoteAddressSpace: options.syncRemoteAddressSpace },
    );
  }

  async function changeAddressSpace(vnet: string, prefixes: string[]): Promise<VirtualNetwork> {
    const current = await net.virtualNetworks.get(RG, vnet);
    return net.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      vnet,
      { ...current, addressSpace: { addressPrefixes: prefixes } },
      FAST_POLL,
    );
  }

  describe('TLS', () => {
    it('serves HTTPS that only a client given the sandbox CA trusts', async () => {
      assert.match(sandbox.endpoints.azure, /^https:\/\/127\.0\.0\.1:\d+$/);
      // Nothing global: TLS checks stay on, the global agent and the process CA list do not carry the sandbox CA.
      assert.notEqual(process.env.NODE_TLS_REJECT_UNAUTHORIZED, '0');
      assert.equal((https.globalAgent.options as { ca?: unknown }).ca, undefined);
      const extraCa = process.env.NODE_EXTRA_CA_CERTS;
      if (extraCa)
        assert.ok(!readFileSync(extraCa, 'utf8').includes(sandbox.endpoints.azureCaPem.trim()));
      const vnets: string[] = [];
      for await (const v of net.virtualNetworks.listAll()) vnets.push(String(v.name));
      const udr = [AZURE.udr.web, AZURE.udr.api, AZURE.udr.edge, AZURE.udr.shared];
      assert.deepEqual(
        vnets.sort(),
        [APP, HUB, SPOKE, AZURE.vnets.db.name, ...udr.map((v) => v.name)].sort(),
      );

      const untrusting = networkClient(sandbox.endpoints, SUB, {
        tenantId: AZURE.tenantId,
        withoutCa: true,
      });
      const failure = await expectArmError(untrusting.virtualNetworks.get(RG, APP));
      assert.match(failure.code + failure.message, /SELF_SIGNED|self[- ]signed|certificate/i);
    });
  });

  describe('subscriptions and tenants', () => {
    it('lists the subscriptions of the token tenant and every tenant', async () => {
      const subs = subscriptionClient(sandbox.endpoints, { tenantId: AZURE.tenantId });
      const mine: string[] = [];
      for await (const s of subs.subscriptions.list())
        mine.push(`${s.subscriptionId}@${s.tenantId}:${s.state}`);
      assert.deepEqual(mine, [`${SUB}@${AZURE.tenantId}:Enabled`]);

      const partnerSubs = subscriptionClient(sandbox.endpoints, { tenantId: AZURE.otherTenantId });
      const theirs: string[] = [];
      for await (const s of partnerSubs.subscriptions.list()) theirs.push(String(s.subscriptionId));
      assert.deepEqual(theirs, [AZURE.otherSubscriptionId]);

      const tenants: string[] = [];
      for await (const t of subs.tenants.list()) tenants.push(String(t.tenantId));
      assert.deepEqual(tenants.sort(), [AZURE.tenantId, AZURE.otherTenantId].sort());
    });

    it('refuses a token from another tenant with 401 InvalidAuthenticationTokenTenant', async () => {
      const wrong = networkClient(sandbox.endpoints, SUB, { tenantId: AZURE.otherTenantId });
      const err = await expectArmError(wrong.virtualNetworks.get(RG, APP));
      assert.equal(err.statusCode, 401);
      assert.equal(err.code, 'InvalidAuthenticationTokenTenant');
    });
  });

  describe('virtual networks and peerings', () => {
    it('shows the demo: app ↔ hub Connected, app → spoke Initiated', async () => {
      const app = await net.virtualNetworks.get(RG, APP);
      assert.deepEqual(app.addressSpace?.addressPrefixes, [...AZURE.vnets.app.addressSpace]);
      assert.equal(app.location, AZURE.location);
      const states = Object.fromEntries(
        (app.virtualNetworkPeerings ?? []).map((p) => [p.name, p.peeringState]),
      );
      assert.deepEqual(states, {
        [AZURE.peerings.appToHub]: 'Connected',
        [AZURE.peerings.appToSpoke]: 'Initiated',
        [AZURE.peerings.appToDb]: 'Connected',
      });
      assert.equal((await peering(HUB, AZURE.peerings.hubToApp)).peeringState, 'Connected');
      const listed: string[] = [];
      for await (const p of net.virtualNetworkPeerings.list(RG, APP))
        listed.push(`${p.name}:${p.peeringSyncLevel}`);
      // vnet-db's address space grew after the peering (the Doctor's demo): app-to-db lags.
      assert.deepEqual(listed.sort(), [
        `${AZURE.peerings.appToDb}:RemoteNotInSync`,
        `${AZURE.peerings.appToHub}:FullyInSync`,
        `${AZURE.peerings.appToSpoke}:FullyInSync`,
      ]);
    });

    it('creates a peering as a long-running operation: 201 + Azure-AsyncOperation, InProgress, then Succeeded; Initiated → Connected', async () => {
      const raw: {
        status: number;
        asyncUrl?: string;
        body?: { status?: string; properties?: { provisioningState?: string } };
      }[] = [];
      sandbox.admin.resetCounters();
      const poller = await net.virtualNetworkPeerings.beginCreateOrUpdate(
        RG,
        SPOKE,
        'spoke-to-app',
        { remoteVirtualNetwork: { id: vnetRef(APP) } },
        {
          ...FAST_POLL,
          onResponse: (r) =>
            raw.push({
              status: r.status,
              asyncUrl: r.headers.get('azure-asyncoperation'),
              body: r.bodyAsText
                ? (JSON.parse(r.bodyAsText) as {
                    status?: string;
                    properties?: { provisioningState?: string };
                  })
                : undefined,
            }),
        },
      );
      assert.equal(raw[0].status, 201);
      assert.equal(raw[0].body?.properties?.provisioningState, 'Updating');
      assert.match(
        String(raw[0].asyncUrl),
        /^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.+\/operations\/[0-9a-f-]+\?api-version=/,
      );
      // While the operation runs, the new peering is visible as Updating.
      assert.equal((await peering(SPOKE, 'spoke-to-app')).provisioningState, 'Updating');

      const done = await poller.pollUntilDone();
      assert.equal(done.provisioningState, 'Succeeded');
      assert.equal(done.peeringState, 'Connected');
      assert.equal((await peering(APP, AZURE.peerings.appToSpoke)).peeringState, 'Connected');
      // The SDK polled the async-operation URL: InProgress, then Succeeded.
      const polls = raw.slice(1).map((r) => r.body?.status);
      assert.equal(polls[0], 'InProgress');
      assert.ok(polls.includes('Succeeded'), `polls saw ${polls.join(',')}`);
      assert.ok(
        (sandbox.admin.counters()['azure.asyncOperations.get'] ?? 0) >= 1,
        'the async-operation URL was called',
      );
    });

    it('answers a one-sided new peering Initiated', async () => {
      const created = await createPeering(net, SPOKE, 'spoke-to-hub', vnetRef(HUB));
      assert.equal(created.peeringState, 'Initiated');
      assert.deepEqual(created.remoteAddressSpace?.addressPrefixes, [
        ...AZURE.vnets.hub.addressSpace,
      ]);
    });

    it('deletes with 202 + Location; the other side becomes Disconnected and must be updated before re-peering', async () => {
      const statuses: number[] = [];
      const locations: (string | undefined)[] = [];
      await net.virtualNetworkPeerings.beginDeleteAndWait(RG, HUB, AZURE.peerings.hubToApp, {
        ...FAST_POLL,
        onResponse: (r) => {
          statuses.push(r.status);
          locations.push(r.headers.get('location'));
        },
      });
      assert.equal(statuses[0], 202);
      assert.match(String(locations[0]), /operationResults/);
      // The SDK does not read a DELETE's Location; other clients may: it answers 204 once done.
      assert.equal((await armCall(String(locations[0]))).status, 204);
      const gone = await expectArmError(peering(HUB, AZURE.peerings.hubToApp));
      assert.deepEqual([gone.statusCode, gone.code], [404, 'NotFound']);
      assert.equal((await peering(APP, AZURE.peerings.appToHub)).peeringState, 'Disconnected');

      const refused = await expectArmError(
        createPeering(net, HUB, 'hub-to-app-again', vnetRef(APP)),
      );
      assert.deepEqual([refused.statusCode, refused.code], [400, 'RemotePeeringIsDisconnected']);

      const reset = await createPeering(net, APP, AZURE.peerings.appToHub, vnetRef(HUB));
      assert.equal(reset.peeringState, 'Initiated');
      await createPeering(net, HUB, 'hub-to-app-again', vnetRef(APP));
      assert.equal((await peering(APP, AZURE.peerings.appToHub)).peeringState, 'Connected');
      assert.equal((await peering(HUB, 'hub-to-app-again')).peeringState, 'Connected');

      // Deleting what is not there is a success, as ARM deletes are idempotent.
      await net.virtualNetworkPeerings.beginDeleteAndWait(RG, HUB, 'never-existed', FAST_POLL);
    });

    it('reports sync levels after an address-space change, and resyncs with syncRemoteAddressSpace=true', async () => {
      const grown = await changeAddressSpace(HUB, ['10.201.0.0/16', '10.221.0.0/16']);
      assert.deepEqual(grown.addressSpace?.addressPrefixes, ['10.201.0.0/16', '10.221.0.0/16']);

      const appToHub = await peering(APP, AZURE.peerings.appToHub);
      assert.equal(appToHub.peeringSyncLevel, 'RemoteNotInSync');
      assert.deepEqual(appToHub.remoteAddressSpace?.addressPrefixes, ['10.201.0.0/16']);
      assert.deepEqual(appToHub.remoteVirtualNetworkAddressSpace?.addressPrefixes, [
        '10.201.0.0/16',
        '10.221.0.0/16',
      ]);
      assert.equal(
        (await peering(HUB, AZURE.peerings.hubToApp)).peeringSyncLevel,
        'LocalNotInSync',
      );

      await changeAddressSpace(APP, ['10.200.0.0/16', '10.220.0.0/16']);
      assert.equal(
        (await peering(APP, AZURE.peerings.appToHub)).peeringSyncLevel,
        'LocalAndRemoteNotInSync',
      );
      assert.equal(
        (await peering(HUB, AZURE.peerings.hubToApp)).peeringSyncLevel,
        'LocalAndRemoteNotInSync',
      );

      // A plain update does not resync; syncRemoteAddressSpace=true does.
      await createPeering(net, APP, AZURE.peerings.appToHub, vnetRef(HUB));
      assert.equal(
        (await peering(APP, AZURE.peerings.appToHub)).peeringSyncLevel,
        'LocalAndRemoteNotInSync',
      );
      const synced = await createPeering(net, APP, AZURE.peerings.appToHub, vnetRef(HUB), {
        syncRemoteAddressSpace: 'true',
      });
      assert.equal(synced.peeringSyncLevel, 'LocalNotInSync');
      assert.deepEqual(synced.remoteAddressSpace?.addressPrefixes, [
        '10.201.0.0/16',
        '10.221.0.0/16',
      ]);
      await createPeering(net, HUB, AZURE.peerings.hubToApp, vnetRef(APP), {
        syncRemoteAddressSpace: 'true',
      });
      assert.equal((await peering(APP, AZURE.peerings.appToHub)).peeringSyncLevel, 'FullyInSync');
      assert.equal((await peering(HUB, AZURE.peerings.hubToApp)).peeringSyncLevel, 'FullyInSync');
      assert.equal((await peering(APP, AZURE.peerings.appToHub)).peeringState, 'Connected');
    });

    it('rejects overlapping address spaces with 400 VnetAddressSpacesOverlap (and against already-peered networks)', async () => {
      await net.virtualNetworks.beginCreateOrUpdateAndWait(
        RG,
        'vnet-overlap',
        { location: AZURE.location, addressSpace: { addressPrefixes: ['10.200.128.0/20'] } },
        FAST_POLL,
      );
      const overlap = await expectArmError(
        createPeering(net, APP, 'app-to-overlap', vnetRef('vnet-overlap')),
      );
      assert.deepEqual([overlap.statusCode, overlap.code], [400, 'VnetAddressSpacesOverlap']);
      assert.match(overlap.message, /10\.200\.0\.0\/16, 10\.200\.128\.0\/20/);

      await net.virtualNetworks.beginCreateOrUpdateAndWait(
        RG,
        'vnet-like-hub',
        { location: AZURE.location, addressSpace: { addressPrefixes: ['10.201.8.0/24'] } },
        FAST_POLL,
      );
      const transitive = await expectArmError(
        createPeering(net, APP, 'app-to-like-hub', vnetRef('vnet-like-hub')),
      );
      assert.deepEqual(
        [transitive.statusCode, transitive.code],
        [400, 'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet'],
      );

      const grow = await expectArmError(
        changeAddressSpace(SPOKE, ['10.202.0.0/16', '10.200.64.0/20']),
      );
      assert.deepEqual(
        [grow.statusCode, grow.code],
        [400, 'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet'],
      );
    });

    it('stores forwarded traffic, gateway transit and remote gateways as sent; remote gateways need a gateway on the remote VNet (400 RemoteVnetHasNoGateways)', async () => {
      // The app VNet has no gateway: a peering to it cannot use remote gateways.
      const noGateway = await expectArmError(
        net.virtualNetworkPeerings.beginCreateOrUpdateAndWait(
          RG,
          SPOKE,
          'spoke-to-app',
          { remoteVirtualNetwork: { id: vnetRef(APP) }, useRemoteGateways: true },
          FAST_POLL,
        ),
      );
      assert.deepEqual([noGateway.statusCode, noGateway.code], [400, 'RemoteVnetHasNoGateways']);
      assert.match(
        noGateway.message,
        /cannot have UseRemoteGateway flag set to true because remote virtual network \/subscriptions\/.+\/vnet-app referenced by the peering does not have any gateways/,
      );
      // Nothing was made.
      await expectArmError(peering(SPOKE, 'spoke-to-app'));

      // The hub has a VPN gateway (vgw-hub); the spoke has none.
      const toHub = await net.virtualNetworkPeerings.beginCreateOrUpdateAndWait(
        RG,
        SPOKE,
        'spoke-to-hub',
        {
          remoteVirtualNetwork: { id: vnetRef(HUB) },
          allowVirtualNetworkAccess: true,
          allowForwardedTraffic: true,
          useRemoteGateways: true,
        },
        FAST_POLL,
      );
      assert.deepEqual(
        [toHub.allowForwardedTraffic, toHub.allowGatewayTransit, toHub.useRemoteGateways],
        [true, false, true],
      );
      const back = await net.virtualNetworkPeerings.beginCreateOrUpdateAndWait(
        RG,
        HUB,
        'hub-to-spoke',
        {
          remoteVirtualNetwork: { id: vnetRef(SPOKE) },
          allowVirtualNetworkAccess: true,
          allowGatewayTransit: true,
        },
        FAST_POLL,
      );
      assert.deepEqual(
        [back.allowForwardedTraffic, back.allowGatewayTransit, back.useRemoteGateways],
        [false, true, false],
      );
      const read = await peering(SPOKE, 'spoke-to-hub');
      assert.deepEqual(
        [read.peeringState, read.allowForwardedTraffic, read.useRemoteGateways],
        ['Connected', true, true],
      );
    });

    it('needs an auxiliary token for a peering to another tenant: 403 LinkedAuthorizationFailed without it', async () => {
      const partner = vnetRef(
        AZURE.partner.vnet.name,
        AZURE.otherSubscriptionId,
        AZURE.partner.resourceGroup,
      );
      const denied = await expectArmError(createPeering(net, APP, 'app-to-partner', partner));
      assert.deepEqual([denied.statusCode, denied.code], [403, 'LinkedAuthorizationFailed']);
      assert.match(denied.message, /Microsoft\.Network\/virtualNetworks\/peer\/action/);

      const withAux = networkClient(sandbox.endpoints, SUB, {
        tenantId: AZURE.tenantId,
        auxiliaryTenants: [AZURE.otherTenantId],
      });
      const created = await createPeering(withAux, APP, 'app-to-partner', partner);
      assert.equal(created.peeringState, 'Initiated');

      // The partner completes it from its own tenant, with an auxiliary token for ours.
      const partnerClient = networkClient(sandbox.endpoints, AZURE.otherSubscriptionId, {
        tenantId: AZURE.otherTenantId,
        auxiliaryTenants: [AZURE.tenantId],
      });
      const back = await createPeering(
        partnerClient,
        AZURE.partner.vnet.name,
        'partner-to-app',
        vnetRef(APP),
        {
          resourceGroup: AZURE.partner.resourceGroup,
        },
      );
      assert.equal(back.peeringState, 'Connected');
      assert.equal((await peering(APP, 'app-to-partner')).peeringState, 'Connected');
    });

    it('refuses a second operation on a peering while one runs (409 AnotherOperationInProgress)', async () => {
      const first = await net.virtualNetworkPeerings.beginCreateOrUpdate(
        RG,
        SPOKE,
        'spoke-to-app',
        { remoteVirtualNetwork: { id: vnetRef(APP) } },
        FAST_POLL,
      );
      const second = await expectArmError(createPeering(net, SPOKE, 'spoke-to-app', vnetRef(APP)));
      assert.deepEqual([second.statusCode, second.code], [409, 'AnotherOperationInProgress']);
      await first.pollUntilDone();
    });
  });

  describe('network security groups', () => {
    it('lists NSGs with the six default rules and creates a security rule as a long-running operation', async () => {
      const nsgs = [];
      for await (const n of net.networkSecurityGroups.list(RG)) nsgs.push(n);
      assert.equal(nsgs.length, 1);
      assert.deepEqual(
        nsgs[0].defaultSecurityRules?.map((r) => `${r.name}:${r.priority}:${r.direction}`),
        [
          'AllowVnetInBound:65000:Inbound',
          'AllowAzureLoadBalancerInBound:65001:Inbound',
          'DenyAllInBound:65500:Inbound',
          'AllowVnetOutBound:65000:Outbound',
          'AllowInternetOutBound:65001:Outbound',
          'DenyAllOutBound:65500:Outbound',
        ],
      );
      const all = [];
      for await (const n of net.networkSecurityGroups.listAll()) all.push(n.name);
      assert.deepEqual(all, [AZURE.nsg]);

      const rule = await net.securityRules.beginCreateOrUpdateAndWait(
        RG,
        AZURE.nsg,
        'allow-hub-https',
        {
          protocol: 'Tcp',
          access: 'Allow',
          direction: 'Inbound',
          priority: 200,
          sourceAddressPrefix: AZURE.vnets.hub.addressSpace[0],
          sourcePortRange: '*',
          destinationAddressPrefix: '*',
          destinationPortRange: '443',
        },
        FAST_POLL,
      );
      assert.equal(rule.provisioningState, 'Succeeded');
      const nsg = await net.networkSecurityGroups.get(RG, AZURE.nsg);
      assert.deepEqual(
        nsg.securityRules?.map((r) => [r.name, r.destinationPortRange]),
        [
          [AZURE.nsgDenyRule, String(AZURE.dbPort)],
          ['allow-hub-https', '443'],
        ],
      );

      const conflict = await expectArmError(
        net.securityRules.beginCreateOrUpdateAndWait(
          RG,
          AZURE.nsg,
          'same-priority',
          { ...rule, name: undefined, id: undefined, etag: undefined },
          FAST_POLL,
        ),
      );
      assert.deepEqual([conflict.statusCode, conflict.code], [400, 'SecurityRuleConflict']);
      const badPort = await expectArmError(
        net.securityRules.beginCreateOrUpdateAndWait(
          RG,
          AZURE.nsg,
          'bad-port',
          { ...rule, name: undefined, priority: 300, destinationPortRange: '80,443' },
          FAST_POLL,
        ),
      );
      assert.deepEqual([badPort.statusCode, badPort.code], [400, 'SecurityRuleInvalidPortRange']);
    });
  });

  describe('errors, throttling and faults', () => {
    it('answers bad requests with ARM codes and statuses', async () => {
      const missingVnet = await expectArmError(net.virtualNetworks.get(RG, 'nope'));
      assert.deepEqual([missingVnet.statusCode, missingVnet.code], [404, 'ResourceNotFound']);
      const missingRg = await expectArmError(net.virtualNetworks.get('rg-nope', APP));
      assert.deepEqual([missingRg.statusCode, missingRg.code], [404, 'ResourceGroupNotFound']);
      const missingSub = await expectArmError(
        networkClient(sandbox.endpoints, '00000000-0000-4000-8000-0000000000ff', {
          tenantId: AZURE.tenantId,
        }).virtualNetworks.get(RG, APP),
      );
      assert.deepEqual([missingSub.statusCode, missingSub.code], [404, 'SubscriptionNotFound']);
      const noRemote = await expectArmError(
        net.virtualNetworkPeerings.beginCreateOrUpdateAndWait(
          RG,
          APP,
          'x',
          { allowForwardedTraffic: true },
          FAST_POLL,
        ),
      );
      assert.equal(noRemote.statusCode, 400);
      assert.match(noRemote.message, /remoteVirtualNetwork\.id/);
      const ghost = await expectArmError(
        createPeering(net, APP, 'app-to-ghost', vnetRef('vnet-ghost')),
      );
      assert.deepEqual([ghost.statusCode, ghost.code], [400, 'InvalidResourceReference']);
      const badSync = await expectArmError(
        createPeering(net, APP, AZURE.peerings.appToHub, vnetRef(HUB), {
          syncRemoteAddressSpace: 'yes',
        }),
      );
      assert.equal(badSync.statusCode, 400);
    });

    it('requires api-version (400 MissingApiVersionParameter) and a bearer token (401)', async () => {
      const auth = { authorization: `Bearer ${sandboxAzureToken(AZURE.tenantId)}` };
      const noVersion = await armCall(
        `${sandbox.endpoints.azure}/subscriptions/${SUB}/providers/Microsoft.Network/virtualNetworks`,
        auth,
      );
      assert.deepEqual(
        [noVersion.status, noVersion.body.error?.code],
        [400, 'MissingApiVersionParameter'],
      );
      const noToken = await armCall(
        `${sandbox.endpoints.azure}/subscriptions/${SUB}/providers/Microsoft.Network/virtualNetworks?api-version=2025-05-01`,
        {},
      );
      assert.deepEqual([noToken.status, noToken.body.error?.code], [401, 'AuthenticationFailed']);
      const plainToken = await armCall(
        `${sandbox.endpoints.azure}/subscriptions/${SUB}/providers/Microsoft.Network/virtualNetworks?api-version=2025-05-01`,
        {
          authorization: `Bearer sandbox-tenant:${AZURE.tenantId}`,
        },
      );
      assert.equal(plainToken.status, 200);
    });

    it('throttles with 429 and Retry-After, which the SDK honors when it may retry', async () => {
      sandbox.admin.setFaults([{ cloud: 'azure', throttleRate: 1 }]);
      sandbox.admin.resetCounters();
      const throttled = await expectArmError(net.virtualNetworks.get(RG, APP));
      assert.deepEqual(
        [throttled.statusCode, throttled.code, throttled.retryAfter],
        [429, 'SubscriptionRequestsThrottled', '1'],
      );
      assert.equal(sandbox.admin.counters()['azure.virtualNetworks.get'], 1);

      sandbox.admin.setFaults([{ cloud: 'azure', throttleRate: 1, retryAfterSeconds: 0 }]);
      sandbox.admin.resetCounters();
      const retrying = networkClient(sandbox.endpoints, SUB, {
        tenantId: AZURE.tenantId,
        maxRetries: 2,
      });
      const after = await expectArmError(retrying.virtualNetworks.get(RG, APP));
      assert.equal(after.statusCode, 429);
      assert.equal(
        sandbox.admin.counters()['azure.virtualNetworks.get'],
        3,
        'one call and two retries',
      );

      sandbox.admin.setFaults([{ cloud: 'azure', errorRate: 1 }]);
      const failed = await expectArmError(net.virtualNetworks.get(RG, APP));
      assert.deepEqual([failed.statusCode, failed.code], [500, 'InternalServerError']);
      sandbox.admin.setFaults([]);
    });
  });
});
