import * as assert from 'node:assert/strict';
import {
  ConfigServiceClient,
  DescribeConfigurationAggregatorsCommand,
  SelectAggregateResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
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
const keys = { accessKeyId: app.accessKeyId, secretAccessKey: app.secretAccessKey };

describe('providers/aws: AWS Organizations, STS and the Config aggregator against the sandbox', function () {
  let sandbox: RunningSandbox;
  let management: Account;
  const log: string[] = [];

  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 50 });
    management = sandboxAwsAccount('app', sandbox.endpoints.aws);
  });
  after(() => sandbox.stop());
  beforeEach(() => {
    sandbox.admin.reset('demo');
    log.length = 0;
  });

  function newProvider(): AwsProvider {
    return new AwsProvider({
      credentials: sandboxAwsCredentials(),
      log: (line) => log.push(line),
    });
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

  /** Every network and peering of the accounts, place by place, sorted for comparison. */
  async function everything(provider: AwsProvider, accounts: Account[]) {
    const networks: Network[] = [];
    const peerings: Peering[] = [];
    for (const account of accounts) {
      for (const region of await provider.listRegions(account)) {
        networks.push(...(await provider.listNetworks({ account, region })));
        peerings.push(...(await provider.listPeerings({ account, region })));
      }
    }
    const byKey = <T extends { key: string }>(list: T[]) =>
      [...list].sort(
        (a, b) => a.key.localeCompare(b.key) || JSON.stringify(a).localeCompare(JSON.stringify(b)),
      );
    return { networks: byKey(networks), peerings: byKey(peerings) };
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
    const viaAggregator = newProvider();
    const perAccount = newProvider();
    try {
      const accounts = await members(viaAggregator);
      sandbox.admin.resetCounters();
      const aggregated = await everything(viaAggregator, accounts);
      const counters = sandbox.admin.counters();
      assert.equal(counters['aws.DescribeVpcs'], undefined, 'no EC2 call with an aggregator');
      assert.equal(
        counters['aws.AssumeRole'],
        undefined,
        'no session needed to read the inventory',
      );
      assert.ok(counters['aws.SelectAggregateResourceConfig'] >= 4, JSON.stringify(counters));
      assert.match(log.join('\n'), /from AWS Config aggregator "org-network-inventory"/);

      sandbox.admin.setEngine('aws-config', false);
      const direct = await everything(perAccount, accounts);
      assert.ok(direct.networks.length === 7, `networks: ${direct.networks.length}`);
      assert.deepEqual(aggregated.networks, direct.networks);
      assert.deepEqual(aggregated.peerings, direct.peerings);
      assert.ok(
        aggregated.peerings.some((p) => p.id === AWS_ORGANIZATION.peering && p.state === 'active'),
      );
      assert.ok(aggregated.peerings.some((p) => p.id === AWS_PEERINGS.pendingCrossAccount));
    } finally {
      viaAggregator.dispose();
      perAccount.dispose();
    }
  });

  it('falls back to per-account calls once the aggregator is gone, and says so', async () => {
    const provider = newProvider();
    try {
      const accounts = await members(provider);
      // A first refresh through the aggregator; the next one asks the aggregator again and
      // finds none (no timer keeps the first answer).
      await everything(provider, accounts);
      sandbox.admin.setEngine('aws-config', false);
      sandbox.admin.resetCounters();
      const { networks } = await everything(provider, accounts);
      assert.ok(networks.some((n) => n.id === AWS_ORGANIZATION.vpcs.platformEu.id));
      const counters = sandbox.admin.counters();
      assert.equal(counters['aws.SelectAggregateResourceConfig'], undefined);
      assert.equal(
        counters['aws.DescribeConfigurationAggregators'],
        2,
        'us-east-1, then eu-west-1',
      );
      assert.equal(counters['aws.AssumeRole'], 3, 'one session per member account but the caller');
      assert.equal(counters['aws.DescribeVpcs'], 8, 'four accounts in two regions');
      assert.match(
        log.join('\n'),
        /no AWS Config aggregator in .*listing each account and region with EC2 instead/,
      );
    } finally {
      provider.dispose();
    }
  });

  it('falls back when the aggregator query fails', async () => {
    sandbox.admin.setFaults([{ operation: 'SelectAggregateResourceConfig', errorRate: 1 }]);
    const provider = newProvider();
    try {
      const accounts = await members(provider);
      const { networks } = await everything(provider, accounts);
      assert.ok(networks.some((n) => n.id === AWS_ORGANIZATION.vpcs.platform.id));
      assert.match(
        log.join('\n'),
        /aggregator query failed .*listing each account and region with EC2 instead/,
      );
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
