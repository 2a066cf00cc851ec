/**
 * A generated inventory for the Peering Map's tests and benchmark: `networks` networks spread
 * over the six providers, 4 accounts per provider and 3 regions per account, and `peerings`
 * peerings between them, drawn by a seeded generator so every run sees the same world.
 */
import type { MapNetworkInput, MapPeeringInput } from '../../src/map/graph';
import type { Account, CloudKind, PeeringState } from '../../src/model/types';

const CLOUDS: CloudKind[] = ['aws', 'gcp', 'azure', 'upcloud', 'aiven', 'dragonfly'];
const STATES: [PeeringState, string][] = [
  ['active', 'active'],
  ['active', 'active'],
  ['active', 'active'],
  ['pending', 'pending-acceptance'],
  ['failed', 'failed'],
  ['provisioning', 'provisioning'],
];

/** mulberry32: small, seeded, good enough to spread a test world. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generatedMapWorld(
  networks: number,
  peerings: number,
  seed = 14,
): { networks: MapNetworkInput[]; peerings: MapPeeringInput[] } {
  const next = random(seed);
  const accounts: Account[] = [];
  for (const cloud of CLOUDS) {
    for (let i = 0; i < 4; i++)
      accounts.push({
        id: `${cloud}:acct-${i}`,
        cloud,
        label: `${cloud} account ${i}`,
        ref: `r${i}`,
      });
  }
  const nets: MapNetworkInput[] = [];
  for (let i = 0; i < networks; i++) {
    const account = accounts[i % accounts.length];
    const region = `region-${Math.floor(i / accounts.length) % 3}`;
    const id = `net-${i.toString().padStart(5, '0')}`;
    nets.push({
      account,
      region,
      network: {
        key: `${account.id}/${region}/${id}`,
        accountKey: account.id,
        cloud: account.cloud,
        id,
        name: `network-${i}`,
        // Every 50th network reuses an earlier block: the map must find the overlaps.
        cidrs: [
          i % 50 === 49
            ? `10.${(i - 7) >> 8}.${(i - 7) & 255}.0/24`
            : `10.${i >> 8}.${i & 255}.0/24`,
        ],
        region,
      },
    });
  }
  const out: MapPeeringInput[] = [];
  for (let i = 0; i < peerings; i++) {
    const a = nets[Math.floor(next() * nets.length)];
    let b = nets[Math.floor(next() * nets.length)];
    if (b === a) b = nets[(nets.indexOf(a) + 1) % nets.length];
    const [state, rawState] = STATES[Math.floor(next() * STATES.length)];
    out.push({
      account: a.account,
      region: a.region,
      peering: {
        key: `${a.network.cloud}/pcx-${i}`,
        accountKey: a.account.id,
        cloud: a.network.cloud,
        id: `pcx-${i}`,
        state,
        rawState,
        local: { cloud: a.network.cloud, networkId: a.network.id, resolvedKey: a.network.key },
        peer: { cloud: b.network.cloud, networkId: b.network.id, resolvedKey: b.network.key },
      },
    });
  }
  return { networks: nets, peerings: out };
}
