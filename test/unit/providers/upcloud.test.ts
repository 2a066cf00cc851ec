import * as assert from 'node:assert/strict';
import { UserFacingError } from '../../../src/model/errors';
import type { Account } from '../../../src/model/types';
import { UpcloudProvider, createProvider } from '../../../src/providers/upcloud/index';
import type { Place } from '../../../src/providers/provider';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { AIVEN, UPCLOUD } from '../../../src/sandbox/worlds/demoTopology';
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

    it('lists routers with their networks', async () => {
      const routers = await provider.listRouters(place);
      const appRouter = routers.find((r) => r.uuid === app.router);
      assert.deepEqual(appRouter?.networkUuids, [app.uuid]);
      assert.ok(!routers.some((r) => r.networkUuids.includes(norouter.uuid)));
    });
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
