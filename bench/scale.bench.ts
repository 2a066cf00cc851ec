/**
 * Organisation scale (issue 15): 500 AWS accounts × 17 regions and 200 Azure
 * subscriptions, 100 ms per call, and an inventory of 100,000 peerings.
 *
 * Latency is modelled at the provider level on an in-process virtual clock:
 * each list call of the fake providers below waits 100 virtual ms, and the
 * clock jumps to the next due call whenever the event loop has nothing else
 * to do. So the extension's real Discovery (its per-cloud concurrency limits,
 * in-flight sharing) and Inventory run as they do in the extension, and 8,700
 * places cost seconds of real time, not minutes. The sandbox is not used: its
 * latency is real time, and 17,200 calls at 100 ms under the discovery
 * limits would take about four minutes.
 *
 * Rows (all measured in one run):
 *  - scale.first_rows_kept_ms: real ms from reading the kept inventory to
 *    the first rows (organisation row, its accounts, one region's networks and
 *    one network's first page of peerings); 0 calls. Baseline: the time to
 *    the same rows from a fresh per-account fan-out (virtual ms).
 *  - scale.first_rows_fanout_ms: that fan-out time; baseline: the critical path.
 *  - scale.complete_refresh_ms: a complete refresh (virtual ms); baseline: the
 *    critical path (the longest chain of dependent calls × 100 ms).
 *  - scale.refresh_vs_sequential: the same against every call one after another.
 *  - scale.calls_per_refresh: calls a complete refresh makes; baseline: the
 *    per-account fan-out's minimum (one call per list per place).
 *  - scale.longest_block_ms: the longest time the event loop was blocked
 *    during the refresh, with the listeners the extension registers (the
 *    tree's row comparison per place, the status bar's scan every 50 ms) and
 *    the kept inventory's write and read. Target < 100 ms.
 *  - scale.memory_100k_mb: heap delta of an inventory holding 100,000
 *    peerings (restored from the kept file) plus every row model built (every
 *    network and peering row expanded); baseline: the inventory alone.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Discovery } from '../src/discovery/discovery';
import { Inventory } from '../src/discovery/inventory';
import { readKeptInventory, writeKeptInventory } from '../src/discovery/keptInventory';
import type { Account, CloudKind, Network, Peering, PeeringState } from '../src/model/types';
import type { CloudProvider, Place } from '../src/providers/provider';
import {
  PAGE_SIZE,
  networkRow,
  peeringPage,
  peeringRow,
  untranslated,
} from '../src/ui/tree/rowModel';
import { rootRows, rowChanges } from '../src/ui/tree/scaleRows';
import { AWS_KNOWN_REGIONS } from '../src/sandbox/aws/state';
import type { BenchRow } from './types';

const LATENCY_MS = 100;
const AWS_ACCOUNTS = 500;
const AZURE_SUBSCRIPTIONS = 200;
/** The 17 regions the sandbox's EC2 knows (DescribeRegions), one place per account each. */
const REGIONS = [...AWS_KNOWN_REGIONS];
/** 8,500 AWS places × 10 + 200 subscriptions × 75 = 100,000 peerings. */
const AWS_PEERINGS_PER_PLACE = 10;
const AZURE_PEERINGS_PER_SUBSCRIPTION = 75;
const BLOCK_TARGET_MS = 100;

const STATES: [PeeringState, string][] = [
  ['active', 'active'],
  ['active', 'active'],
  ['active', 'active'],
  ['active', 'active'],
  ['pending', 'pending-acceptance'],
  ['failed', 'failed'],
  ['active', 'active'],
];

/** Virtual time: sleepers wake in order when the event loop is otherwise idle. */
class VirtualClock {
  now = 0;
  private readonly due = new Map<number, (() => void)[]>();

  sleep(ms: number): Promise<void> {
    const at = this.now + ms;
    return new Promise((resolve) => {
      const list = this.due.get(at);
      if (list) list.push(resolve);
      else this.due.set(at, [resolve]);
    });
  }

  /** Runs until `work` settles, advancing the clock whenever nothing else is runnable. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    void work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) return work;
      if (this.due.size === 0) {
        // Nothing due: a real timer (a coalescing listener) may still be pending.
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
      const at = Math.min(...this.due.keys());
      const wake = this.due.get(at)!;
      this.due.delete(at);
      this.now = at;
      for (const resolve of wake) resolve();
    }
  }
}

const awsVpc = (account: number, region: string, index: number) =>
  `vpc-${account.toString(16).padStart(4, '0')}${REGIONS.indexOf(region).toString(16).padStart(2, '0')}${index.toString(16).padStart(11, '0')}`;

/** The generated organisation, answered by fake providers whose every list call takes 100 virtual ms. */
function organisation(clock: VirtualClock) {
  const org = { kind: 'aws-organization', id: 'o-bench00001', label: 'Bench Org' } as const;
  const tenant = { kind: 'azure-tenant', id: 'bench-tenant', label: 'Bench tenant' } as const;
  const accounts: Account[] = [];
  for (let i = 0; i < AWS_ACCOUNTS; i++) {
    accounts.push({
      id: `aws:${i}`,
      cloud: 'aws',
      label: `account-${i}`,
      ref: String(100000000000 + i),
      regions: REGIONS,
      group: org,
    });
  }
  for (let i = 0; i < AZURE_SUBSCRIPTIONS; i++) {
    accounts.push({
      id: `azure:${i}`,
      cloud: 'azure',
      label: `subscription-${i}`,
      ref: `00000000-0000-0000-0000-${i.toString().padStart(12, '0')}`,
      tenantId: tenant.id,
      group: tenant,
    });
  }
  const calls: Record<string, number> = {};
  const inFlight = { now: 0, most: 0 };
  const call = async (operation: string) => {
    calls[operation] = (calls[operation] ?? 0) + 1;
    inFlight.most = Math.max(inFlight.most, ++inFlight.now);
    await clock.sleep(LATENCY_MS);
    inFlight.now--;
  };

  const awsNetworks = (place: Place): Network[] => {
    const a = Number(place.account.id.split(':')[1]);
    const region = place.region!;
    return [0, 1, 2].map((n) => ({
      key: `${place.account.id}/${region}/${awsVpc(a, region, n)}`,
      accountKey: place.account.id,
      cloud: 'aws' as const,
      id: awsVpc(a, region, n),
      name: n === 0 ? `hub-${a}-${region}` : `spoke-${a}-${region}-${n}`,
      cidrs: [`10.${a % 256}.${REGIONS.indexOf(region) * 8 + n}.0/24`],
      region,
      ownerId: place.account.ref,
    }));
  };
  const awsPeerings = (place: Place): Peering[] => {
    const a = Number(place.account.id.split(':')[1]);
    const region = place.region!;
    const out: Peering[] = [];
    for (let p = 0; p < AWS_PEERINGS_PER_PLACE; p++) {
      const other = (a + 1 + p) % AWS_ACCOUNTS;
      const [state, rawState] = STATES[(a + p) % STATES.length];
      const id = `pcx-${a.toString(16).padStart(4, '0')}${REGIONS.indexOf(region).toString(16).padStart(2, '0')}${p.toString(16).padStart(11, '0')}`;
      out.push({
        key: `aws/${id}`,
        accountKey: place.account.id,
        cloud: 'aws',
        id,
        state,
        rawState,
        role: 'requester',
        local: {
          cloud: 'aws',
          networkId: awsVpc(a, region, 0),
          accountId: place.account.ref,
          region,
        },
        peer: {
          cloud: 'aws',
          networkId: awsVpc(other, region, 1 + (p % 2)),
          accountId: String(100000000000 + other),
          region,
        },
        createdAt: '2026-01-01T00:00:00Z',
      });
    }
    return out;
  };
  const azureListing = (place: Place) => {
    const s = Number(place.account.id.split(':')[1]);
    const sub = place.account.ref;
    const vnetId = (n: number, subscription = sub) =>
      `/subscriptions/${subscription}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet-${n}`;
    const networks: Network[] = [0, 1].map((n) => ({
      key: `${place.account.id}/westeurope/${vnetId(n)}`,
      accountKey: place.account.id,
      cloud: 'azure' as const,
      id: vnetId(n),
      name: `vnet-${n}`,
      cidrs: [`10.${100 + (s % 100)}.${n}.0/24`],
      region: 'westeurope',
      ownerId: sub,
    }));
    const peerings: Peering[] = [];
    for (let p = 0; p < AZURE_PEERINGS_PER_SUBSCRIPTION; p++) {
      const other = `00000000-0000-0000-0000-${((s + 1 + p) % AZURE_SUBSCRIPTIONS).toString().padStart(12, '0')}`;
      const [state, rawState] = STATES[(s + p) % STATES.length];
      const id = `${vnetId(p % 2)}/virtualNetworkPeerings/peer-${p}`;
      peerings.push({
        key: `azure/${id}`,
        accountKey: place.account.id,
        cloud: 'azure',
        id,
        name: `peer-${p}`,
        state,
        rawState,
        role: 'local',
        local: { cloud: 'azure', networkId: vnetId(p % 2), accountId: sub },
        peer: { cloud: 'azure', networkId: vnetId(p % 2, other), accountId: other },
      });
    }
    return { networks, peerings };
  };

  const unused = () => Promise.reject(new Error('not used by the benchmark'));
  const aws: CloudProvider = {
    cloud: 'aws',
    // Configured regions: the adapter lists them without a call.
    listRegions: async (account) => [...(account.regions ?? [])],
    listNetworks: async (place) => (await call('DescribeVpcs'), awsNetworks(place)),
    listPeerings: async (place) => (
      await call('DescribeVpcPeeringConnections'),
      awsPeerings(place)
    ),
    getPeering: unused,
    listRouteTables: unused,
    listFirewalls: unused,
    deleteListedPeering: unused,
    dispose: () => undefined,
  };
  // The Azure adapter lists a subscription's VNets once (peerings embedded) for both lists.
  const azureInFlight = new Map<string, Promise<ReturnType<typeof azureListing>>>();
  const azureList = (place: Place) => {
    let listing = azureInFlight.get(place.account.id);
    if (!listing) {
      listing = call('virtualNetworks.listAll').then(() => azureListing(place));
      azureInFlight.set(place.account.id, listing);
      void listing.finally(() => azureInFlight.delete(place.account.id));
    }
    return listing;
  };
  const azure: CloudProvider = {
    cloud: 'azure',
    listRegions: async () => [undefined],
    listNetworks: async (place) => (await azureList(place)).networks,
    listPeerings: async (place) => (await azureList(place)).peerings,
    getPeering: unused,
    listRouteTables: unused,
    listFirewalls: unused,
    deleteListedPeering: unused,
    dispose: () => undefined,
  };
  const providers: Partial<Record<CloudKind, CloudProvider>> = { aws, azure };
  return {
    accounts,
    calls,
    inFlight,
    loadProvider: async (cloud: CloudKind) => providers[cloud]!,
    /** One call per list per place (Azure: one for both), with regions configured. */
    minimumCalls: AWS_ACCOUNTS * REGIONS.length * 2 + AZURE_SUBSCRIPTIONS,
    /** The longest chain of dependent calls: the region list needs none, the two lists run side by side. */
    criticalPathMs: LATENCY_MS,
  };
}

/** What the view draws first: the root, the organisation's accounts, one region's networks, one network's first page. */
function firstRows(inventory: Inventory, accounts: readonly Account[]): number {
  let rows = 0;
  const roots = rootRows(accounts);
  rows += roots.length;
  const first = roots[0];
  if (first?.kind !== 'group') throw new Error('the organisation is not the first row');
  rows += first.rows.accounts.length;
  const place = inventory.place(first.rows.accounts[0].id, REGIONS[0]);
  if (!place || place.networks.length === 0) throw new Error('no networks in the first region');
  const lookup = inventory.lookup.bind(inventory);
  for (const network of place.networks) {
    networkRow(network, place.byNetwork.get(network.id) ?? [], untranslated);
    rows++;
  }
  const hub = place.networks[0];
  const page = peeringPage(hub, place.byNetwork.get(hub.id) ?? [], {
    problemsOnly: false,
    shown: PAGE_SIZE,
    lookup,
  });
  for (const { peering } of page.rows) {
    peeringRow(hub, peering, { lookup, t: untranslated, watch: 'implicit', now: Date.now() });
    rows++;
  }
  if (page.rows.length === 0) throw new Error('no peerings on the first page');
  return rows;
}

/** The most CPU time (ms) used between two consecutive ticks of a 1 ms timer, until stopped. */
function cpuBetweenTicks(): { stop(): number } {
  let last = process.cpuUsage();
  let most = 0;
  const timer = setInterval(() => {
    const now = process.cpuUsage();
    most = Math.max(most, (now.user - last.user + now.system - last.system) / 1000);
    last = now;
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      return most;
    },
  };
}

function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export default async function scaleBench(): Promise<BenchRow[]> {
  const gc = collectGarbage();
  const directory = await mkdtemp(join(tmpdir(), 'scale-bench-'));
  const file = join(directory, 'inventory.jsonl');
  try {
    // ---- a complete refresh by per-account fan-out, on the virtual clock ----
    const clock = new VirtualClock();
    const world = organisation(clock);
    const discovery = new Discovery({ loadProvider: world.loadProvider, timeoutMs: 600_000 });
    const inventory = new Inventory(discovery);
    inventory.setAccounts(world.accounts);
    const blocks = monitorEventLoopDelay({ resolution: 5 });
    let firstRowsAt: number | undefined;
    let comparedRows = 0;
    let scanTimer: ReturnType<typeof setTimeout> | undefined;
    const firstAccount = world.accounts[0].id;
    inventory.onDidChange((change) => {
      // The tree compares each replaced place's rows; the status bar scans every peering, coalesced.
      const place = change.placeChanged && inventory.place(change.accountId, change.region);
      if (place && change.before)
        comparedRows += rowChanges(change.before, place, () => undefined).networks.length;
      if (
        firstRowsAt === undefined &&
        change.accountId === firstAccount &&
        change.region === REGIONS[0] &&
        place &&
        place.status === 'loaded'
      )
        firstRowsAt = clock.now;
      scanTimer ??= setTimeout(() => {
        scanTimer = undefined;
        inventory.peerings();
      }, 50);
    });
    blocks.enable();
    const cpuBlocks = cpuBetweenTicks();
    const realStarted = performance.now();
    await clock.run(inventory.refreshAll());
    const refreshRealMs = performance.now() - realStarted;
    const refreshMs = clock.now;
    const calls = Object.values(world.calls).reduce((a, b) => a + b, 0);
    const peerings = inventory.peerings().length;
    if (peerings !== 100_000)
      throw new Error(`the organisation holds ${peerings} peerings, not 100,000`);

    // ---- keep it, then a new window: first rows from the kept inventory ----
    const writeStarted = performance.now();
    await writeKeptInventory(
      file,
      inventory.accountIds().map((id) => () => inventory.keptAccount(id)),
    );
    const writeMs = performance.now() - writeStarted;
    const fileBytes = (await stat(file)).size;
    // A second refresh over the same world: every place compared, nothing changed.
    await clock.run(inventory.refreshAll());
    if (comparedRows !== 0) throw new Error(`${comparedRows} rows changed in an unchanged world`);

    const keptStarted = performance.now();
    const keptCpu = process.cpuUsage();
    const callsBefore = Object.values(world.calls).reduce((a, b) => a + b, 0);
    const reopened = new Inventory(new Discovery({ loadProvider: world.loadProvider }));
    reopened.setAccounts(world.accounts);
    const kept = await readKeptInventory(file);
    if (!kept || reopened.restore(kept) !== world.accounts.length)
      throw new Error('the kept inventory did not restore every account');
    const shownRows = firstRows(reopened, world.accounts);
    const keptMs = performance.now() - keptStarted;
    const keptCpuUsed = process.cpuUsage(keptCpu);
    const keptCpuMs = (keptCpuUsed.user + keptCpuUsed.system) / 1000;
    const keptCalls = Object.values(world.calls).reduce((a, b) => a + b, 0) - callsBefore;
    blocks.disable();
    const longestWallBlockMs = blocks.max / 1e6;
    const longestBlockMs = cpuBlocks.stop();

    // ---- memory: 100,000 peerings restored, then every row model ----
    reopened.setAccounts([]);
    inventory.setAccounts([]);
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const held = new Inventory(new Discovery({ loadProvider: world.loadProvider }));
    held.setAccounts(world.accounts);
    held.restore((await readKeptInventory(file))!);
    gc();
    const heapInventory = process.memoryUsage().heapUsed;
    const lookup = held.lookup.bind(held);
    const rows: unknown[] = [];
    const now = Date.now();
    for (const { network, account, region } of held.networks()) {
      const place = held.place(account.id, region)!;
      const list = place.byNetwork.get(network.id) ?? [];
      rows.push(networkRow(network, list, untranslated));
      for (const peering of list)
        rows.push(peeringRow(network, peering, { lookup, t: untranslated, watch: 'off', now }));
    }
    gc();
    const heapRows = process.memoryUsage().heapUsed;
    const inventoryMb = (heapInventory - heapBefore) / 2 ** 20;
    const totalMb = (heapRows - heapBefore) / 2 ** 20;
    if (held.peerings().length !== 100_000 || rows.length === 0)
      throw new Error('memory world wrong');

    const places = AWS_ACCOUNTS * REGIONS.length + AZURE_SUBSCRIPTIONS;
    const sequentialMs = world.minimumCalls * LATENCY_MS;
    return [
      {
        id: 'scale.first_rows_kept_ms',
        value: keptMs,
        unit: 'ms',
        baseline: refreshMs,
        ratio: refreshMs / keptMs,
        note: `real ms (${Math.round(keptCpuMs)} ms of CPU) from the kept file (${(fileBytes / 2 ** 20).toFixed(1)} MB, ${world.accounts.length} accounts, 100,000 peerings) read and restored to ${shownRows} first rows built, ${keptCalls} calls; baseline: a complete refresh by per-account fan-out (virtual ms); ratio = baseline / value`,
        pass: keptCalls === 0 && keptMs < refreshMs,
      },
      {
        id: 'scale.first_rows_fanout_ms',
        value: firstRowsAt ?? Number.NaN,
        unit: 'ms',
        baseline: world.criticalPathMs,
        ratio: (firstRowsAt ?? 0) / world.criticalPathMs,
        note: `virtual ms until the same first rows come from a fresh fan-out (the first account's first region; every other account still empty), at the discovery limits (AWS 8, Azure 6 calls in flight); baseline: the critical path; ratio = value / baseline`,
      },
      {
        id: 'scale.complete_refresh_ms',
        value: refreshMs,
        unit: 'ms',
        baseline: world.criticalPathMs,
        ratio: refreshMs / world.criticalPathMs,
        note: `virtual ms, at most ${world.inFlight.most} calls in flight, ${places} places (${AWS_ACCOUNTS} AWS accounts × ${REGIONS.length} regions + ${AZURE_SUBSCRIPTIONS} Azure subscriptions), ${LATENCY_MS} ms per call; baseline: critical path (1 call); ratio = value / baseline; real time ${Math.round(refreshRealMs)} ms`,
      },
      {
        id: 'scale.refresh_vs_sequential',
        value: refreshMs,
        unit: 'ms',
        baseline: sequentialMs,
        ratio: sequentialMs / refreshMs,
        note: 'virtual ms; baseline: every call one after another; ratio = baseline / value',
      },
      {
        id: 'scale.calls_per_refresh',
        value: calls,
        unit: 'calls',
        baseline: world.minimumCalls,
        ratio: calls / world.minimumCalls,
        note: 'one complete refresh; baseline: the per-account fan-out minimum (one call per list per place); the kept inventory makes 0 before its rows show',
        pass: calls === world.minimumCalls,
      },
      {
        id: 'scale.longest_block_ms',
        value: longestBlockMs,
        unit: 'ms',
        note: `most CPU time spent between two ticks of a 1 ms timer (an upper bound of the longest synchronous block that does not count time lost to other processes; wall-time block ${Math.round(longestWallBlockMs)} ms at load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores) over two complete refreshes (row comparison per place, status-bar scan every 50 ms), the kept write (${Math.round(writeMs)} ms, streamed per account) and the kept read; target < ${BLOCK_TARGET_MS} ms`,
        pass: longestBlockMs < BLOCK_TARGET_MS,
      },
      {
        id: 'scale.memory_100k_mb',
        value: totalMb,
        unit: 'MB',
        baseline: inventoryMb,
        ratio: totalMb / inventoryMb,
        note: `heap delta after gc: 100,000 peerings and ${held.networks().length} networks restored into the inventory plus ${rows.length} row models (every row expanded); baseline: the inventory alone; ${Math.round((totalMb * 2 ** 20) / 100_000)} bytes per peering`,
      },
    ];
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
