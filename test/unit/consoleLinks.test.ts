import * as assert from 'node:assert/strict';
import type { LocatedNetwork, LocatedPeering } from '../../src/discovery/inventory';
import type { Account, CloudKind, Network, Peering } from '../../src/model/types';
import { networkConsoleUrl, peeringConsoleUrl } from '../../src/ui/consoleLinks';

function account(cloud: CloudKind, ref: string, extra: Partial<Account> = {}): Account {
  return { id: `${cloud}:${ref}`, cloud, ref, label: ref, ...extra };
}

function peering(cloud: CloudKind, id: string, local: Partial<Peering['local']> = {}): Peering {
  return {
    key: `${cloud}/${id}`,
    accountKey: 'x',
    cloud,
    id,
    state: 'active',
    rawState: 'active',
    local: { cloud, networkId: 'n', ...local },
    peer: { cloud, networkId: 'm' },
  };
}

const located = (p: Peering, a: Account, region?: string): LocatedPeering => ({
  peering: p,
  account: a,
  region,
});

describe('console links', () => {
  it('opens an AWS peering in its region’s VPC console', () => {
    const url = peeringConsoleUrl(
      located(peering('aws', 'pcx-0a1a00000000000a1'), account('aws', 'prod'), 'eu-west-1'),
    );
    assert.equal(
      url,
      'https://eu-west-1.console.aws.amazon.com/vpcconsole/home?region=eu-west-1#PeeringConnectionDetails:VpcPeeringConnectionId=pcx-0a1a00000000000a1',
    );
  });

  it('opens GCP peerings in the project’s peering list', () => {
    const p = peering('gcp', 'projects/my-proj/global/networks/app/peerings/x', {
      accountId: 'my-proj',
    });
    assert.equal(
      peeringConsoleUrl(located(p, account('gcp', 'other'))),
      'https://console.cloud.google.com/networking/peering/list?project=my-proj',
    );
  });

  it('opens an Azure peering by its ARM id in the account’s tenant', () => {
    const id =
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/virtualNetworkPeerings/p';
    const a = account('azure', 's', { tenantId: 'aaaaaaaa-0000-4000-8000-000000000001' });
    assert.equal(
      peeringConsoleUrl(located(peering('azure', id), a)),
      `https://portal.azure.com/#@aaaaaaaa-0000-4000-8000-000000000001/resource${id}`,
    );
  });

  it('opens the UpCloud Hub, the Aiven project’s VPCs and the Dragonfly console', () => {
    assert.equal(
      peeringConsoleUrl(located(peering('upcloud', 'u'), account('upcloud', 'me'))),
      'https://hub.upcloud.com/networks',
    );
    assert.equal(
      peeringConsoleUrl(located(peering('aiven', 'v/upcloud/u'), account('aiven', 'my project'))),
      'https://console.aiven.io/project/my%20project/vpcs',
    );
    assert.equal(
      peeringConsoleUrl(located(peering('dragonfly', 'conn-1'), account('dragonfly', 'me'))),
      'https://dragonflydb.cloud/networks',
    );
  });

  it('opens networks: an AWS VPC, a GCP network', () => {
    const vpc: Network = {
      key: 'k',
      accountKey: 'a',
      cloud: 'aws',
      id: 'vpc-1',
      name: 'app',
      cidrs: [],
      region: 'us-west-2',
    };
    const n: LocatedNetwork = {
      network: vpc,
      account: account('aws', 'prod'),
      region: 'us-west-2',
    };
    assert.equal(
      networkConsoleUrl(n),
      'https://us-west-2.console.aws.amazon.com/vpcconsole/home?region=us-west-2#VpcDetails:VpcId=vpc-1',
    );
    const net: Network = {
      ...vpc,
      cloud: 'gcp',
      id: 'projects/p/global/networks/app',
      ownerId: 'p',
      region: undefined,
    };
    assert.equal(
      networkConsoleUrl({ network: net, account: account('gcp', 'p'), region: undefined }),
      'https://console.cloud.google.com/networking/networks/details/app?project=p',
    );
  });
});
