/**
 * Organisation scale on Azure (issue 15): a generated tenant of 200 subscriptions with 100 ms of
 * latency on every call, refreshed completely through Azure Resource Graph (the subscriptions
 * grouped by tenant) and through the per-subscription fan-out (the same subscriptions without
 * a group), each against its critical path. Both refreshes must list the same networks and
 * peerings, or the bench fails.
 *
 * Run: npx tsx bench/run.ts orgAzure
 */
import { Discovery, type DiscoveryResult } from '../src/discovery/discovery';
import type { Account, AccountGroup } from '../src/model/types';
import { describeCloud } from '../src/providers/registry';
import { startSandbox } from '../src/sandbox/server';
import { LARGE_AZURE_TENANT, largeAzureSubscriptionId } from '../src/sandbox/azure/large';
import { sandboxEnvironment } from '../test/support/sandboxEnvironment';
import type { BenchRow } from './types';

const SUBSCRIPTIONS = 200;
const LATENCY_MS = 100;
const RUNS = 3;

function medianRun<T extends { ms: number }>(runs: T[]): T {
  return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
}

function totalCalls(counters: Record<string, number>): number {
  return Object.values(counters).reduce((a, b) => a + b, 0);
}

function fingerprint(result: DiscoveryResult): string {
  const keys = [
    ...result.networks.map((n) => `${n.key}|${n.cidrs.join(',')}`),
    ...result.peerings.map((p) => `${p.key}|${p.state}|${p.peer.resolvedKey ?? ''}`),
  ];
  return keys.sort().join('\n');
}

export default async function orgAzureBench(): Promise<BenchRow[]> {
  const sandbox = await startSandbox({
    world: { kind: 'large', awsPeerings: 0, azureSubscriptions: SUBSCRIPTIONS },
  });
  const environment = sandboxEnvironment(sandbox);
  const group: AccountGroup = {
    kind: 'azure-tenant',
    id: LARGE_AZURE_TENANT,
    label: 'Sandbox Organisation',
  };
  const ungrouped: Account[] = Array.from({ length: SUBSCRIPTIONS }, (_, n) => ({
    id: `azure:org-${n}`,
    cloud: 'azure',
    ref: largeAzureSubscriptionId(n),
    tenantId: LARGE_AZURE_TENANT,
    label: `Org subscription ${n}`,
    endpoint: sandbox.endpoints.azure,
    sandbox: true,
  }));
  const grouped = ungrouped.map((a) => ({ ...a, group }));
  const refresh = async (accounts: Account[]) => {
    sandbox.admin.resetCounters();
    const started = performance.now();
    const result = await new Discovery({ loadProvider: environment.loadProvider }).refresh(
      accounts,
    );
    const ms = performance.now() - started;
    if (result.errors.length) throw new Error(result.errors.map((e) => e.message).join('; '));
    return { ms, result, counters: sandbox.admin.counters() };
  };
  try {
    // Warm up both paths without latency: provider, clients, TLS sessions, the engine's SDK.
    await refresh(grouped);
    await refresh(ungrouped);
    // What the machine itself spends (sandbox, SDK, mapping), shown beside the ratios.
    const engineNoLatency = await refresh(grouped);
    const fanOutNoLatency = await refresh(ungrouped);

    sandbox.admin.setFaults([{ cloud: 'azure', latencyMs: LATENCY_MS }]);
    // The median of three runs each, interleaved, so a busy moment of the machine hits both.
    const engineRuns = [];
    const fanOutRuns = [];
    for (let run = 0; run < RUNS; run++) {
      engineRuns.push(await refresh(grouped));
      fanOutRuns.push(await refresh(ungrouped));
    }
    const engine = medianRun(engineRuns);
    const fanOut = medianRun(fanOutRuns);
    if (engine.counters['azure.virtualNetworks.listAll'])
      throw new Error('the engine refresh fell back to per-subscription calls');
    if (fingerprint(engine.result) !== fingerprint(fanOut.result))
      throw new Error('Resource Graph and the per-subscription calls listed different inventories');

    const engineCalls = totalCalls(engine.counters);
    const fanOutCalls = totalCalls(fanOut.counters);
    // The engine's pages follow one another: its critical path is every page.
    const engineCriticalMs = engineCalls * LATENCY_MS;
    // Each subscription is one call, but Azure's concurrency limit runs them in waves.
    const concurrency = describeCloud('azure').concurrency;
    const fanOutCriticalMs = Math.ceil(SUBSCRIPTIONS / concurrency) * LATENCY_MS;
    const networks = engine.result.networks.length;
    const peerings = engine.result.peerings.length;
    const world = `${SUBSCRIPTIONS} subscriptions, ${networks} VNets, ${peerings} peerings, ${LATENCY_MS} ms per call`;
    return [
      {
        id: 'orgAzure.refresh_resource_graph_vs_fan_out',
        value: engine.ms,
        unit: 'ms',
        baseline: fanOut.ms,
        ratio: fanOut.ms / engine.ms,
        note: `${world}; complete refresh, ratio = fan-out / Resource Graph`,
      },
      {
        id: 'orgAzure.calls_resource_graph_vs_fan_out',
        value: engineCalls,
        unit: 'calls',
        baseline: fanOutCalls,
        ratio: fanOutCalls / engineCalls,
        note: 'ARM calls in one complete refresh; ratio = fan-out / Resource Graph',
      },
      {
        id: 'orgAzure.resource_graph_critical_path_ratio',
        value: engine.ms,
        unit: 'ms',
        baseline: engineCriticalMs,
        ratio: engine.ms / engineCriticalMs,
        note: `wall / (${engineCalls} sequential pages × latency); target ≤ 1.3 on a quiet machine (without latency this refresh takes ${Math.round(engineNoLatency.ms)} ms here)`,
        pass: engine.ms / engineCriticalMs <= 1.3,
      },
      {
        id: 'orgAzure.fan_out_critical_path_ratio',
        value: fanOut.ms,
        unit: 'ms',
        baseline: fanOutCriticalMs,
        ratio: fanOut.ms / fanOutCriticalMs,
        note: `wall / (⌈${SUBSCRIPTIONS} calls / concurrency ${concurrency}⌉ × latency); target ≤ 1.3 on a quiet machine (without latency ${Math.round(fanOutNoLatency.ms)} ms here)`,
        pass: fanOut.ms / fanOutCriticalMs <= 1.3,
      },
    ];
  } finally {
    environment.dispose();
    await sandbox.stop();
  }
}
