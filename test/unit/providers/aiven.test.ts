import * as assert from 'node:assert/strict';
import { Discovery } from '../../../src/discovery/discovery';
import { UserFacingError } from '../../../src/model/errors';
import type { Account } from '../../../src/model/types';
import { AivenProvider, createProvider } from '../../../src/providers/aiven/index';
import type { Place } from '../../../src/providers/provider';
import { UpcloudProvider } from '../../../src/providers/upcloud/index';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { AIVEN, UPCLOUD } from '../../../src/sandbox/worlds/demoTopology';
import { useDemoSandbox } from '../sandbox/restHarness';
import {
  FAST,
  aivenAccount,
  callsTo,
  closedPort,
  demoCredentials,
  failure,
  itCompletesThroughStorms,
  upcloudAccount,
} from './restSandbox';

const DELAY = 100;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('providers/aiven against the sandbox', function () {
  let sandbox: RunningSandbox;
  let aiven: AivenProvider;
  let upcloud: UpcloudProvider;
  let place: Place;
  let upPlace: Place;
  const vpcId = AIVEN.vpc.projectVpcId;
  const appNet = UPCLOUD.networks.app;
  const stagingNet = UPCLOUD.networks.staging;
  const demoPeeringId = `${vpcId}/upcloud/${appNet.uuid}`;

  useDemoSandbox(DELAY, (started) => (sandbox = started));
  before(() => {
    aiven = new AivenProvider({ credentials: demoCredentials() }, FAST);
    upcloud = new UpcloudProvider({ credentials: demoCredentials() }, FAST);
    place = { account: aivenAccount(sandbox) };
    upPlace = { account: upcloudAccount(sandbox) };
  });
  after(() => {
    aiven.dispose();
    upcloud.dispose();
  });

  describe('discovery', () => {
    it('lists the project VPC with its cloud as region and its UpCloud network as alias', async () => {
      assert.deepEqual(await aiven.listRegions(), [undefined]);
      const [vpc, ...rest] = await aiven.listNetworks(place);
      assert.equal(rest.length, 0);
      assert.equal(vpc.id, vpcId);
      assert.equal(vpc.key, `aiven:sandbox/${AIVEN.cloud}/${vpcId}`);
      assert.deepEqual(vpc.cidrs, [AIVEN.vpc.cidr]);
      assert.equal(vpc.region, AIVEN.cloud);
      assert.equal(vpc.ownerId, AIVEN.project);
      assert.deepEqual(vpc.aliases, [
        { cloud: 'upcloud', networkId: AIVEN.vpc.upcloudNetworkUuid, region: UPCLOUD.zone },
      ]);
    });

    it('lists the peering connection ACTIVE with its UpCloud peer; get finds it by id', async () => {
      const [peering, ...rest] = await aiven.listPeerings(place);
      assert.equal(rest.length, 0);
      assert.equal(peering.id, demoPeeringId);
      assert.equal(peering.key, `aiven/${demoPeeringId}`);
      assert.equal(peering.state, 'active');
      assert.equal(peering.rawState, 'ACTIVE');
      assert.deepEqual(peering.local, {
        cloud: 'aiven',
        accountId: AIVEN.project,
        networkId: vpcId,
        region: AIVEN.cloud,
        cidrs: [AIVEN.vpc.cidr],
      });
      assert.deepEqual(peering.peer, {
        cloud: 'upcloud',
        networkId: appNet.uuid,
        cidrs: undefined,
      });
      assert.equal(peering.options?.type, 'upcloud-vpc-peering');
      assert.equal(peering.options?.toNetworkId, AIVEN.vpc.upcloudNetworkUuid);
      assert.match(String(peering.options?.peeringConnectionId), /^0f/);
      assert.deepEqual(await aiven.getPeering(place, demoPeeringId), peering);
      assert.equal(await aiven.getPeering(place, `${vpcId}/upcloud/${stagingNet.uuid}`), undefined);
      assert.deepEqual(await aiven.listRouteTables(), []);
      assert.deepEqual(await aiven.listFirewalls(), []);
    });

    it('shares the VPC calls between networks and peerings listed at the same time', async () => {
      sandbox.admin.resetCounters();
      await Promise.all([aiven.listNetworks(place), aiven.listPeerings(place)]);
      const counters = sandbox.admin.counters();
      assert.equal(counters['aiven.VpcList'], 1);
      assert.equal(counters['aiven.VpcGet'], 1);
    });

    it('resolves peers across providers: Aiven → UpCloud app-net, UpCloud app-net → the Aiven VPC', async () => {
      const discovery = new Discovery({
        loadProvider: async (cloud) => (cloud === 'aiven' ? aiven : upcloud),
      });
      const result = await discovery.refresh([place.account, upPlace.account]);
      assert.deepEqual(result.errors, []);
      const aivenVpc = result.networks.find((n) => n.cloud === 'aiven');
      const upcloudApp = result.networks.find((n) => n.id === appNet.uuid);
      assert.ok(aivenVpc && upcloudApp);

      const fromAiven = result.peerings.find((p) => p.cloud === 'aiven');
      assert.equal(fromAiven?.peer.resolvedKey, upcloudApp.key);
      assert.equal(fromAiven?.peer.name, appNet.name);
      assert.deepEqual(
        fromAiven?.peer.cidrs,
        [appNet.cidr, appNet.ipv6],
        'filled from the UpCloud network',
      );
      assert.equal(fromAiven?.local.resolvedKey, aivenVpc.key);

      const fromUpcloud = result.peerings.find((p) => p.id === UPCLOUD.peerings.appToAiven);
      assert.equal(fromUpcloud?.peer.resolvedKey, aivenVpc.key, 'through the alias');
      assert.equal(fromUpcloud?.peer.name, aivenVpc.name);
      assert.equal(fromUpcloud?.local.resolvedKey, upcloudApp.key);
      const toPartner = result.peerings.find((p) => p.id === UPCLOUD.peerings.stagingToPartner);
      assert.equal(
        toPartner?.peer.resolvedKey,
        undefined,
        'another account’s network stays unresolved',
      );
    });
  });

  describe('actions', () => {
    it('creates a VPC: APPROVED while Aiven builds it, then ACTIVE', async () => {
      const created = await aiven.createVpc(place, {
        cloudName: 'upcloud-fi-hel1',
        networkCidr: '10.151.0.0/24',
      });
      assert.equal(created.state, 'APPROVED');
      assert.equal(created.network.region, 'upcloud-fi-hel1');
      assert.deepEqual(created.network.cidrs, ['10.151.0.0/24']);
      assert.deepEqual(created.peerings, []);
      await wait(DELAY + 20);
      assert.equal((await aiven.getVpc(place, created.network.id))?.state, 'ACTIVE');
      assert.equal((await aiven.listNetworks(place)).length, 2);
      assert.equal(await aiven.getVpc(place, '00000000-0000-4000-8000-000000000000'), undefined);
    });

    it('peers with an UpCloud network: ACTIVE only after the UpCloud side exists', async () => {
      const requested = await aiven.createPeeringConnection(place, vpcId, {
        peerCloudAccount: 'upcloud',
        peerVpc: stagingNet.uuid,
      });
      assert.equal(requested.rawState, 'APPROVED');
      assert.equal(requested.state, 'provisioning');
      assert.equal(requested.id, `${vpcId}/upcloud/${stagingNet.uuid}`);
      await wait(DELAY + 20);
      const waiting = await aiven.getPeering(place, requested.id);
      assert.equal(waiting?.rawState, 'PENDING_PEER');
      assert.equal(waiting?.state, 'pending');
      assert.match(waiting?.stateMessage ?? '', /Create an UpCloud network peering/);
      const aivenNetwork = String(waiting?.options?.toNetworkId);
      assert.equal(aivenNetwork, AIVEN.vpc.upcloudNetworkUuid);

      const upSide = await upcloud.createPeering(upPlace, {
        networkUuid: stagingNet.uuid,
        peerNetworkUuid: aivenNetwork,
        name: 'staging to aiven',
      });
      assert.equal(upSide.rawState, 'active');
      assert.equal((await aiven.getPeering(place, requested.id))?.rawState, 'ACTIVE');
    });

    it('sets the user peer network CIDRs to exactly the given list', async () => {
      sandbox.admin.resetCounters();
      const peer = { peerCloudAccount: 'upcloud', peerVpc: appNet.uuid };
      const two = await aiven.setUserPeerNetworkCidrs(place, vpcId, peer, [
        '10.0.0.0/24',
        '10.1.0.0/24',
      ]);
      assert.deepEqual(two.peer.cidrs, ['10.0.0.0/24', '10.1.0.0/24']);
      const one = await aiven.setUserPeerNetworkCidrs(place, vpcId, peer, ['10.1.0.0/24']);
      assert.deepEqual(one.peer.cidrs, ['10.1.0.0/24']);
      await aiven.setUserPeerNetworkCidrs(place, vpcId, peer, ['10.1.0.0/24']);
      assert.equal(
        sandbox.admin.counters()['aiven.VpcPeeringConnectionUpdate'],
        2,
        'no call when nothing changes',
      );
      const unknown = await failure(
        aiven.setUserPeerNetworkCidrs(
          place,
          vpcId,
          { peerCloudAccount: 'upcloud', peerVpc: stagingNet.uuid },
          [],
        ),
      );
      assert.match(unknown.message, /has no peering connection to upcloud\/03aa6e0b/);
    });

    it('deletes a connection; the UpCloud side then waits for its peer again', async () => {
      const deleting = await aiven.deletePeeringConnection(place, vpcId, {
        peerCloudAccount: 'upcloud',
        peerVpc: appNet.uuid,
      });
      assert.equal(deleting.rawState, 'DELETING');
      assert.equal(deleting.state, 'deleting');
      const upSide = await upcloud.getPeering(upPlace, UPCLOUD.peerings.appToAiven);
      assert.equal(upSide?.rawState, 'pending-peer');
      await wait(DELAY + 20);
      assert.deepEqual(await aiven.listPeerings(place), []);
    });

    it('surfaces Aiven’s own errors with the account', async () => {
      const duplicate = await failure(
        aiven.createPeeringConnection(place, vpcId, {
          peerCloudAccount: 'upcloud',
          peerVpc: appNet.uuid,
        }),
      );
      assert.match(
        duplicate.message,
        /^Aiven account "sandbox Aiven": HTTP 409: Peering connection to upcloud\/.* already exists/,
      );
      const clash = await failure(
        aiven.createVpc(place, { cloudName: AIVEN.cloud, networkCidr: '10.152.0.0/24' }),
      );
      assert.match(clash.message, /already has a VPC in upcloud-de-fra1/);
    });

    it('validates inputs before sending anything, naming the field, the value and the rule', async () => {
      sandbox.admin.resetCounters();
      const cases: [() => Promise<unknown>, string, RegExp][] = [
        [
          () =>
            aiven.createVpc(place, { cloudName: 'UpCloud Frankfurt', networkCidr: '10.1.0.0/24' }),
          'cloudName',
          /cloudName "UpCloud Frankfurt" is not valid: it must be an Aiven cloud name/,
        ],
        [
          () =>
            aiven.createVpc(place, { cloudName: 'upcloud-de-fra1', networkCidr: '10.1.0.1/24' }),
          'networkCidr',
          /networkCidr "10.1.0.1\/24" is not valid: host bits are set; did you mean 10.1.0.0\/24\?/,
        ],
        [
          () => aiven.createVpc(place, { cloudName: 'upcloud-de-fra1', networkCidr: 'fd00::/64' }),
          'networkCidr',
          /must be an IPv4 block/,
        ],
        [
          () => aiven.createVpc(place, { cloudName: 'upcloud-de-fra1', networkCidr: '8.8.8.0/24' }),
          'networkCidr',
          /must be a private range/,
        ],
        [
          () =>
            aiven.createPeeringConnection(place, 'vpc-1', {
              peerCloudAccount: 'upcloud',
              peerVpc: appNet.uuid,
            }),
          'vpcId',
          /vpcId "vpc-1" is not valid: it must be a UUID/,
        ],
        [
          () =>
            aiven.createPeeringConnection(place, vpcId, {
              peerCloudAccount: 'upcloud',
              peerVpc: 'app-net',
            }),
          'peerVpc',
          /peerVpc "app-net" is not valid: it must be a UUID .*UpCloud network UUID/,
        ],
        [
          () =>
            aiven.createPeeringConnection(place, vpcId, {
              peerCloudAccount: '',
              peerVpc: appNet.uuid,
            }),
          'peerCloudAccount',
          /peerCloudAccount "" is not valid: it is required/,
        ],
        [
          () =>
            aiven.createPeeringConnection(place, vpcId, {
              peerCloudAccount: 'upcloud',
              peerVpc: appNet.uuid,
              peerRegion: 'de-fra1',
            }),
          'peerRegion',
          /left out for UpCloud peers/,
        ],
        [
          () =>
            aiven.createPeeringConnection(place, vpcId, {
              peerCloudAccount: 'upcloud',
              peerVpc: appNet.uuid,
              userPeerNetworkCidrs: ['10.0.0.0'],
            }),
          'userPeerNetworkCidrs[0]',
          /userPeerNetworkCidrs\[0\] "10.0.0.0" is not valid: a prefix length/,
        ],
      ];
      for (const [call, field, message] of cases) {
        const error = await failure(call());
        assert.ok(error instanceof UserFacingError, `${field}: ${error.message}`);
        assert.equal(error.options?.field, field);
        assert.match(error.message, message);
      }
      assert.equal(callsTo(sandbox, 'aiven'), 0, 'nothing was sent');
    });
  });

  describe('faults and accounts', () => {
    // VpcList + VpcGet, for networks and again for peerings.
    itCompletesThroughStorms('aiven', { rounds: 6, callsPerRound: 2 * 2 }, () => ({
      sandbox,
      provider: aiven,
      place,
    }));

    it('explains a rejected token, naming the account and the fix', async () => {
      const p = createProvider({
        credentials: demoCredentials({ 'aiven:sandbox': 'not-the-token' }),
      });
      sandbox.admin.resetCounters();
      const error = await failure(p.listNetworks(place));
      p.dispose();
      assert.ok(error instanceof UserFacingError);
      assert.match(
        error.message,
        /^Aiven account "sandbox Aiven": the credentials were rejected \(HTTP 403\)\. Fix: create a new token/,
      );
      assert.equal(error.options.account, 'aiven:sandbox');
      assert.equal(callsTo(sandbox, 'aiven'), 1, 'not retried');
    });

    it('explains an unknown project, pointing at the account’s project setting', async () => {
      const account: Account = { ...place.account, ref: 'no-such-project' };
      const error = await failure(aiven.listNetworks({ account }));
      assert.equal((error as UserFacingError).options.field, 'ref');
      assert.match(
        error.message,
        /Project 'no-such-project' does not exist.*Fix: check the project name of this account \(now "no-such-project"\)/,
      );
    });

    it('explains an endpoint where nothing listens', async () => {
      const endpoint = `http://127.0.0.1:${await closedPort()}/aiven`;
      const error = await failure(aiven.listPeerings({ account: { ...place.account, endpoint } }));
      assert.match(
        error.message,
        /^Aiven account "sandbox Aiven": cannot reach http:\/\/127\.0\.0\.1:\d+\/aiven \(ECONNREFUSED\)\. Fix: check the endpoint setting/,
      );
    });
  });
});
