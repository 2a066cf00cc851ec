/**
 * tree.first_level_ms_10k: expanding a network that has 10,000 peerings, i.e.
 * what the Networks tree does before VS Code can draw that level: pick the
 * page of peerings (problems first, then by the far side's resolved name) and
 * build each shown row's label, description, icon, context value and Markdown
 * tooltip. It runs the tree's own row model (src/ui/tree/rowModel.ts, no
 * `vscode` import) in plain Node, with peer names resolved through an index
 * of 10,000 networks the way Discovery.lookup resolves them.
 *
 * Baseline: the same for a network with 100 peerings, in the same run; the
 * ratio says how much the first level slows down with 100× the peerings.
 */
import { indexByNetwork } from '../src/discovery/inventory';
import type { Network, NetworkRef, Peering, PeeringState } from '../src/model/types';
import { PAGE_SIZE, peeringPage, peeringRow, untranslated } from '../src/ui/tree/rowModel';
import { median, type BenchRow } from './types';

const TARGET_MS = 300;
const SAMPLES = 21;
const WARMUP = 5;

const STATES: [PeeringState, string][] = [
  ['active', 'active'],
  ['active', 'active'],
  ['active', 'active'],
  ['pending', 'pending-acceptance'],
  ['failed', 'failed'],
  ['provisioning', 'provisioning'],
  ['disconnected', 'expired'],
];

/** One network and `count` peerings from it to distinct VPCs, each known by name. */
function world(count: number) {
  const network: Network = {
    key: 'bench/us-east-1/vpc-0000000000000hub',
    accountKey: 'bench',
    cloud: 'aws',
    id: 'vpc-0000000000000hub',
    name: 'hub-vpc',
    cidrs: ['10.0.0.0/16'],
    region: 'us-east-1',
  };
  const peers = new Map<string, Network>();
  const peerings: Peering[] = [];
  for (let i = 0; i < count; i++) {
    const peerId = `vpc-${i.toString(16).padStart(17, '0')}`;
    const cidr = `10.${1 + (i >> 8)}.${i & 255}.0/24`;
    peers.set(`aws|${peerId}`, {
      key: `bench/us-east-1/${peerId}`,
      accountKey: 'bench',
      cloud: 'aws',
      id: peerId,
      name: `spoke-${i}`,
      cidrs: [cidr],
      region: 'us-east-1',
    });
    const [state, rawState] = STATES[i % STATES.length];
    const id = `pcx-${i.toString(16).padStart(17, '0')}`;
    peerings.push({
      key: `aws/${id}`,
      accountKey: 'bench',
      cloud: 'aws',
      id,
      name: `hub-to-spoke-${i}`,
      state,
      rawState,
      role: i % 2 ? 'requester' : 'accepter',
      local: {
        cloud: 'aws',
        networkId: network.id,
        accountId: '111111111111',
        region: 'us-east-1',
        cidrs: network.cidrs,
      },
      peer: {
        cloud: 'aws',
        networkId: peerId,
        accountId: '222222222222',
        region: 'us-east-1',
        cidrs: [cidr],
      },
      expiresAt:
        rawState === 'pending-acceptance'
          ? new Date(Date.now() + 86_400_000).toISOString()
          : undefined,
      options: { requesterDnsResolution: false, accepterDnsResolution: i % 3 === 0 },
    });
  }
  const lookup = (ref: NetworkRef) => peers.get(`${ref.cloud}|${ref.networkId.toLowerCase()}`);
  // What the inventory holds once the place is listed.
  const byNetwork = indexByNetwork(peerings);
  return { network, lookup, byNetwork };
}

/** One expansion: the page, then every shown row's text. */
function firstLevel(w: ReturnType<typeof world>): number {
  const started = performance.now();
  const page = peeringPage(w.network, w.byNetwork.get(w.network.id) ?? [], {
    problemsOnly: false,
    shown: PAGE_SIZE,
    lookup: w.lookup,
  });
  let chars = 0;
  const now = Date.now();
  for (const { peering } of page.rows) {
    const row = peeringRow(w.network, peering, {
      lookup: w.lookup,
      t: untranslated,
      watch: 'implicit',
      now,
    });
    chars += row.label.length + (row.tooltip?.length ?? 0);
  }
  const elapsed = performance.now() - started;
  if (page.rows.length !== Math.min(PAGE_SIZE, page.total) || chars === 0)
    throw new Error('the first level came out wrong');
  return elapsed;
}

function measure(count: number): number {
  const w = world(count);
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const ms = firstLevel(w);
    if (i >= WARMUP) samples.push(ms);
  }
  return median(samples);
}

export default async function treeBench(): Promise<BenchRow[]> {
  const baseline = measure(100);
  const value = measure(10_000);
  return [
    {
      id: 'tree.first_level_ms_10k',
      value,
      unit: 'ms',
      baseline,
      ratio: value / baseline,
      note: `target < ${TARGET_MS} ms; first ${PAGE_SIZE} rows of a network with 10,000 peerings (page, sort by state and resolved peer name, row text and tooltips), median of ${SAMPLES}; baseline: 100 peerings; ratio = value / baseline`,
      pass: value < TARGET_MS,
    },
  ];
}
