import * as assert from 'node:assert/strict';
import {
  ConfigServiceClient,
  DescribeConfigurationAggregatorsCommand,
  SelectAggregateResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { Discovery, type EngineReport } from '../../../src/discovery/discovery';
import { AwsProvider } from '../../../src/providers/aws/index';
import {
  DEFAULT_ORGANIZATION_ROLE,
  organizationMemberAccounts,
  roleNameProblem,
} from '../../../src/model/awsOrganization';
import type { Account, Network, Peering } from '../../../src/model/types';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import {
  AWS_ACCOUNTS,
  AWS_ORGANIZATION,
  AWS_PEERINGS,
} from '../../../src/sandbox/worlds/demoTopology';
import { sandboxAwsAccount, sandboxAwsCredentials } from './sandboxAccounts';

const app = AWS_ACCOUNTS.app;

/** Sorted by key (then content: the two sides of one AWS peering share it), for comparison. */
function sorted<T extends { key: string }>(list: readonly T[]): T[] {
  return [...list].sort(
    (a, b) => a.key.localeCompare(b.key) || JSON.stringify(a).localeCompare(JSON.stringify(b)),
  );
}
const keys = { accessKeyId: app.accessKeyId, secretAccessKey: app.secretAccessKey };

describe('providers/aws: AWS Organizations, STS and the Config aggregator against the sandbox', function () {
  let sandbox: RunningSandbox;
  let management: Account;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 50 });
    management = sandboxAwsAccount('app', sandbox.endpoints.aws);
  });
  after(() => sandbox.stop());
  beforeEach(() => {
    sandbox.admin.reset('demo');
  });

  function newProvider(): AwsProvider {
    return new AwsProvider({ credentials: sandboxAwsCredentials() });
  }

  async function members(provider: AwsProvider): Promise<Account[]> {
    const listing = await provider.listOrganization(management);
    return organizationMemberAccounts({
      organizationId: listing.organizationId,
      source: management,
      callerAccountNumber: listing.callerAccountNumber,
      roleName: DEFAULT_ORGANIZATION_ROLE,
      members: listing.accounts,
    });
  }

  /** Every network and peering of the accounts, place by place with EC2, sorted for comparison. */
  async function everything(provider: AwsProvider, accounts: Account[]) {
    const networks: Network[] = [];
    const peerings: Peering[] = [];
    for (const account of accounts) {
      for (const region of await provider.listRegions(account)) {
        networks.push(...(await provider.listNetworks({ account, region })));
        peerings.push(...(await provider.listPeerings({ account, region })));
      }
    }
    return { networks: sorted(networks), peerings: sorted(peerings) };
  }

  it('lists the organization (paged ListAccounts) and the caller with the SDK clients', async () => {
    const provider = newProvider();
    try {
      const listing = await provider.listOrganization(management);
      assert.equal(listing.organizationId, AWS_ORGANIZATION.id);
      assert.equal(listing.callerAccountNumber, app.accountId);
      assert.equal(listing.managementAccountNumber, app.accountId);
      assert.deepEqual(
        listing.accounts.map((a) => a.accountNumber),
        [
          app.accountId,
          AWS_ACCOUNTS.data.accountId,
          AWS_ORGANIZATION.members.platform.accountId,
          AWS_ORGANIZATION.members.platformEu.accountId,
        ],
      );
      // A member account's credentials may not list the organization: the error names the fix.
      await assert.rejects(
        provider.listOrganization(sandboxAwsAccount('data', sandbox.endpoints.aws)),
        /may not list its organization's accounts \(AccessDeniedException\)/,
      );
    } finally {
      provider.dispose();
    }
    // Pages of 1 chain through NextToken; a member account may not list the organization.
    const client = new OrganizationsClient({
      region: 'us-east-1',
      endpoint: sandbox.endpoints.aws,
      credentials: keys,
    });
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListAccountsCommand({ MaxResults: 1, NextToken: token }));
      assert.equal(page.Accounts?.length, 1);
      assert.ok(page.Accounts?.[0].JoinedTimestamp instanceof Date);
      seen.push(page.Accounts?.[0].Id ?? '');
      token = page.NextToken;
    } while (token);
    assert.equal(seen.length, 4);
    const member = new OrganizationsClient({
      region: 'us-east-1',
      endpoint: sandbox.endpoints.aws,
      credentials: {
        accessKeyId: AWS_ACCOUNTS.data.accessKeyId,
        secretAccessKey: AWS_ACCOUNTS.data.secretAccessKey,
      },
    });
    await assert.rejects(member.send(new ListAccountsCommand({})), {
      name: 'AccessDeniedException',
    });
    client.destroy();
    member.destroy();
  });

  it('assumes the role only from the management account into a member, and the session works in EC2', async () => {
    const sts = new STSClient({
      region: 'us-east-1',
      endpoint: sandbox.endpoints.aws,
      credentials: keys,
    });
    const platform = AWS_ORGANIZATION.members.platform.accountId;
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${platform}:role/${DEFAULT_ORGANIZATION_ROLE}`,
        RoleSessionName: 'test',
      }),
    );
    assert.match(out.Credentials?.AccessKeyId ?? '', /^ASIA/);
    assert.ok(out.Credentials?.Expiration instanceof Date);
    assert.equal(
      out.AssumedRoleUser?.Arn,
      `arn:aws:sts::${platform}:assumed-role/${DEFAULT_ORGANIZATION_ROLE}/test`,
    );
    await assert.rejects(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${platform}:role/SomeOtherRole`,
          RoleSessionName: 'test',
        }),
      ),
      { name: 'AccessDenied' },
    );
    sts.destroy();

    // The provider's member accounts: the management account as itself, the others through the role.
    const provider = newProvider();
    try {
      const accounts = await members(provider);
      assert.equal(
        accounts.find((a) => a.awsMember?.accountNumber === app.accountId)?.awsMember?.roleName,
        undefined,
      );
      sandbox.admin.setEngine('aws-config', false);
      sandbox.admin.resetCounters();
      const platformAccount = accounts.find((a) => a.awsMember?.accountNumber === platform)!;
      const networks = await provider.listNetworks({
        account: platformAccount,
        region: 'us-east-1',
      });
      assert.deepEqual(
        networks.map((n) => n.id),
        [AWS_ORGANIZATION.vpcs.platform.id],
      );
      assert.equal(networks[0].ownerId, platform);
      await provider.listNetworks({ account: platformAccount, region: 'eu-west-1' });
      const counters = sandbox.admin.counters();
      assert.equal(counters['aws.AssumeRole'], 1, 'one session per account, shared by its regions');
      assert.equal(counters['aws.DescribeVpcs'], 2);
      // A role the member does not have fails with the account named.
      const wrongRole = {
        ...platformAccount,
        id: 'aws:wrong',
        awsMember: { ...platformAccount.awsMember!, roleName: 'Nope' },
      };
      await assert.rejects(
        provider.listNetworks({ account: wrongRole, region: 'us-east-1' }),
        /AccessDenied/,
      );
    } finally {
      provider.dispose();
    }
  });

  it('reads the inventory through the aggregator, equal to the per-account calls, in a few Config calls', async () => {
    const provider = newProvider();
    try {
      const accounts = await members(provider);
      sandbox.admin.resetCounters();
      const [group] = accounts.map((a) => a.group!);
      const inventory = await provider.listGroupInventory(group, accounts);
      const counters = sandbox.admin.counters();
      assert.equal(counters['aws.DescribeVpcs'], undefined, 'no EC2 call with an aggregator');
      assert.equal(
        counters['aws.AssumeRole'],
        undefined,
        'no session needed to read the inventory',
      );
      assert.equal(counters['aws.DescribeConfigurationAggregators'], 1, 'found in us-east-1');
      assert.equal(counters['aws.SelectAggregateResourceConfig'], 4, 'two types × two regions');
      assert.equal(inventory.calls, 5);
      assert.equal(inventory.engine, `AWS Config aggregator "org-network-inventory" (us-east-1)`);
      // Every region of every member is answered (empty where the aggregator holds nothing).
      assert.deepEqual(
        [...inventory.byAccount].map(([id, places]) => [id, [...places.keys()]]),
        accounts.map((a) => [a.id, ['us-east-1', 'eu-west-1']]),
      );
      const fromEngine = {
        networks: [...inventory.byAccount.values()].flatMap((places) =>
          [...places.values()].flatMap((l) => l.networks),
        ),
        peerings: [...inventory.byAccount.values()].flatMap((places) =>
          [...places.values()].flatMap((l) => l.peerings),
        ),
      };

      // listNetworks/listPeerings always call EC2 in the account: the equal shapes.
      const direct = await everything(provider, accounts);
      assert.equal(direct.networks.length, 7);
      assert.deepEqual(sorted(fromEngine.networks), direct.networks);
      assert.deepEqual(sorted(fromEngine.peerings), direct.peerings);
      assert.ok(
        fromEngine.peerings.some((p) => p.id === AWS_ORGANIZATION.peering && p.state === 'active'),
      );
      assert.ok(fromEngine.peerings.some((p) => p.id === AWS_PEERINGS.pendingCrossAccount));
      assert.ok(sandbox.admin.counters()['aws.DescribeVpcs'] > 0);
    } finally {
      provider.dispose();
    }
  });

  it('discovery reads the organization through the aggregator once, and each place when it is off', async () => {
    const provider = newProvider();
    try {
      const accounts = await members(provider);
      const reports: EngineReport[] = [];
      const discovery = () =>
        new Discovery({ loadProvider: async () => provider, onEngine: (r) => reports.push(r) });
      sandbox.admin.resetCounters();
      const once = discovery();
      const viaEngine = await once.refresh(accounts);
      let counters = sandbox.admin.counters();
      assert.equal(counters['aws.DescribeConfigurationAggregators'], 1, 'one engine run');
      assert.equal(counters['aws.SelectAggregateResourceConfig'], 4);
      assert.equal(counters['aws.DescribeVpcs'], undefined);
      assert.equal(counters['aws.DescribeVpcPeeringConnections'], undefined);
      assert.equal(counters['aws.AssumeRole'], undefined);
      assert.equal(viaEngine.errors.length, 0);
      assert.equal(viaEngine.places.length, 8, 'four accounts in two regions');
      assert.equal(reports.length, 1);
      assert.match(
        reports[0].inventory?.engine ?? '',
        /AWS Config aggregator "org-network-inventory"/,
      );
      assert.equal(reports[0].accounts, 4);
      // The answer is read once per place: listing a place again calls the account.
      const own = accounts.find((a) => a.awsMember?.accountNumber === app.accountId)!;
      sandbox.admin.resetCounters();
      await once.networks({ account: own, region: 'eu-west-1' });
      counters = sandbox.admin.counters();
      assert.equal(counters['aws.DescribeVpcs'], 1);
      assert.equal(counters['aws.SelectAggregateResourceConfig'], undefined);

      sandbox.admin.setEngine('aws-config', false);
      sandbox.admin.resetCounters();
      const fallback = await discovery().refresh(accounts);
      counters = sandbox.admin.counters();
      assert.equal(counters['aws.SelectAggregateResourceConfig'], undefined);
      assert.equal(
        counters['aws.DescribeConfigurationAggregators'],
        2,
        'asked in us-east-1, then eu-west-1',
      );
      assert.equal(counters['aws.AssumeRole'], 3, 'one session per member account but the caller');
      assert.equal(
        counters['aws.DescribeVpcs'],
        8,
        'then each place: four accounts in two regions',
      );
      assert.equal(fallback.errors.length, 0);
      assert.equal(reports[1].inventory, undefined);
      assert.equal(reports[1].error, 'no AWS Config aggregator in us-east-1, eu-west-1');
      assert.deepEqual(sorted(viaEngine.networks), sorted(fallback.networks));
      assert.deepEqual(sorted(viaEngine.peerings), sorted(fallback.peerings));
      assert.ok(fallback.networks.some((n) => n.id === AWS_ORGANIZATION.vpcs.platformEu.id));
    } finally {
      provider.dispose();
    }
  });

  it('falls back to each place when the aggregator query fails, and says why', async () => {
    sandbox.admin.setFaults([{ operation: 'SelectAggregateResourceConfig', errorRate: 1 }]);
    const provider = newProvider();
    try {
      const accounts = await members(provider);
      const reports: EngineReport[] = [];
      const result = await new Discovery({
        loadProvider: async () => provider,
        onEngine: (r) => reports.push(r),
      }).refresh(accounts);
      assert.equal(result.errors.length, 0);
      assert.ok(result.networks.some((n) => n.id === AWS_ORGANIZATION.vpcs.platform.id));
      assert.match(reports[0].error ?? '', /^the AWS Config aggregator query failed \(.+\)$/);
      assert.equal(sandbox.admin.counters()['aws.DescribeVpcs'], 8);
    } finally {
      provider.dispose();
      sandbox.admin.setFaults([]);
    }
  });

  it('serves advanced-query results as JSON strings of the selected fields, paged at 100 at most', async () => {
    const config = new ConfigServiceClient({
      region: 'us-east-1',
      endpoint: sandbox.endpoints.aws,
      credentials: keys,
    });
    const out = await config.send(
      new SelectAggregateResourceConfigCommand({
        ConfigurationAggregatorName: AWS_ORGANIZATION.aggregatorName,
        Expression:
          "SELECT resourceId, accountId WHERE resourceType = 'AWS::EC2::VPC' AND awsRegion = 'eu-west-1'",
        Limit: 1,
      }),
    );
    assert.deepEqual(
      out.QueryInfo?.SelectFields?.map((f) => f.Name),
      ['resourceId', 'accountId'],
    );
    assert.equal(out.Results?.length, 1);
    assert.deepEqual(Object.keys(JSON.parse(out.Results![0]) as object), [
      'resourceId',
      'accountId',
    ]);
    assert.ok(out.NextToken);
    await assert.rejects(
      config.send(
        new SelectAggregateResourceConfigCommand({
          ConfigurationAggregatorName: AWS_ORGANIZATION.aggregatorName,
          Expression: "SELECT resourceId WHERE resourceType = 'AWS::EC2::VPC'",
          Limit: 101,
        }),
      ),
      { name: 'InvalidLimitException' },
    );
    config.destroy();
  });

  it('turns the aggregator off and on through the admin API (engine aws-config)', async () => {
    const config = new ConfigServiceClient({
      region: 'us-east-1',
      endpoint: sandbox.endpoints.aws,
      credentials: keys,
    });
    const names = async () =>
      (
        await config.send(new DescribeConfigurationAggregatorsCommand({}))
      ).ConfigurationAggregators?.map((a) => a.ConfigurationAggregatorName);
    assert.deepEqual(await names(), [AWS_ORGANIZATION.aggregatorName]);
    const put = (body: string) =>
      fetch(`${sandbox.endpoints.admin}/engines`, { method: 'PUT', body });
    assert.equal((await put('{"aws-config": false}')).status, 200);
    assert.deepEqual(await names(), []);
    const bad = await put('{"aws-config": "no"}');
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /"aws-config" must be true/);
    assert.equal((await put('{"aws-config": true}')).status, 200);
    assert.deepEqual(await names(), [AWS_ORGANIZATION.aggregatorName]);
    config.destroy();
  });

  it('validates role names by IAM rules', () => {
    assert.equal(roleNameProblem(DEFAULT_ORGANIZATION_ROLE), undefined);
    assert.equal(roleNameProblem(''), 'required');
    assert.equal(roleNameProblem('a'.repeat(65)), 'at most 64 characters');
    assert.match(roleNameProblem('bad name') ?? '', /only letters/);
  });
});
