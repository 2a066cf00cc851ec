/**
 * AWS Organizations for the AWS adapter: the organization's accounts
 * (Organizations ListAccounts), the caller's own account (STS
 * GetCallerIdentity), and the organization's network inventory through an AWS
 * Config aggregator's advanced query (SelectAggregateResourceConfig over
 * AWS::EC2::VPC and AWS::EC2::VPCPeeringConnection). `index.ts` imports this
 * module with a dynamic import, so its three SDK clients are evaluated only
 * when an organization is first used.
 */
import {
  ConfigServiceClient,
  DescribeConfigurationAggregatorsCommand,
  SelectAggregateResourceConfigCommand,
  type ConfigurationAggregator,
} from '@aws-sdk/client-config-service';
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Vpc, VpcPeeringConnection } from '@aws-sdk/client-ec2';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ConcurrencyLimiter } from '../../async/limiter';
import { withRetry, type RetryClassification } from '../../async/retry';
import type { CallOptions } from '../provider';

/** One account of an organization, as Organizations ListAccounts lists it. */
export interface OrganizationAccount {
  accountNumber: string;
  name: string;
  email?: string;
  status?: string;
}

export interface OrganizationListing {
  organizationId: string;
  managementAccountNumber?: string;
  /** The account the credentials belong to (STS GetCallerIdentity): it needs no role. */
  callerAccountNumber: string;
  accounts: OrganizationAccount[];
}

/** What the adapter hands this module: how to call, with which credentials, and the retry rules. */
export interface OrganizationContext {
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  endpoint?: string;
  classify: (error: unknown) => RetryClassification;
}

/** SelectAggregateResourceConfig's page limit (API reference: Limit 0 to 100). */
const CONFIG_PAGE = 100;
/** Region partitions queried at once; Config throttles beyond a few requests per second. */
const CONFIG_CONCURRENCY = 8;
/** Organizations ListAccounts' page limit (API reference: MaxResults 1 to 20). */
const ORGANIZATIONS_PAGE = 20;

function retry<T>(
  ctx: OrganizationContext,
  options: CallOptions,
  call: () => Promise<T>,
): Promise<T> {
  return withRetry(call, { classify: ctx.classify, signal: options.signal });
}

/**
 * @public (used through index.ts's lazy `require`, which knip cannot follow)
 *
 * Every account of the caller's organization, paged, with the organization's
 * id and the caller's own account number. Organizations is a global service
 * whose endpoint is in us-east-1.
 */
export async function listOrganizationAccounts(
  ctx: OrganizationContext,
  options: CallOptions = {},
): Promise<OrganizationListing> {
  const common = {
    region: 'us-east-1',
    endpoint: ctx.endpoint,
    credentials: ctx.credentials,
    maxAttempts: 1,
  };
  const organizations = new OrganizationsClient(common);
  const sts = new STSClient(common);
  try {
    const send = { abortSignal: options.signal };
    const [identity, organization] = await Promise.all([
      retry(ctx, options, () => sts.send(new GetCallerIdentityCommand({}), send)),
      retry(ctx, options, () => organizations.send(new DescribeOrganizationCommand({}), send)),
    ]);
    const accounts: OrganizationAccount[] = [];
    let token: string | undefined;
    do {
      const page = await retry(ctx, options, () =>
        organizations.send(
          new ListAccountsCommand({ NextToken: token, MaxResults: ORGANIZATIONS_PAGE }),
          send,
        ),
      );
      for (const a of page.Accounts ?? []) {
        if (!a.Id) continue;
        accounts.push({
          accountNumber: a.Id,
          name: a.Name ?? a.Id,
          email: a.Email,
          status: a.State ?? a.Status,
        });
      }
      token = page.NextToken;
    } while (token);
    return {
      organizationId: organization.Organization?.Id ?? '',
      managementAccountNumber: organization.Organization?.MasterAccountId,
      callerAccountNumber: identity.Account ?? '',
      accounts,
    };
  } finally {
    organizations.destroy();
    sts.destroy();
  }
}

/** What the aggregator holds for one member account in one region, in EC2's SDK shapes. */
export interface PlaceInventory {
  vpcs: Vpc[];
  peerings: VpcPeeringConnection[];
}

/** An organization's inventory from one aggregator query, per `accountNumber|region`. */
export interface OrganizationInventory {
  aggregatorName: string;
  aggregatorRegion: string;
  places: Map<string, PlaceInventory>;
  /** Config calls this snapshot took. */
  calls: number;
}

export function inventoryKey(accountNumber: string, region: string): string {
  return `${accountNumber}|${region}`;
}

/**
 * The organization's aggregator: looked up with DescribeConfigurationAggregators
 * in each of `regions` in turn (an aggregator lives in one region), preferring
 * one whose source is the whole organization. Undefined when there is none.
 */
async function findAggregator(
  ctx: OrganizationContext,
  regions: readonly string[],
  clientFor: (region: string) => ConfigServiceClient,
  options: CallOptions,
  count: () => void,
): Promise<{ aggregator: ConfigurationAggregator; region: string } | undefined> {
  for (const region of regions) {
    const found: ConfigurationAggregator[] = [];
    let token: string | undefined;
    do {
      count();
      const page = await retry(ctx, options, () =>
        clientFor(region).send(new DescribeConfigurationAggregatorsCommand({ NextToken: token }), {
          abortSignal: options.signal,
        }),
      );
      found.push(...(page.ConfigurationAggregators ?? []));
      token = page.NextToken;
    } while (token);
    const best = found.find((a) => a.OrganizationAggregationSource) ?? found[0];
    if (best?.ConfigurationAggregatorName) return { aggregator: best, region };
  }
  return undefined;
}

/**
 * @public (used through index.ts's lazy `require`)
 *
 * Reads every VPC and VPC peering connection of the organization in `regions`
 * through the aggregator's advanced query: one query per resource type and
 * region (so the pages of different regions run side by side instead of one
 * long NextToken chain), each paged at Config's maximum of 100. Undefined when
 * no aggregator exists; errors propagate, and the caller falls back.
 */
export async function readOrganizationInventory(
  ctx: OrganizationContext,
  regions: readonly string[],
  options: CallOptions = {},
): Promise<OrganizationInventory | undefined> {
  const clients = new Map<string, ConfigServiceClient>();
  const clientFor = (region: string) => {
    let client = clients.get(region);
    if (!client) {
      client = new ConfigServiceClient({
        region,
        endpoint: ctx.endpoint,
        credentials: ctx.credentials,
        maxAttempts: 1,
      });
      clients.set(region, client);
    }
    return client;
  };
  let calls = 0;
  try {
    const found = await findAggregator(ctx, regions, clientFor, options, () => calls++);
    if (!found) return undefined;
    const name = found.aggregator.ConfigurationAggregatorName ?? '';
    const client = clientFor(found.region);
    const places = new Map<string, PlaceInventory>();
    const placeOf = (accountNumber: string, region: string) => {
      const key = inventoryKey(accountNumber, region);
      let place = places.get(key);
      if (!place) places.set(key, (place = { vpcs: [], peerings: [] }));
      return place;
    };
    const limiter = new ConcurrencyLimiter(CONFIG_CONCURRENCY);
    const query = async (resourceType: string, region: string) => {
      // The region is a literal from the account's own settings (AWS region names are
      // [a-z0-9-]), never user text with quotes.
      const expression = `SELECT accountId, awsRegion, configuration WHERE resourceType = '${resourceType}' AND awsRegion = '${region}'`;
      let token: string | undefined;
      do {
        calls++;
        const page = await limiter.run(() =>
          retry(ctx, options, () =>
            client.send(
              new SelectAggregateResourceConfigCommand({
                ConfigurationAggregatorName: name,
                Expression: expression,
                Limit: CONFIG_PAGE,
                NextToken: token,
              }),
              { abortSignal: options.signal },
            ),
          ),
        );
        for (const text of page.Results ?? []) {
          const row = JSON.parse(text) as {
            accountId?: string;
            awsRegion?: string;
            configuration?: unknown;
          };
          if (!row.accountId || !row.awsRegion || !row.configuration) continue;
          const place = placeOf(row.accountId, row.awsRegion);
          if (resourceType === VPC_TYPE) place.vpcs.push(toSdkShape(row.configuration) as Vpc);
          else place.peerings.push(peeringFromConfig(row.configuration));
        }
        token = page.NextToken;
      } while (token);
    };
    const validRegions = regions.filter((r) => /^[a-z0-9-]{1,32}$/.test(r));
    await Promise.all(
      validRegions.flatMap((region) => [query(VPC_TYPE, region), query(PEERING_TYPE, region)]),
    );
    return { aggregatorName: name, aggregatorRegion: found.region, places, calls };
  } finally {
    for (const client of clients.values()) client.destroy();
  }
}

const VPC_TYPE = 'AWS::EC2::VPC';
const PEERING_TYPE = 'AWS::EC2::VPCPeeringConnection';

/**
 * A configuration item's `configuration` in the EC2 SDK's shape. Config records
 * the EC2 describe output with lower-camel-case member names (`cidrBlockAssociationSet`,
 * `tags: [{key, value}]`); the SDK's members are the same names in upper camel case.
 * JSON nulls (unset members) become absent.
 */
function toSdkShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSdkShape);
  if (value === null) return undefined;
  if (typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    const converted = toSdkShape(member);
    if (converted !== undefined) out[key.charAt(0).toUpperCase() + key.slice(1)] = converted;
  }
  return out;
}

function peeringFromConfig(configuration: unknown): VpcPeeringConnection {
  const pcx = toSdkShape(configuration) as VpcPeeringConnection & { ExpirationTime?: unknown };
  // Timestamps are ISO strings in a configuration item and Dates in the SDK.
  if (typeof pcx.ExpirationTime === 'string') pcx.ExpirationTime = new Date(pcx.ExpirationTime);
  return pcx;
}

/**
 * @public (used through index.ts's lazy `require`)
 *
 * One set of session credentials shared by every client of an account (each
 * region has its own EC2 client, and one AssumeRole per account is enough):
 * the provider is called again once the session is within five minutes of
 * its expiration, as the SDK's own clients do.
 */
export function shareSession(
  provider: AwsCredentialIdentityProvider,
): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  const fresh = (c: AwsCredentialIdentity) =>
    !c.expiration || c.expiration.getTime() - Date.now() > 5 * 60_000;
  const get = (): Promise<AwsCredentialIdentity> => {
    const pending = (current ??= provider().catch((error: unknown) => {
      current = undefined;
      throw error;
    }));
    return pending.then((c) => {
      if (fresh(c)) return c;
      // Expiring: ask once more for a new session; whatever that gives is used.
      if (current === pending) current = undefined;
      return (current ??= provider());
    });
  };
  return get;
}
