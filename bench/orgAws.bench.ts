import { Discovery, type DiscoveryResult } from '../src/discovery/discovery';
import {
  DEFAULT_ORGANIZATION_ROLE,
  organizationMemberAccounts,
} from '../src/model/awsOrganization';
import type { Account } from '../src/model/types';
import { AwsProvider } from '../src/providers/aws/index';
import { describeCloud } from '../src/providers/registry';
import type { FaultRule, SandboxEndpoints, SandboxEngine, WorldSpec } from '../src/sandbox/api';
import { startSandbox } from '../src/sandbox/server';
import { AWS_KNOWN_REGIONS } from '../src/sandbox/aws/state';
import { AWS_ACCOUNTS } from '../src/sandbox/worlds/demoTopology';
import { startSandboxProcess } from '../test/support/sandboxProcess';
import type { BenchRow } from './types';

const LATENCY_MS = 100;
/** Member accounts and regions per account; ORG_BENCH_ACCOUNTS / ORG_BENCH_REGIONS shrink a trial run. */
const ACCOUNTS = Number(process.env.ORG_BENCH_ACCOUNTS ?? 500);
const REGIONS = Number(process.env.ORG_BENCH_REGIONS ?? 17);
/** SelectAggregateResourceConfig's page (API reference: Limit at most 100). */
const CONFIG_PAGE = 100;
/** The provider's Config partitions queried at once (providers/aws/organization.ts). */
const CONFIG_CONCURRENCY = 8;

function totalCalls(counters: Record<string, number>): number {
  return Object.values(counters).reduce((a, b) => a + b, 0);
}

/** What the bench needs of a sandbox, in its own process or in this one. */
interface BenchSandbox {
  endpoints: SandboxEndpoints;
  where: string;
  admin: {
    counters(): Promise<Record<string, number>>;
    resetCounters(): Promise<void>;
    setFaults(rules: FaultRule[]): Promise<void>;
    setEngine(engine: SandboxEngine, enabled: boolean): Promise<void>;
  };
  stop(): Promise<void>;
}

/**
 * The sandbox in its own process (test/support/sandboxProcess.ts), as a cloud answers from its
 * own machines: in this process its work to build and serialise the configuration items took
 * turns with the client's parsing on one event loop. ORG_BENCH_IN_PROCESS=1 runs it in this
 * process instead, to compare.
 */
async function benchSandbox(world: WorldSpec): Promise<BenchSandbox> {
  if (process.env.ORG_BENCH_IN_PROCESS === '1') {
    const sandbox = await startSandbox({ world });
    return {
      endpoints: sandbox.endpoints,
      where: 'sandbox in process',
      admin: {
        counters: async () => sandbox.admin.counters(),
        resetCounters: async () => sandbox.admin.resetCounters(),
        setFaults: async (rules) => sandbox.admin.setFaults(rules),
        setEngine: async (engine, enabled) => sandbox.admin.setEngine(engine, enabled),
      },
      stop: () => sandbox.stop(),
    };
  }
  const sandbox = await startSandboxProcess('empty');
  await sandbox.admin.reset(world);
  return { ...sandbox, where: 'sandbox in its own process' };
}

/**
 * orgAws.*: one complete refresh of a generated organization of ACCOUNTS
 * member accounts × REGIONS regions (one VPC each, peerings chained in the
 * first region) with 100 ms of latency on every call, read through the AWS
 * Config aggregator and, in the same run, through the per-account fan-out
 * (STS AssumeRole per account, DescribeVpcs and DescribeVpcPeeringConnections
 * per place), each against its critical path.
 *
 *   npx tsx bench/run.ts orgAws
 */
export default async function orgAwsBench(): Promise<BenchRow[]> {
  const sandbox = await benchSandbox({
    kind: 'aws-organization',
    accounts: ACCOUNTS,
    regions: REGIONS,
  });
  const regions = AWS_KNOWN_REGIONS.slice(0, REGIONS);
  const management: Account = {
    id: 'aws:management',
    cloud: 'aws',
    ref: AWS_ACCOUNTS.app.profile,
    label: 'management',
    regions,
    endpoint: sandbox.endpoints.aws,
  };
  const secret = JSON.stringify({
    accessKeyId: AWS_ACCOUNTS.app.accessKeyId,
    secretAccessKey: AWS_ACCOUNTS.app.secretAccessKey,
  });
  const newProvider = () =>
    new AwsProvider({
      credentials: { getSecret: async (id) => (id === management.id ? secret : undefined) },
    });
  const providers: AwsProvider[] = [];
  const refresh = async (accounts: Account[]) => {
    const provider = newProvider();
    providers.push(provider);
    await sandbox.admin.resetCounters();
    const started = performance.now();
    const result = await new Discovery({ loadProvider: async () => provider }).refresh(accounts);
    const ms = performance.now() - started;
    if (result.errors.length)
      throw new Error(
        `refresh failed: ${result.errors
          .slice(0, 3)
          .map((e) => e.message)
          .join('; ')}`,
      );
    const counters = await sandbox.admin.counters();
    return { ms, calls: totalCalls(counters), counters, result };
  };
  try {
    const lister = newProvider();
    providers.push(lister);
    const listing = await lister.listOrganization(management);
    const accounts = organizationMemberAccounts({
      organizationId: listing.organizationId,
      source: management,
      callerAccountNumber: listing.callerAccountNumber,
      roleName: DEFAULT_ORGANIZATION_ROLE,
      members: listing.accounts,
    });
    const places = accounts.length * regions.length;
    // Warm up both paths without latency, so neither timed refresh pays for loading the SDK
    // clients (Config for the aggregator, STS for the fan-out's sessions).
    await refresh(accounts.slice(0, 2));
    await sandbox.admin.setEngine('aws-config', false);
    await refresh(accounts.slice(0, 2));
    await sandbox.admin.setEngine('aws-config', true);
    await sandbox.admin.setFaults([{ latencyMs: LATENCY_MS }]);

    const viaAggregator = await refresh(accounts);
    if (viaAggregator.counters['aws.DescribeVpcs'])
      throw new Error('the aggregator refresh made EC2 calls');

    await sandbox.admin.setEngine('aws-config', false);
    const fanOut = await refresh(accounts);
    if (fanOut.result.networks.length !== viaAggregator.result.networks.length)
      throw new Error(
        `the two refreshes disagree: ${fanOut.result.networks.length} vs ${viaAggregator.result.networks.length} networks`,
      );

    // Critical paths, from what each refresh read. The aggregator: one
    // DescribeConfigurationAggregators, then the longest chain of NextToken pages of any
    // (resource type, region) query, which run side by side.
    const perRegion = (result: DiscoveryResult, pick: 'networks' | 'peerings') => {
      const counts = new Map<string, number>();
      for (const p of result.places)
        counts.set(p.region ?? '', (counts.get(p.region ?? '') ?? 0) + p[pick].length);
      return [...counts.values()];
    };
    const pages = (n: number) => Math.max(1, Math.ceil(n / CONFIG_PAGE));
    const longestChain =
      1 +
      Math.max(
        ...perRegion(viaAggregator.result, 'networks').map(pages),
        ...perRegion(viaAggregator.result, 'peerings').map(pages),
      );
    const aggregatorPath =
      Math.max(longestChain, (viaAggregator.calls - 1) / CONFIG_CONCURRENCY + 1) * LATENCY_MS;
    // The fan-out: per place, AssumeRole (once per account) then DescribeVpcs, so 2 calls deep;
    // with the AWS concurrency limit of discovery, its calls can go no faster than that many at once.
    const concurrency = describeCloud('aws').concurrency;
    const fanOutPath = Math.max(2, fanOut.calls / concurrency) * LATENCY_MS;
    const note = `${accounts.length} accounts × ${regions.length} regions (${places} places), ${LATENCY_MS} ms per call, ${sandbox.where}`;
    return [
      {
        id: 'orgAws.refresh_aggregator_vs_fanout',
        value: viaAggregator.ms,
        unit: 'ms',
        baseline: fanOut.ms,
        ratio: fanOut.ms / viaAggregator.ms,
        note: `${note}; ratio = per-account fan-out / aggregator`,
      },
      {
        id: 'orgAws.calls_aggregator_vs_fanout',
        value: viaAggregator.calls,
        unit: 'calls',
        baseline: fanOut.calls,
        ratio: fanOut.calls / viaAggregator.calls,
        note: 'calls per complete refresh; ratio = fan-out / aggregator',
      },
      {
        id: 'orgAws.aggregator_critical_path_ratio',
        value: viaAggregator.ms,
        unit: 'ms',
        baseline: aggregatorPath,
        ratio: viaAggregator.ms / aggregatorPath,
        note: `wall / max(1 + longest page chain = ${longestChain} calls, calls / ${CONFIG_CONCURRENCY} at once) × latency; 1 is ideal`,
      },
      {
        id: 'orgAws.fanout_critical_path_ratio',
        value: fanOut.ms,
        unit: 'ms',
        baseline: fanOutPath,
        ratio: fanOut.ms / fanOutPath,
        note: `wall / max(2 calls deep, ${fanOut.calls} calls / ${concurrency} at once) × latency; 1 is ideal`,
      },
    ];
  } finally {
    for (const p of providers) p.dispose();
    await sandbox.stop();
  }
}
