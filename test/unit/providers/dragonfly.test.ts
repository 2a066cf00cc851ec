import * as assert from 'node:assert/strict';
import { Discovery } from '../../../src/discovery/discovery';
import { UserFacingError } from '../../../src/model/errors';
import { AwsProvider } from '../../../src/providers/aws/index';
import { DragonflyProvider, createProvider } from '../../../src/providers/dragonfly/index';
import type { Place } from '../../../src/providers/provider';
import type { RunningSandbox } from '../../../src/sandbox/api';
import {
  AWS_ACCOUNTS,
  AWS_PEERINGS,
  AWS_VPCS,
  AZURE,
  DRAGONFLY,
  GCP,
} from '../../../src/sandbox/worlds/demoTopology';
import { sandboxAwsAccount } from './sandboxAccounts';
import { useDemoSandbox } from '../sandbox/restHarness';
import {
  FAST,
  callsTo,
  closedPort,
  demoCredentials,
  dragonflyAccount,
  failure,
  itCompletesThroughStorms,
} from './restSandbox';

const DELAY = 100;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('providers/dragonfly against the sandbox', function () {
  let sandbox: RunningSandbox;
  let dragonfly: DragonflyProvider;
  let aws: AwsProvider;
  let place: Place;
  let appPlace: Place;
  let dataPlace: Place;
  const df = DRAGONFLY;
  const net = df.network;

  useDemoSandbox(DELAY, (started) => (sandbox = started));
  before(() => {
    dragonfly = new DragonflyProvider({ credentials: demoCredentials() }, FAST);
    aws = new AwsProvider({ credentials: demoCredentials() });
    place = { account: dragonflyAccount(sandbox) };
    appPlace = {
      account: sandboxAwsAccount('app', sandbox.endpoints.aws, ['us-east-1']),
      region: 'us-east-1',
    };
    dataPlace = {
      account: sandboxAwsAccount('data', sandbox.endpoints.aws, ['us-east-1']),
      region: 'us-east-1',
    };
  });
  after(() => {
    dragonfly.dispose();
    aws.dispose();
  });

  describe('discovery', () => {
    it('lists the network with its location as region and its AWS VPC as alias', async () => {
      assert.deepEqual(await dragonfly.listRegions(), [undefined]);
      const [network, ...rest] = await dragonfly.listNetworks(place);
      // The demo's networks on GCP and Azure, each with its VPC where Dragonfly Cloud keeps it.
      assert.deepEqual(
        rest.map((n) => [n.id, n.region, n.cidrs, n.aliases?.map((a) => a.cloud)]),
        [
          [df.gcpNetwork.id, df.gcpNetwork.region, [df.gcpNetwork.cidr], ['gcp']],
          [df.azureNetwork.id, df.azureNetwork.region, [df.azureNetwork.cidr], ['azure']],
        ],
      );
      assert.equal(network.id, net.id);
      assert.equal(network.name, net.name);
      assert.equal(network.key, `dragonfly:sandbox/aws-${net.region}/${net.id}`);
      assert.deepEqual(network.cidrs, [net.cidr]);
      assert.equal(network.region, net.region);
      assert.deepEqual(network.aliases, [
        {
          cloud: 'aws',
          accountId: AWS_ACCOUNTS.dragonfly.accountId,
          networkId: AWS_VPCS.dragonfly.id,
          region: net.region,
        },
      ]);
    });

    it('lists the connection inactive until the customer accepts, with the AWS peering to accept', async () => {
      const [peering, ...rest] = await dragonfly.listPeerings(place);
      assert.equal(rest.length, 0);
      assert.equal(peering.id, DRAGONFLY.connection.id);
      assert.equal(peering.key, `dragonfly/${DRAGONFLY.connection.id}`);
      assert.equal(peering.name, DRAGONFLY.connection.name);
      assert.equal(peering.rawState, 'inactive');
      assert.equal(peering.state, 'pending');
      assert.equal(peering.role, 'requester');
      assert.match(
        peering.stateMessage ?? '',
        new RegExp(`Accept .*${AWS_PEERINGS.dragonflyPending}`),
      );
      assert.equal(peering.options?.peerConnectionId, AWS_PEERINGS.dragonflyPending);
      assert.deepEqual(peering.local, {
        cloud: 'dragonfly',
        networkId: net.id,
        name: net.name,
        region: net.region,
        cidrs: [net.cidr],
      });
      assert.deepEqual(peering.peer, {
        cloud: 'aws',
        accountId: AWS_ACCOUNTS.app.accountId,
        networkId: AWS_VPCS.app.id,
        region: 'us-east-1',
        cidrs: [AWS_VPCS.app.cidrs[0]],
      });
      assert.deepEqual(await dragonfly.getPeering(place, DRAGONFLY.connection.id), peering);
      assert.equal(await dragonfly.getPeering(place, 'conn-000000000000'), undefined);
      assert.deepEqual(await dragonfly.listRouteTables(), []);
      assert.deepEqual(await dragonfly.listFirewalls(), []);
    });

    it('resolves peers across providers: the connection → the AWS app VPC, the AWS peering → the Dragonfly network', async () => {
      const discovery = new Discovery({
        loadProvider: async (cloud) => (cloud === 'aws' ? aws : dragonfly),
      });
      const result = await discovery.refresh([place.account, appPlace.account]);
      assert.deepEqual(result.errors, []);
      const appVpc = result.networks.find((n) => n.id === AWS_VPCS.app.id);
      const dfNetwork = result.networks.find((n) => n.cloud === 'dragonfly');
      assert.ok(appVpc && dfNetwork);

      const connection = result.peerings.find((p) => p.cloud === 'dragonfly');
      assert.equal(connection?.peer.resolvedKey, appVpc.key);
      assert.equal(connection?.peer.name, AWS_VPCS.app.name);
      assert.equal(connection?.local.resolvedKey, dfNetwork.key);

      const awsSide = result.peerings.find((p) => p.id === AWS_PEERINGS.dragonflyPending);
      assert.equal(awsSide?.peer.networkId, AWS_VPCS.dragonfly.id);
      assert.equal(awsSide?.peer.resolvedKey, dfNetwork.key, 'through the alias');
    });
  });

  describe('actions', () => {
    it('turns the connection active once the customer accepts with the AWS adapter', async () => {
      const accepted = await aws.acceptPeering(appPlace, AWS_PEERINGS.dragonflyPending);
      assert.ok(['provisioning', 'active'].includes(accepted.rawState));
      let connection = await dragonfly.getPeering(place, DRAGONFLY.connection.id);
      for (let i = 0; i < 20 && connection?.rawState !== 'active'; i++) {
        await wait(25);
        connection = await dragonfly.getPeering(place, DRAGONFLY.connection.id);
      }
      assert.equal(connection?.rawState, 'active');
      assert.equal(connection?.state, 'active');
    });

    it('creates a connection: pending, inactive with an AWS peering request, active once accepted; then deletes it', async () => {
      const created = await dragonfly.createConnection(place, {
        networkId: net.id,
        name: 'data-vpc',
        peer: {
          accountId: AWS_ACCOUNTS.data.accountId,
          vpcId: AWS_VPCS.data.id,
          cidrBlock: AWS_VPCS.data.cidrs[0],
          region: 'us-east-1',
        },
      });
      assert.equal(created.rawState, 'pending');
      assert.equal(created.state, 'provisioning');
      assert.equal(created.peer.networkId, AWS_VPCS.data.id);
      await wait(DELAY + 20);
      const inactive = await dragonfly.getPeering(place, created.id);
      assert.equal(inactive?.rawState, 'inactive');
      const pcx = String(inactive?.options?.peerConnectionId);
      assert.match(pcx, /^pcx-/);

      const request = await aws.getPeering(dataPlace, pcx);
      assert.equal(request?.rawState, 'pending-acceptance');
      assert.equal(request?.peer.networkId, AWS_VPCS.dragonfly.id);
      await aws.acceptPeering(dataPlace, pcx);
      let connection = await dragonfly.getPeering(place, created.id);
      for (let i = 0; i < 20 && connection?.rawState !== 'active'; i++) {
        await wait(25);
        connection = await dragonfly.getPeering(place, created.id);
      }
      assert.equal(connection?.rawState, 'active');

      await dragonfly.deleteConnection(place, created.id);
      assert.equal((await dragonfly.getPeering(place, created.id))?.rawState, 'deleting');
      const awsAfter = await aws.getPeering(dataPlace, pcx);
      assert.ok(['deleting', 'deleted'].includes(awsAfter?.rawState ?? ''), awsAfter?.rawState);
    });

    it('creates a network pending, active with its VPC once built, and deletes it', async () => {
      const created = await dragonfly.createNetwork(place, {
        name: 'df-staging',
        provider: 'aws',
        region: 'eu-west-1',
        cidrBlock: '10.61.0.0/24',
      });
      assert.equal(created.status, 'pending');
      assert.equal(created.provider, 'aws');
      assert.equal(created.network.aliases, undefined, 'no VPC to peer with yet');
      await wait(DELAY + 20);
      const active = await dragonfly.getNetwork(place, created.network.id);
      assert.equal(active?.status, 'active');
      assert.equal(active?.network.aliases?.[0].cloud, 'aws');
      assert.match(active?.network.aliases?.[0].networkId ?? '', /^vpc-/);
      await dragonfly.deleteNetwork(place, created.network.id);
      assert.equal((await dragonfly.getNetwork(place, created.network.id))?.status, 'deleting');
      assert.equal(await dragonfly.getNetwork(place, 'net-000000000000'), undefined);
    });

    it('names GCP and Azure peers the way those clouds’ adapters name their networks', async () => {
      const [gcpNet, azureNet] = await Promise.all([
        dragonfly.createNetwork(place, {
          name: 'df-gcp',
          provider: 'gcp',
          region: 'us-central1',
          cidrBlock: '10.63.0.0/24',
        }),
        dragonfly.createNetwork(place, {
          name: 'df-azure',
          provider: 'azure',
          region: 'westeurope',
          cidrBlock: '10.64.0.0/24',
        }),
      ]);
      await wait(DELAY + 20);
      const toGcp = await dragonfly.createConnection(place, {
        networkId: gcpNet.network.id,
        name: 'gcp-app',
        peer: { accountId: GCP.project, vpcId: GCP.networks.app.name, cidrBlock: '10.100.0.0/20' },
      });
      assert.equal(toGcp.peer.cloud, 'gcp');
      assert.equal(
        toGcp.peer.networkId,
        `projects/${GCP.project}/global/networks/${GCP.networks.app.name}`,
      );
      const toAzureVnet = {
        networkId: azureNet.network.id,
        name: 'azure-app',
        peer: {
          accountId: AZURE.subscriptionId,
          vpcId: AZURE.vnets.app.name,
          cidrBlock: '10.200.0.0/16',
        },
      };
      const missingGroup = await failure(dragonfly.createConnection(place, toAzureVnet));
      assert.equal((missingGroup as UserFacingError).options.field, 'peer.azure.resourceGroup');
      const toAzure = await dragonfly.createConnection(place, {
        ...toAzureVnet,
        peer: {
          ...toAzureVnet.peer,
          azure: { resourceGroup: AZURE.resourceGroup, tenantId: AZURE.tenantId },
        },
      });
      assert.equal(toAzure.peer.cloud, 'azure');
      assert.equal(
        toAzure.peer.networkId,
        `/subscriptions/${AZURE.subscriptionId}/resourceGroups/${AZURE.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${AZURE.vnets.app.name}`,
      );
      const listed = await dragonfly.listPeerings(place);
      assert.deepEqual(listed.map((p) => p.peer.cloud).sort(), ['aws', 'azure', 'gcp']);
    });

    it('validates inputs naming the field, the value and the rule', async () => {
      sandbox.admin.resetCounters();
      const network = (over: object) => ({
        name: 'n',
        provider: 'aws' as const,
        region: 'us-east-1',
        cidrBlock: '10.62.0.0/24',
        ...over,
      });
      const offline: [() => Promise<unknown>, string, RegExp][] = [
        [
          () => dragonfly.createNetwork(place, network({ name: '' })),
          'name',
          /name "" is not valid: it must be 1 to 100 characters/,
        ],
        [
          () => dragonfly.createNetwork(place, network({ provider: 'do' })),
          'provider',
          /provider "do" is not valid: it must be one of aws, gcp, azure/,
        ],
        [
          () => dragonfly.createNetwork(place, network({ cidrBlock: '10.0.0.0/8' })),
          'cidrBlock',
          /cidrBlock "10.0.0.0\/8" is not valid: the prefix length must be \/16 to \/24/,
        ],
        [
          () => dragonfly.createNetwork(place, network({ cidrBlock: '10.62.0.0/33' })),
          'cidrBlock',
          /the prefix length must be 0 to 32/,
        ],
        [
          () =>
            dragonfly.createConnection(place, {
              networkId: net.id,
              name: 'c',
              peer: {
                accountId: AWS_ACCOUNTS.app.accountId,
                vpcId: AWS_VPCS.app.id,
                cidrBlock: 'ten',
              },
            }),
          'peer.cidrBlock',
          /peer.cidrBlock "ten" is not valid/,
        ],
      ];
      for (const [call, field, message] of offline) {
        const error = await failure(call());
        assert.ok(error instanceof UserFacingError, `${field}: ${error.message}`);
        assert.equal(error.options?.field, field);
        assert.match(error.message, message);
      }
      assert.equal(callsTo(sandbox, 'dragonfly'), 0, 'nothing was sent');

      // Checks that depend on the network read it first, and still send no create.
      const peer = { accountId: 'acme', vpcId: AWS_VPCS.app.id, cidrBlock: '10.10.0.0/16' };
      const awsAccount = await failure(
        dragonfly.createConnection(place, { networkId: net.id, name: 'c', peer }),
      );
      assert.equal((awsAccount as UserFacingError).options.field, 'peer.accountId');
      assert.match(
        awsAccount.message,
        /peer.accountId "acme" is not valid: it must be a 12-digit AWS account id/,
      );
      const missing = await failure(
        dragonfly.createConnection(place, { networkId: 'net-000000000000', name: 'c', peer }),
      );
      assert.equal((missing as UserFacingError).options.field, 'networkId');
      assert.match(missing.message, /network net-000000000000 does not exist/);
      assert.equal(sandbox.admin.counters()['dragonfly.connections.create'], undefined);
    });

    it('surfaces Dragonfly’s own errors with the account', async () => {
      const duplicate = await failure(
        dragonfly.createConnection(place, {
          networkId: net.id,
          name: 'again',
          peer: {
            accountId: AWS_ACCOUNTS.app.accountId,
            vpcId: AWS_VPCS.app.id,
            cidrBlock: AWS_VPCS.app.cidrs[0],
          },
        }),
      );
      assert.match(
        duplicate.message,
        /^Dragonfly Cloud account "sandbox Dragonfly": HTTP 409: a connection from net-sandbox0001 to vpc-0a1a0000000000001 exists already/,
      );
    });
  });

  describe('faults and accounts', () => {
    // Networks for each listing, connections for peerings.
    itCompletesThroughStorms('dragonfly', { rounds: 8, callsPerRound: 3 }, () => ({
      sandbox,
      provider: dragonfly,
      place,
    }));

    it('explains a rejected API key, naming the account and the fix', async () => {
      const p = createProvider({
        credentials: demoCredentials({ 'dragonfly:sandbox': 'dfc_wrong' }),
      });
      const error = await failure(p.listPeerings(place));
      p.dispose();
      assert.ok(error instanceof UserFacingError);
      assert.match(
        error.message,
        /^Dragonfly Cloud account "sandbox Dragonfly": the credentials were rejected \(HTTP 401\)\. Fix: create a new API key/,
      );
      assert.doesNotMatch(error.message, /dfc_wrong/);
    });

    it('explains an endpoint where nothing listens', async () => {
      const endpoint = `http://127.0.0.1:${await closedPort()}/dragonfly`;
      const error = await failure(
        dragonfly.listNetworks({ account: { ...place.account, endpoint } }),
      );
      assert.match(
        error.message,
        /^Dragonfly Cloud account "sandbox Dragonfly": cannot reach http:\/\/127\.0\.0\.1:\d+\/dragonfly \(ECONNREFUSED\)\. Fix: check the endpoint setting/,
      );
    });
  });
});
