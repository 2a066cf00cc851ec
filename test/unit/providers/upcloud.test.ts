import * as assert from 'node:assert/strict';
import { UserFacingError } from '../../../src/model/errors';
import type { Account } from '../../../src/model/types';
import { UpcloudProvider, createProvider } from '../../../src/providers/upcloud/index';
import type { Place } from '../../../src/providers/provider';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { AIVEN, UPCLOUD } from '../../../src/sandbox/worlds/demoTopology';
import { listScenarios } from '../../../src/plans';
import { WizardPlansAdapter } from '../../../src/ui/wizard/planBundle/planAdapter';
import type { InventorySnapshot } from '../../../src/ui/wizard/session/wizardInventory';
import { useDemoSandbox } from '../sandbox/restHarness';
import {
  FAST,
  callsTo,
  closedPort,
  demoCredentials,
  failure,
  itCompletesThroughStorms,
  upcloudAccount,
} from './restSandbox';

/** The zone's shared public and utility networks (src/sandbox/upcloud/demo.ts), and a UUID nobody has. */
const PUBLIC_NETWORK = '03000000-0000-4000-8089-000000000000';
const UTILITY_NETWORK = '03000000-0000-4000-8090-000000000000';
const MISSING_NETWORK = '03aa6e0b-0000-4000-8000-0000000000ff';

describe('providers/upcloud against the sandbox', function () {
  let sandbox: RunningSandbox;
  let provider: UpcloudProvider;
  let place: Place;
  const { app, staging, norouter, partner } = UPCLOUD.networks;

  useDemoSandbox(100, (started) => (sandbox = started));
  before(() => {
    provider = new UpcloudProvider({ credentials: demoCredentials() }, FAST);
    place = { account: upcloudAccount(sandbox) };
  });
  after(() => provider.dispose());

  describe('discovery', () => {
    it('lists one place: the API lists every zone in one call', async () => {
      assert.deepEqual(await provider.listRegions(), [undefined]);
    });

    it("lists the account's private networks with IPv4 and IPv6 blocks, zone and labels", async () => {
      const networks = await provider.listNetworks(place);
      const byId = new Map(networks.map((n) => [n.id, n]));
      assert.deepEqual(
        [...byId.keys()].sort(),
        [app.uuid, staging.uuid, norouter.uuid].sort(),
        'own private networks only: no shared public/utility ones, no other account’s',
      );
      const appNet = byId.get(app.uuid);
      assert.equal(appNet?.name, app.name);
      assert.deepEqual(appNet?.cidrs, [app.cidr, app.ipv6]);
      assert.equal(appNet?.zone, UPCLOUD.zone);
      assert.equal(appNet?.key, `upcloud:sandbox/${UPCLOUD.zone}/${app.uuid}`);
      assert.equal(appNet?.accountKey, 'upcloud:sandbox');
      assert.deepEqual(appNet?.tags, { env: 'production' });
      assert.equal(appNet?.aliases, undefined);
    });

    it('lists peerings with normalized and raw states; the peer’s ranges once it has peered back', async () => {
      const peerings = await provider.listPeerings(place);
      const byId = new Map(peerings.map((p) => [p.id, p]));
      assert.equal(byId.size, 3);

      const toAiven = byId.get(UPCLOUD.peerings.appToAiven);
      assert.equal(toAiven?.state, 'active');
      assert.equal(toAiven?.rawState, 'active');
      assert.equal(toAiven?.local.networkId, app.uuid);
      assert.deepEqual(toAiven?.local.cidrs, [app.cidr, app.ipv6]);
      assert.deepEqual(toAiven?.peer, {
        cloud: 'upcloud',
        networkId: AIVEN.vpc.upcloudNetworkUuid,
        cidrs: [AIVEN.vpc.cidr],
      });
      assert.equal(toAiven?.key, `upcloud/${UPCLOUD.peerings.appToAiven}`);
      assert.equal(toAiven?.options?.configuredStatus, 'active');

      const toPartner = byId.get(UPCLOUD.peerings.stagingToPartner);
      assert.equal(toPartner?.state, 'pending');
      assert.equal(toPartner?.rawState, 'pending-peer');
      assert.equal(toPartner?.peer.networkId, partner.uuid);
      assert.equal(toPartner?.peer.cidrs, undefined, 'unknown until the partner peers back');
      assert.match(toPartner?.stateMessage ?? '', /peer network's owner/);

      const noRouter = byId.get(UPCLOUD.peerings.noRouterToStaging);
      assert.equal(noRouter?.state, 'failed');
      assert.equal(noRouter?.rawState, 'missing-local-router');
      assert.match(noRouter?.stateMessage ?? '', /router/);
    });

    it('authenticates with a token as well as with a username and password', async () => {
      const tokenProvider = createProvider({
        credentials: demoCredentials({
          'upcloud:sandbox': JSON.stringify({ token: UPCLOUD.token }),
        }),
      });
      try {
        const peerings = await tokenProvider.listPeerings(place);
        assert.equal(peerings.length, 3);
      } finally {
        tokenProvider.dispose();
      }
    });

    it('gets one peering, undefined for an unknown one, and has no route tables or firewalls', async () => {
      const one = await provider.getPeering(place, UPCLOUD.peerings.stagingToPartner);
      assert.equal(one?.rawState, 'pending-peer');
      assert.equal(
        await provider.getPeering(place, '0ec4e5b1-0000-4000-8000-0000000000ff'),
        undefined,
      );
      assert.deepEqual(await provider.listRouteTables(), []);
      assert.deepEqual(await provider.listFirewalls(), []);
    });

    it("reports each network's type and router: null where none is attached; getNetwork reads shared ones too", async () => {
      const byId = new Map((await provider.listNetworks(place)).map((n) => [n.id, n]));
      assert.equal(byId.get(app.uuid)?.networkType, 'private');
      assert.equal(byId.get(app.uuid)?.routerId, app.router);
      assert.equal(byId.get(norouter.uuid)?.routerId, null, 'known to have no router');
      const shared = await provider.getNetwork(place, PUBLIC_NETWORK);
      assert.equal(shared?.networkType, 'public');
      assert.equal((await provider.getNetwork(place, UTILITY_NETWORK))?.networkType, 'utility');
      assert.equal(await provider.getNetwork(place, MISSING_NETWORK), undefined);
    });

    it('lists routers with their networks', async () => {
      const routers = await provider.listRouters(place);
      const appRouter = routers.find((r) => r.uuid === app.router);
      assert.deepEqual(appRouter?.networkUuids, [app.uuid]);
      assert.ok(!routers.some((r) => r.networkUuids.includes(norouter.uuid)));
    });
  });

  describe('the wizard: type and router from discovery reach validation', () => {
    /** The wizard's inventory as discovery fills it from this adapter (plus one typed network it read). */
    async function snapshot(extra: string[] = []): Promise<InventorySnapshot> {
      const networks = await provider.listNetworks(place);
      for (const uuid of extra) {
        const n = await provider.getNetwork(place, uuid);
        if (n) networks.push(n);
      }
      return { accounts: [place.account], networks, peerings: [], errors: [] };
    }
    const keyOf = (inventory: InventorySnapshot, uuid: string) =>
      inventory.networks.find((n) => n.id === uuid)?.key;
    const labelOf = (scenarioId: string, field: string) =>
      listScenarios()
        .find((sc) => sc.id === scenarioId)
        ?.inputs.find((i) => i.name === field)?.label ?? field;
    const AIVEN_SIDE = {
      aivenProject: AIVEN.project,
      aivenVpcId: AIVEN.vpc.projectVpcId,
      aivenCloud: AIVEN.cloud,
      aivenCidr: AIVEN.vpc.cidr,
      aivenNetworkId: AIVEN.vpc.upcloudNetworkUuid,
    };

    it('the other network’s picker offers private networks only, and says which has no router', async () => {
      const inventory = await snapshot([PUBLIC_NETWORK, UTILITY_NETWORK]);
      const view = await new WizardPlansAdapter().peerChoices(
        { scenarioId: 'upcloud-upcloud', localNetworkKey: keyOf(inventory, app.uuid), inputs: {} },
        inventory,
      );
      const offered = view.choices.peerNetworkUuid ?? [];
      assert.deepEqual(offered.map((c) => c.value).sort(), [norouter.uuid, staging.uuid].sort());
      assert.match(
        offered.find((c) => c.value === norouter.uuid)?.detail ?? '',
        /no router attached: attach one before peering/,
      );
      assert.doesNotMatch(offered.find((c) => c.value === staging.uuid)?.detail ?? '', /router/);
    });

    const cases: {
      name: string;
      scenarioId: string;
      picked: string;
      inputs: Record<string, string>;
      field: string;
      uuid: string;
      rule: RegExp;
      extra?: string[];
    }[] = [
      {
        name: 'UpCloud ↔ UpCloud, your network without a router',
        scenarioId: 'upcloud-upcloud',
        picked: norouter.uuid,
        inputs: { peerNetworkUuid: staging.uuid },
        field: 'localNetworkUuid',
        uuid: norouter.uuid,
        rule: /it has no router attached; UpCloud network peering needs a router on each network\. Fix: attach a router: create one with POST \/1\.3\/router/,
      },
      {
        name: 'UpCloud ↔ UpCloud, the other network without a router',
        scenarioId: 'upcloud-upcloud',
        picked: staging.uuid,
        inputs: { peerNetworkUuid: norouter.uuid },
        field: 'peerNetworkUuid',
        uuid: norouter.uuid,
        rule: /it has no router attached/,
      },
      {
        name: 'UpCloud ↔ UpCloud, the other network is the zone’s public one',
        scenarioId: 'upcloud-upcloud',
        picked: staging.uuid,
        inputs: { peerNetworkUuid: PUBLIC_NETWORK, peerCidrs: '10.200.0.0/24' },
        field: 'peerNetworkUuid',
        uuid: PUBLIC_NETWORK,
        rule: /it is a public network; peering connections are only supported between networks of type private\. Fix: pick an SDN private network/,
        extra: [PUBLIC_NETWORK],
      },
      {
        name: 'Aiven → UpCloud, your network without a router',
        scenarioId: 'aiven-to-upcloud',
        picked: norouter.uuid,
        inputs: AIVEN_SIDE,
        field: 'upcloudNetworkUuid',
        uuid: norouter.uuid,
        rule: /it has no router attached/,
      },
      {
        name: 'UpCloud → Aiven, your network without a router',
        scenarioId: 'upcloud-to-aiven',
        picked: norouter.uuid,
        inputs: AIVEN_SIDE,
        field: 'upcloudNetworkUuid',
        uuid: norouter.uuid,
        rule: /it has no router attached/,
      },
      {
        name: 'UpCloud → Aiven, your network is the zone’s utility one',
        scenarioId: 'upcloud-to-aiven',
        picked: staging.uuid,
        inputs: { ...AIVEN_SIDE, upcloudNetworkUuid: UTILITY_NETWORK, upcloudCidrs: '10.3.0.0/22' },
        field: 'upcloudNetworkUuid',
        uuid: UTILITY_NETWORK,
        rule: /it is a utility network; peering connections are only supported between networks of type private/,
        extra: [UTILITY_NETWORK],
      },
    ];
    for (const c of cases) {
      it(`${c.name}: refused at that field, by its label, with the fix`, async () => {
        const inventory = await snapshot(c.extra);
        const adapter = new WizardPlansAdapter();
        const draft = {
          scenarioId: c.scenarioId,
          localNetworkKey: keyOf(inventory, c.picked),
          inputs: c.inputs,
        };
        const errors = adapter.validate(draft, inventory).errors;
        const found = errors.find((e) => c.rule.test(e.message));
        assert.ok(found, JSON.stringify(errors, null, 1));
        assert.ok(
          found.message.startsWith(`${labelOf(c.scenarioId, c.field)} "${c.uuid}": `),
          found.message,
        );
        assert.throws(() => adapter.plan(draft, inventory), c.rule, 'no plan is built');
        // The same pair with a private network that has a router: no type or router problem.
        const fine = {
          ...draft,
          localNetworkKey: keyOf(inventory, c.picked === norouter.uuid ? app.uuid : c.picked),
          inputs: Object.fromEntries(
            Object.entries(c.inputs).filter(
              ([, v]) =>
                v !== norouter.uuid &&
                v !== PUBLIC_NETWORK &&
                v !== UTILITY_NETWORK &&
                v !== '10.200.0.0/24' &&
                v !== '10.3.0.0/22',
            ),
          ),
        };
        if (c.scenarioId === 'upcloud-upcloud' && !fine.inputs.peerNetworkUuid)
          fine.inputs.peerNetworkUuid = c.picked === norouter.uuid ? staging.uuid : app.uuid;
        const after = adapter.validate(fine, inventory).errors;
        assert.ok(
          !after.some((e) => /router attached|type private/.test(e.message)),
          JSON.stringify(after, null, 1),
        );
      });
    }
  });

  describe('actions', () => {
    it('creates a peering pending-peer, active once the other side exists', async () => {
      const there = await provider.createPeering(place, {
        networkUuid: app.uuid,
        peerNetworkUuid: staging.uuid,
        name: 'app to staging',
        labels: { team: 'platform' },
      });
      assert.equal(there.rawState, 'pending-peer');
      assert.equal(there.state, 'pending');
      assert.equal(there.local.networkId, app.uuid);
      assert.equal(there.peer.networkId, staging.uuid);

      const back = await provider.createPeering(place, {
        networkUuid: staging.uuid,
        peerNetworkUuid: app.uuid,
        name: 'staging to app',
      });
      assert.equal(back.rawState, 'active');
      const again = await provider.getPeering(place, there.id);
      assert.equal(again?.rawState, 'active');
      assert.deepEqual(again?.peer.cidrs, [staging.cidr]);
    });

    it('refuses to delete an enabled peering, with the fix', async () => {
      const error = await failure(provider.deletePeering(place, UPCLOUD.peerings.appToAiven));
      assert.ok(error instanceof UserFacingError);
      assert.match(error.message, /^UpCloud account "sandbox UpCloud": PEERING_NOT_DISABLED: /);
      assert.match(error.message, /Fix: disable the peering first/);
      assert.equal(error.options?.account, 'upcloud:sandbox');
      assert.ok(await provider.getPeering(place, UPCLOUD.peerings.appToAiven), 'still there');
    });

    it('disables (provisioning, then disabled) and then deletes', async () => {
      const disabling = await provider.setPeeringStatus(
        place,
        UPCLOUD.peerings.stagingToPartner,
        'disabled',
      );
      assert.equal(disabling.rawState, 'provisioning');
      assert.equal(disabling.options?.configuredStatus, 'disabled');
      const early = await failure(provider.deletePeering(place, UPCLOUD.peerings.stagingToPartner));
      assert.match(early.message, /PEERING_NOT_DISABLED/);
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal(
        (await provider.getPeering(place, UPCLOUD.peerings.stagingToPartner))?.rawState,
        'disabled',
      );
      await provider.deletePeering(place, UPCLOUD.peerings.stagingToPartner);
      assert.equal(await provider.getPeering(place, UPCLOUD.peerings.stagingToPartner), undefined);
    });

    it('disableAndDeletePeering waits for disabled, deletes, and is a no-op the second time', async () => {
      sandbox.admin.resetCounters();
      const result = await provider.disableAndDeletePeering(place, UPCLOUD.peerings.appToAiven);
      assert.equal(result, 'deleted');
      const counters = sandbox.admin.counters();
      assert.equal(counters['upcloud.networkPeering.modify'], 1);
      assert.equal(counters['upcloud.networkPeering.delete'], 1);
      assert.ok(counters['upcloud.networkPeering.get'] >= 2, 'polled until disabled');
      assert.equal(await provider.getPeering(place, UPCLOUD.peerings.appToAiven), undefined);
      assert.equal(
        await provider.disableAndDeletePeering(place, UPCLOUD.peerings.appToAiven),
        'absent',
      );
    });

    it('surfaces UpCloud error codes with their message and fix', async () => {
      const conflict = await failure(
        provider.createPeering(place, {
          networkUuid: app.uuid,
          peerNetworkUuid: AIVEN.vpc.upcloudNetworkUuid,
          name: 'again',
        }),
      );
      assert.match(conflict.message, /PEERING_CONFLICT: A peering from .* already exists/);
      const noRouter = await failure(
        provider.createPeering(place, {
          networkUuid: norouter.uuid,
          peerNetworkUuid: app.uuid,
          name: 'x',
        }),
      );
      assert.match(noRouter.message, /LOCAL_NETWORK_NO_ROUTER: .*Fix: attach a router/);
    });

    it('NETWORK_NOT_FOUND and PEER_NETWORK_NOT_FOUND name the input, its value and the fix; nothing is created', async () => {
      sandbox.admin.resetCounters();
      // Another account's network is not this account's to peer from.
      const local = await failure(
        provider.createPeering(place, {
          networkUuid: partner.uuid,
          peerNetworkUuid: app.uuid,
          name: 'x',
        }),
      );
      assert.ok(local instanceof UserFacingError);
      assert.equal(local.options.field, 'networkUuid');
      assert.match(
        local.message,
        new RegExp(
          `^UpCloud account "sandbox UpCloud": NETWORK_NOT_FOUND: networkUuid "${partner.uuid}": the network this side of the peering is made from was not found in this account`,
        ),
      );
      assert.match(local.message, /Fix: check the network UUID \(GET \/1\.3\/network lists/);
      const peer = await failure(
        provider.createPeering(place, {
          networkUuid: app.uuid,
          peerNetworkUuid: MISSING_NETWORK,
          name: 'x',
        }),
      );
      assert.ok(peer instanceof UserFacingError);
      assert.equal(peer.options.field, 'peerNetworkUuid');
      assert.match(
        peer.message,
        new RegExp(
          `PEER_NETWORK_NOT_FOUND: peerNetworkUuid "${MISSING_NETWORK}": the peer network was not found`,
        ),
      );
      assert.match(
        peer.message,
        /Fix: check the peer network UUID with its owner \(for Aiven: the Aiven network ID column/,
      );
      assert.equal(sandbox.admin.counters()['upcloud.networkPeering.create'], 2, 'both were sent');
      const mine = (await provider.listPeerings(place)).filter(
        (p) => p.peer.networkId === MISSING_NETWORK || p.local.networkId === partner.uuid,
      );
      assert.deepEqual(mine, [], 'nothing was created');
    });

    it('checkPeerableNetwork: a private network with a router passes; no router, not private or not found is refused with the fix', async () => {
      sandbox.admin.resetCounters();
      const ok = await provider.checkPeerableNetwork(place, app.uuid);
      assert.equal(ok.routerId, app.router);
      const noRouter = await failure(provider.checkPeerableNetwork(place, norouter.uuid));
      assert.ok(noRouter instanceof UserFacingError);
      assert.equal(noRouter.options.field, 'networkUuid');
      assert.match(
        noRouter.message,
        new RegExp(`networkUuid "${norouter.uuid}": the network has no router attached`),
      );
      assert.match(
        noRouter.message,
        /Fix: attach a router to the network: create one with POST \/1\.3\/router/,
      );
      assert.match(
        noRouter.message,
        /PUT \/1\.3\/network\/\{uuid\} with \{"network": \{"router": "<router UUID>"\}\}/,
      );
      const shared = await failure(
        provider.checkPeerableNetwork(place, PUBLIC_NETWORK, { role: 'peer' }),
      );
      assert.ok(shared instanceof UserFacingError);
      assert.equal(shared.options.field, 'peerNetworkUuid');
      assert.match(
        shared.message,
        /it is a public network; UpCloud peers only networks of type private/,
      );
      assert.match(shared.message, /Fix: pick an SDN private network/);
      const missing = await failure(provider.checkPeerableNetwork(place, MISSING_NETWORK));
      assert.match(
        missing.message,
        /the network was not found in this account \(NETWORK_NOT_FOUND\)\. Fix: check the network UUID/,
      );
      const counters = sandbox.admin.counters();
      assert.equal(counters['upcloud.network.get'], 4, 'one read each');
      for (const [name, count] of Object.entries(counters))
        assert.ok(!/create|modify|delete/.test(name) || count === 0, `${name}: read only`);
    });

    it('validates inputs before sending anything, naming the field, the value and the rule', async () => {
      sandbox.admin.resetCounters();
      const cases: [Parameters<UpcloudProvider['createPeering']>[1], string, RegExp][] = [
        [
          { networkUuid: 'net-1', peerNetworkUuid: app.uuid, name: 'x' },
          'networkUuid',
          /networkUuid "net-1" is not valid: it must be a UUID/,
        ],
        [
          { networkUuid: app.uuid, peerNetworkUuid: '', name: 'x' },
          'peerNetworkUuid',
          /peerNetworkUuid "" is not valid/,
        ],
        [
          { networkUuid: app.uuid, peerNetworkUuid: app.uuid, name: 'x' },
          'peerNetworkUuid',
          /must differ from networkUuid/,
        ],
        [
          { networkUuid: app.uuid, peerNetworkUuid: staging.uuid, name: '' },
          'name',
          /name "" is not valid: it must be 1 to 255 characters/,
        ],
        [
          { networkUuid: app.uuid, peerNetworkUuid: staging.uuid, name: 'n'.repeat(256) },
          'name',
          /1 to 255/,
        ],
        [
          {
            networkUuid: app.uuid,
            peerNetworkUuid: staging.uuid,
            name: 'x',
            configuredStatus: 'on' as 'active',
          },
          'configuredStatus',
          /configuredStatus "on" is not valid: it must be one of active, disabled/,
        ],
      ];
      for (const [input, field, message] of cases) {
        const error = await failure(provider.createPeering(place, input));
        assert.ok(error instanceof UserFacingError, `${field}: ${error.message}`);
        assert.equal(error.options?.field, field);
        assert.match(error.message, message);
      }
      const badId = await failure(provider.setPeeringStatus(place, 'pcx-1', 'disabled'));
      assert.match(badId.message, /peering id "pcx-1" is not valid/);
      assert.equal(callsTo(sandbox, 'upcloud'), 0, 'nothing was sent');
    });
  });

  describe('faults', () => {
    // One request for networks, one for peerings.
    itCompletesThroughStorms('upcloud', { rounds: 8, callsPerRound: 2 }, () => ({
      sandbox,
      provider,
      place,
    }));

    it('honors Retry-After and gives up after maxAttempts with a throttling message', async () => {
      const delays: number[] = [];
      const bounded = new UpcloudProvider(
        { credentials: demoCredentials() },
        {
          retry: { maxAttempts: 2, baseDelayMs: 1, onRetry: ({ delayMs }) => delays.push(delayMs) },
        },
      );
      sandbox.admin.setFaults([
        { cloud: 'upcloud', operation: 'network.list', throttleRate: 1, retryAfterSeconds: 1 },
      ]);
      sandbox.admin.resetCounters();
      const started = Date.now();
      const error = await failure(bounded.listNetworks(place));
      bounded.dispose();
      assert.ok(Date.now() - started >= 1000, 'waited the Retry-After second');
      assert.deepEqual(delays.length, 1);
      assert.ok(delays[0] >= 1000);
      assert.equal(sandbox.admin.counters()['upcloud.network.list'], 2);
      assert.match(
        error.message,
        /UpCloud account "sandbox UpCloud": UpCloud is throttling requests/,
      );
    });

    it('does not retry a 4xx', async () => {
      sandbox.admin.resetCounters();
      await failure(
        provider.createPeering(place, {
          networkUuid: norouter.uuid,
          peerNetworkUuid: app.uuid,
          name: 'x',
        }),
      );
      assert.equal(sandbox.admin.counters()['upcloud.networkPeering.create'], 1);
    });

    it('times out a hanging request, retrying it a bounded number of times', async () => {
      const impatient = new UpcloudProvider(
        { credentials: demoCredentials() },
        { timeoutMs: 150, retry: { maxAttempts: 2, baseDelayMs: 1 } },
      );
      sandbox.admin.setFaults([{ cloud: 'upcloud', operation: 'network.list', timeoutRate: 1 }]);
      sandbox.admin.resetCounters();
      const error = await failure(impatient.listNetworks(place));
      impatient.dispose();
      assert.match(
        error.message,
        /UpCloud account "sandbox UpCloud": http:\/\/127\.0\.0\.1:\d+\/upcloud did not answer within 150 ms\./,
      );
      assert.equal(sandbox.admin.counters()['upcloud.network.list'], 2);
    });
  });

  describe('accounts', () => {
    it('explains rejected credentials, and reads the secret again once it is fixed', async () => {
      const credentials = demoCredentials({
        'upcloud:sandbox': JSON.stringify({ username: UPCLOUD.username, password: 'wrong' }),
      });
      const p = new UpcloudProvider({ credentials }, FAST);
      sandbox.admin.resetCounters();
      const error = await failure(p.listNetworks(place));
      assert.ok(error instanceof UserFacingError);
      assert.match(
        error.message,
        /^UpCloud account "sandbox UpCloud": the credentials were rejected \(AUTHENTICATION_FAILED\)\. Fix: /,
      );
      assert.equal(error.options?.account, 'upcloud:sandbox');
      assert.equal(callsTo(sandbox, 'upcloud'), 1, 'a 401 is not retried');
      credentials.secrets['upcloud:sandbox'] = JSON.stringify({ token: UPCLOUD.token });
      assert.equal((await p.listNetworks(place)).length, 3);
      p.dispose();
    });

    it('explains a missing or unreadable secret', async () => {
      const missing = new UpcloudProvider({
        credentials: demoCredentials({ 'upcloud:sandbox': undefined }),
      });
      assert.match(
        (await failure(missing.listNetworks(place))).message,
        /UpCloud account "sandbox UpCloud": no credentials are stored for it\. Fix: /,
      );
      const garbled = new UpcloudProvider({
        credentials: demoCredentials({ 'upcloud:sandbox': 'hunter2' }),
      });
      const error = await failure(garbled.listNetworks(place));
      assert.match(error.message, /stored credentials are unreadable/);
      assert.doesNotMatch(error.message, /hunter2/);
    });

    it('explains an endpoint where nothing listens, naming the account and the setting', async () => {
      const endpoint = `http://127.0.0.1:${await closedPort()}/upcloud`;
      const account: Account = { ...place.account, endpoint };
      const error = await failure(provider.listNetworks({ account }));
      assert.ok(error instanceof UserFacingError);
      assert.match(
        error.message,
        /^UpCloud account "sandbox UpCloud": cannot reach http:\/\/127\.0\.0\.1:\d+\/upcloud \(ECONNREFUSED\)\./,
      );
      assert.match(error.message, /Fix: check the endpoint setting of this account/);
      assert.equal(error.options?.field, 'endpoint');
    });

    it('rejects an endpoint that is not an http(s) URL', async () => {
      const account: Account = { ...place.account, endpoint: 'ftp://example' };
      const error = await failure(provider.listNetworks({ account }));
      assert.equal((error as UserFacingError).options.field, 'endpoint');
      assert.match(error.message, /"ftp:\/\/example" is not an http\(s\) URL/);
    });

    it('logs requests without secrets', async () => {
      const lines: string[] = [];
      const p = new UpcloudProvider(
        { credentials: demoCredentials() },
        { log: (l) => lines.push(l) },
      );
      await p.listPeerings(place);
      await failure(p.deletePeering(place, UPCLOUD.peerings.appToAiven));
      p.dispose();
      assert.deepEqual(
        lines.map((l) => l.replace(/\d+ ms/, 'N ms')),
        [
          'UpCloud GET /1.3/network-peering → 200 in N ms',
          `UpCloud DELETE /1.3/network-peering/${UPCLOUD.peerings.appToAiven} → 409 in N ms`,
        ],
      );
      const basic = Buffer.from(`${UPCLOUD.username}:${UPCLOUD.password}`).toString('base64');
      for (const l of lines) {
        assert.ok(!l.includes(UPCLOUD.password) && !l.includes(basic));
      }
    });
  });
});
