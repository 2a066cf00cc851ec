import { Discovery } from '../src/discovery/discovery';
import { dnsMatters } from '../src/doctor/checks';
import { diagnoseAll, diagnosePeering, type DoctorDeps } from '../src/doctor/index';
import { worstSeverity } from '../src/model/diagnosis';
import type { CloudKind, Peering } from '../src/model/types';
import { sandboxEnvironment, type SandboxEnvironment } from '../test/support/sandboxEnvironment';
import { startSandboxProcess } from '../test/support/sandboxProcess';
import type { BenchRow } from './types';

const LATENCY_MS = 100;
const PEERINGS = 1_000;
/** Rounds of Diagnose All and of its critical path, taken in turns; the row compares medians. */
const ROUNDS = 5;
/** @smithy/node-http-handler's default maxSockets per client (the adapter keeps the default). */
const SDK_SOCKETS = 50;

/**
 * The fewest read calls one network place allows (one page each), for what the checks read:
 *  - AWS, per account and region: DescribeRouteTables (with subnet associations), DescribeSubnets,
 *    DescribeNetworkAcls (with associations), DescribeSecurityGroups; each filters by up to 200
 *    VPC ids, and no one call returns two of these;
 *  - GCP, per project: firewalls.list + routes.list (peerings and their options come from the
 *    inventory);
 *  - Azure, per subscription: networkSecurityGroups.listAll (rules, default rules and subnet
 *    associations in one answer) + routeTables.listAll (user-defined routes and subnet
 *    associations in one answer); sync levels and forwarding settings come from the inventory;
 *  - UpCloud, per account and zone: GET /1.3/network?zone= (routers and attached servers) +
 *    GET /1.3/server (their states; no single call returns both).
 * Plus, where DNS matters (`dnsMatters`: the peering resolves DNS across, or the caller says the
 * peer is reached by private names), AWS DescribeVpcAttribute for enableDnsSupport and
 * enableDnsHostnames of each side's VPC: the API answers one VPC and one attribute per call, and
 * DescribeVpcs does not carry them.
 */
const MINIMUM_CALLS_PER_PLACE: Partial<Record<CloudKind, number>> = {
  aws: 4,
  gcp: 2,
  azure: 2,
  upcloud: 2,
};
const MINIMUM_DNS_CALLS_PER_VPC = 2;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function totalCalls(counters: Record<string, number>): number {
  return Object.values(counters).reduce((a, b) => a + b, 0);
}

async function inventory(
  environment: SandboxEnvironment,
  accounts = environment.accounts,
): Promise<DoctorDeps> {
  const result = await new Discovery({ loadProvider: environment.loadProvider }).refresh(accounts);
  if (result.errors.length) throw new Error(result.errors.map((e) => e.message).join('; '));
  return {
    loadProvider: environment.loadProvider,
    inventory: { networks: result.networks, peerings: result.peerings },
    accountFor: (id) => environment.accounts.find((a) => a.id === id),
  };
}

/** The distinct places a diagnosis of `peering` reads (both sides' account and region). */
function placesOf(peering: Peering, deps: DoctorDeps): string[] {
  const places = new Set<string>();
  for (const ref of [peering.local, peering.peer]) {
    const network = deps.inventory.networks.find(
      (n) => n.key === ref.resolvedKey || (n.cloud === ref.cloud && n.id === ref.networkId),
    );
    if (network) places.add(`${network.accountKey}|${network.region ?? ''}`);
  }
  return [...places];
}

/** The sides of `peering` whose network and account the inventory knows (the sides read). */
function sidesOf(peering: Peering, deps: DoctorDeps): number {
  return [peering.local, peering.peer].filter((ref) =>
    deps.inventory.networks.some(
      (n) =>
        (n.key === ref.resolvedKey || (n.cloud === ref.cloud && n.id === ref.networkId)) &&
        deps.accountFor(n.accountKey) !== undefined,
    ),
  ).length;
}

/**
 * doctor.calls_per_diagnosis: every live AWS, GCP, Azure and UpCloud peering of the demo world diagnosed
 * alone, read calls against the minimum above. doctor.diagnose_all_critical_path and
 * doctor.diagnose_all_calls: Diagnose All over a generated world of 1,000 AWS peerings with
 * 100 ms per call, wall time against the longest chain of dependent calls.
 */
export default async function doctorBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  // The sandbox runs in its own process, as a cloud does: its work to build and serialise answers
  // does not take turns with the client's on one event loop (see test/support/sandboxProcess.ts).
  const sandbox = await startSandboxProcess('demo');
  let environment = sandboxEnvironment(sandbox);
  try {
    // ---- calls per diagnosis, demo world
    const demo = await inventory(environment);
    let calls = 0;
    let minimum = 0;
    let diagnosed = 0;
    for (const peering of demo.inventory.peerings) {
      const perPlace = MINIMUM_CALLS_PER_PLACE[peering.cloud];
      if (!perPlace || peering.state !== 'active') continue;
      await sandbox.admin.resetCounters();
      const d = await diagnosePeering(peering, demo, { port: 5432 });
      const made = totalCalls(await sandbox.admin.counters());
      if (made !== d.calls) throw new Error(`${peering.key}: counted ${d.calls}, made ${made}`);
      calls += made;
      minimum += placesOf(peering, demo).length * perPlace;
      if (dnsMatters(peering)) minimum += sidesOf(peering, demo) * MINIMUM_DNS_CALLS_PER_VPC;
      diagnosed++;
    }
    rows.push({
      id: 'doctor.calls_per_diagnosis',
      value: calls / diagnosed,
      unit: 'calls',
      baseline: minimum / diagnosed,
      ratio: calls / minimum,
      note: `${diagnosed} live AWS/GCP/Azure/UpCloud demo peerings, each alone; baseline = the minimum the APIs allow per side's place; ratio 1 is ideal`,
      pass: calls / minimum <= 1,
    });

    // ---- Diagnose All, 1,000 peerings, 100 ms per call
    await sandbox.admin.reset({ kind: 'large', awsPeerings: PEERINGS });
    environment.dispose();
    environment = sandboxEnvironment(sandbox);
    const awsAccounts = environment.accounts
      .filter((a) => a.cloud === 'aws')
      .map((a) => ({ ...a, regions: ['us-east-1'] }));
    const large = await inventory(environment, awsAccounts);
    large.accountFor = (id) => awsAccounts.find((a) => a.id === id);
    const peerings = large.inventory.peerings.filter((p) => p.state === 'active');
    // Warm up without latency: clients (credentials, sockets) and the code that parses and checks
    // answers this large, so neither side of the ratio pays for compiling it.
    await diagnoseAll(peerings, large, { portFor: () => 5432 });

    // The critical path: per place, the four Describe kinds run at once and each one's pages
    // follow each other. It is measured, with the same latency, as the slowest place's reads run
    // alone (so it includes what the SDK takes to parse the answers); the chain's length in calls
    // is reported in the note.
    const places = new Map<
      string,
      { accountId: string; region: string; vpcs: Set<string>; dns: Set<string> }
    >();
    for (const p of peerings) {
      for (const ref of [p.local, p.peer]) {
        const network = large.inventory.networks.find((n) => n.id === ref.networkId);
        if (!network) continue;
        const key = `${network.accountKey}|${network.region}`;
        const place = places.get(key) ?? {
          accountId: network.accountKey,
          region: network.region ?? '',
          vpcs: new Set<string>(),
          dns: new Set<string>(),
        };
        place.vpcs.add(network.id);
        if (dnsMatters(p)) place.dns.add(network.id);
        places.set(key, place);
      }
    }
    const aws = await environment.loadProvider('aws');
    if (!aws.readNetworkPaths) throw new Error('the AWS adapter reads no network paths');
    const readNetworkPaths = aws.readNetworkPaths.bind(aws);
    let longestChain = 0;
    /** The slowest place's reads alone, one place after another. */
    const criticalPath = async (): Promise<number> => {
      let slowest = 0;
      for (const place of places.values()) {
        const account = large.accountFor(place.accountId);
        if (!account) continue;
        await sandbox.admin.resetCounters();
        const startedPlace = performance.now();
        await readNetworkPaths({ account, region: place.region }, [...place.vpcs], {
          dnsOf: [...place.dns],
        });
        slowest = Math.max(slowest, performance.now() - startedPlace);
        // Pages of one Describe follow each other; the other calls all start at once, and the
        // SDK's HTTP handler keeps at most SDK_SOCKETS of them in flight per client, so a place's
        // calls take ceil(calls / SDK_SOCKETS) waves at least.
        const counted = Object.entries(await sandbox.admin.counters());
        const calls = counted.reduce((n, [, c]) => n + c, 0);
        longestChain = Math.max(
          longestChain,
          Math.ceil(calls / SDK_SOCKETS),
          ...counted.filter(([op]) => op !== 'aws.DescribeVpcAttribute').map(([, n]) => n),
        );
      }
      return slowest;
    };

    // Rounds in turns, so a busy moment of a shared machine falls on both sides alike; the row
    // compares the medians.
    await sandbox.admin.setFaults([{ latencyMs: LATENCY_MS }]);
    const walls: number[] = [];
    const criticals: number[] = [];
    let all: Awaited<ReturnType<typeof diagnoseAll>> = [];
    let allCalls = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await sandbox.admin.resetCounters();
      const started = performance.now();
      all = await diagnoseAll(peerings, large, { portFor: () => 5432 });
      walls.push(performance.now() - started);
      allCalls = totalCalls(await sandbox.admin.counters());
      if (all.length !== peerings.length) throw new Error('Diagnose All lost peerings');
      criticals.push(await criticalPath());
    }
    await sandbox.admin.setFaults([]);
    const wallMs = median(walls);
    const criticalMs = median(criticals);
    const dnsVpcs = [...places.values()].reduce((n, p) => n + p.dns.size, 0);
    const minimumAll =
      places.size * (MINIMUM_CALLS_PER_PLACE.aws ?? 4) + dnsVpcs * MINIMUM_DNS_CALLS_PER_VPC;
    rows.push(
      {
        id: 'doctor.diagnose_all_critical_path',
        value: wallMs,
        unit: 'ms',
        baseline: criticalMs,
        ratio: wallMs / criticalMs,
        note: `Diagnose All, ${peerings.length} active AWS peerings (${all.filter((d) => worstSeverity(d) === 'error').length} with errors), ${LATENCY_MS} ms per call, sandbox in its own process; median of ${ROUNDS} walls / median of the slowest place's reads alone (a chain of ${longestChain} call(s) or waves of ${SDK_SOCKETS}), in turns; target ≤ 1.3`,
        pass: wallMs / criticalMs <= 1.3,
      },
      {
        id: 'doctor.diagnose_all_calls',
        value: allCalls,
        unit: 'calls',
        baseline: minimumAll,
        ratio: allCalls / minimumAll,
        note: `Diagnose All over ${places.size} places; baseline = 4 Describe calls per place + 2 DescribeVpcAttribute per VPC whose peering resolves DNS (${dnsVpcs}); ratio 1 is ideal`,
        pass: allCalls <= minimumAll * 1.5,
      },
    );
    return rows;
  } finally {
    environment.dispose();
    await sandbox.stop();
  }
}
