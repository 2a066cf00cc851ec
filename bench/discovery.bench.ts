import { Discovery } from '../src/discovery/discovery';
import type { Account } from '../src/model/types';
import type { Place } from '../src/providers/provider';
import { startSandbox } from '../src/sandbox/server';
import { sandboxEnvironment, type SandboxEnvironment } from '../test/support/sandboxEnvironment';
import type { BenchRow } from './types';

const LATENCY_MS = 100;

/**
 * The fewest list calls a full refresh of the demo world could make, per
 * account place, given what each API returns in one call (one page each):
 *  - AWS: DescribeVpcs + DescribeVpcPeeringConnections per region;
 *  - GCP: networks.list (peerings are embedded) + subnetworks.aggregatedList (CIDRs) per project;
 *  - Azure: virtualNetworks.listAll (peerings are embedded in each VNet) per subscription;
 *  - UpCloud: network list + network-peering list;
 *  - Aiven: project VPCs list, plus one VPC get per VPC (the list carries no
 *    peering connections; the get does);
 *  - Dragonfly: networks list + connections list.
 */
const MINIMUM_CALLS_PER_PLACE: Record<Account['cloud'], number> = {
  aws: 2,
  gcp: 2,
  azure: 1,
  upcloud: 2,
  aiven: 1,
  dragonfly: 2,
};

/** The baseline: every account, region and list call one after another. */
async function sequentialRefresh(environment: SandboxEnvironment): Promise<void> {
  for (const account of environment.accounts) {
    const provider = await environment.loadProvider(account.cloud);
    for (const region of await provider.listRegions(account)) {
      const place: Place = { account, region };
      await provider.listNetworks(place);
      await provider.listPeerings(place);
    }
  }
}

function totalCalls(counters: Record<string, number>): number {
  return Object.values(counters).reduce((a, b) => a + b, 0);
}

/**
 * discovery.parallel_vs_sequential, discovery.critical_path_ratio and
 * discovery.calls_per_refresh, on the demo world with 100 ms of latency
 * injected on every call of every cloud.
 */
export default async function discoveryBench(): Promise<BenchRow[]> {
  const sandbox = await startSandbox({ world: 'demo' });
  const environment = sandboxEnvironment(sandbox);
  try {
    // Warm up: load every provider and its clients once, without latency.
    const warm = await new Discovery({ loadProvider: environment.loadProvider }).refresh(
      environment.accounts,
    );
    if (warm.errors.length)
      throw new Error(`demo discovery failed: ${warm.errors.map((e) => e.message).join('; ')}`);

    sandbox.admin.setFaults([{ latencyMs: LATENCY_MS }]);

    // Parallel, as the extension runs it.
    sandbox.admin.resetCounters();
    const startedParallel = performance.now();
    const result = await new Discovery({ loadProvider: environment.loadProvider }).refresh(
      environment.accounts,
    );
    const parallelMs = performance.now() - startedParallel;
    const calls = totalCalls(sandbox.admin.counters());
    if (result.errors.length) throw new Error(result.errors.map((e) => e.message).join('; '));

    // The critical path: the longest chain of dependent calls in any one place,
    // measured by running each place's two listings alone (calls inside one
    // listing, such as pages, are sequential by nature).
    let longestChainMs = 0;
    for (const account of environment.accounts) {
      const provider = await environment.loadProvider(account.cloud);
      for (const region of await provider.listRegions(account)) {
        const place = { account, region };
        for (const list of [
          () => provider.listNetworks(place),
          () => provider.listPeerings(place),
        ]) {
          sandbox.admin.resetCounters();
          await list();
          const chain = totalCalls(sandbox.admin.counters());
          longestChainMs = Math.max(longestChainMs, chain * LATENCY_MS);
        }
      }
    }

    // Sequential baseline, same world, same latency.
    const startedSequential = performance.now();
    await sequentialRefresh(environment);
    const sequentialMs = performance.now() - startedSequential;

    const places = result.places;
    const minimum = places.reduce(
      (n, p) =>
        n + MINIMUM_CALLS_PER_PLACE[p.cloud] + (p.cloud === 'aiven' ? p.networks.length : 0),
      0,
    );
    return [
      {
        id: 'discovery.parallel_vs_sequential',
        value: parallelMs,
        unit: 'ms',
        baseline: sequentialMs,
        ratio: sequentialMs / parallelMs,
        note: `demo world, ${LATENCY_MS} ms per call; ratio = sequential / parallel, target ≥ 8`,
        pass: sequentialMs / parallelMs >= 8,
      },
      {
        id: 'discovery.critical_path_ratio',
        value: parallelMs,
        unit: 'ms',
        baseline: longestChainMs,
        ratio: parallelMs / longestChainMs,
        note: 'wall time / (calls along the longest chain × latency); target ≤ 1.3',
        pass: parallelMs / longestChainMs <= 1.3,
      },
      {
        id: 'discovery.calls_per_refresh',
        value: calls,
        unit: 'calls',
        baseline: minimum,
        ratio: calls / minimum,
        note: `one full refresh of ${places.length} places; baseline = the minimum the APIs allow; ratio 1 is ideal`,
        pass: calls / minimum <= 1.5,
      },
    ];
  } finally {
    environment.dispose();
    await sandbox.stop();
  }
}
