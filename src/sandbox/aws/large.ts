import type { LargeWorldSpec } from '../api';
import type { World, WorldBuildContext } from '../world';
import { AWS_ACCOUNTS, AWS_REGIONS } from '../worlds/demoTopology';
import { HOUR_MS, PENDING_EXPIRY_MS, registerPeering } from './lifecycle';
import { addAwsVpc, type AwsPeering, type AwsPeeringOptions, type AwsVpc } from './state';

/** Peer VPCs per app VPC: each peering joins a distinct (app VPC, peer VPC) pair. */
const PEERS_PER_VPC = 100;
/** Past initiating-request/provisioning long ago. */
const SEED_DELAY_MS = 200;

function options(dns: boolean): AwsPeeringOptions {
  return {
    allowDnsResolutionFromRemoteVpc: dns,
    allowEgressFromLocalClassicLinkToRemoteVpc: false,
    allowEgressFromLocalVpcToRemoteClassicLink: false,
  };
}

/** Distinct /24 blocks from 10.0.0.0/8, one per VPC, so nothing overlaps. */
function blockFor(index: number): string {
  return `10.${(index >> 8) & 255}.${index & 255}.0/24`;
}

/** A 17-hex-digit id body from a counter and a tag nibble. */
function hexId(tag: string, n: number): string {
  return tag + n.toString(16).padStart(16, '0');
}

/**
 * A generated AWS world for benchmarks and pagination tests: `awsPeerings`
 * (default 10,000) peerings seen by the app account in its first region,
 * between app VPCs there and the data account's VPCs in the same region.
 * Most are active; every 20th is pending-acceptance and every 50th (offset 7)
 * was deleted half an hour ago. Each carries a Name tag and an `env` tag
 * (prod, staging, dev in turn) on the app side. Built directly, without the
 * per-request checks, so 10,000 peerings take milliseconds.
 */
export function seedAwsLarge(world: World, ctx: WorldBuildContext, spec: LargeWorldSpec): void {
  const count = spec.awsPeerings ?? 10_000;
  if (!Number.isInteger(count) || count < 0 || count > 1_000_000) {
    throw new RangeError(
      `large world: awsPeerings must be a whole number from 0 to 1000000, got ${String(spec.awsPeerings)}`,
    );
  }
  const aws = world.aws;
  const region = AWS_REGIONS[0];
  const app = AWS_ACCOUNTS.app.accountId;
  const data = AWS_ACCOUNTS.data.accountId;
  const appVpcCount = Math.max(1, Math.ceil(count / PEERS_PER_VPC));
  const peerVpcCount = Math.min(PEERS_PER_VPC, Math.max(1, count));
  if (appVpcCount + peerVpcCount > 65_536) {
    throw new RangeError('large world: too many VPCs for distinct /24 blocks in 10.0.0.0/8');
  }

  const appVpcs: AwsVpc[] = [];
  for (let i = 0; i < appVpcCount; i++) {
    appVpcs.push(
      addAwsVpc(aws, {
        id: `vpc-${hexId('a', i)}`,
        accountId: app,
        region,
        cidrs: [blockFor(i)],
        name: `app-${i}`,
      }),
    );
  }
  const peerVpcs: AwsVpc[] = [];
  for (let j = 0; j < peerVpcCount; j++) {
    peerVpcs.push(
      addAwsVpc(aws, {
        id: `vpc-${hexId('d', j)}`,
        accountId: data,
        region,
        cidrs: [blockFor(appVpcCount + j)],
        name: `data-${j}`,
      }),
    );
  }

  const now = ctx.clock.now();
  const envs = ['prod', 'staging', 'dev'];
  for (let i = 0; i < count; i++) {
    const requester = appVpcs[Math.floor(i / PEERS_PER_VPC)];
    const accepter = peerVpcs[i % PEERS_PER_VPC];
    const createdAt = now - 3 * HOUR_MS - (count - i) * 1000;
    const pending = i % 20 === 0;
    const deleted = !pending && i % 50 === 7;
    const p: AwsPeering = {
      id: `pcx-${hexId('f', i)}`,
      seq: aws.nextSeq++,
      requester: {
        accountId: app,
        region,
        vpcId: requester.id,
        options: options(i % 2 === 0),
        tags: new Map([
          ['Name', `peering-${i}`],
          ['env', envs[i % envs.length]],
        ]),
      },
      accepter: {
        accountId: data,
        region,
        vpcId: accepter.id,
        options: options(true),
        tags: new Map(),
      },
      createdAt,
      expiresAt: createdAt + PENDING_EXPIRY_MS,
      delayMs: SEED_DELAY_MS,
      failed: false,
      acceptedAt: pending ? undefined : createdAt + 60_000,
      deletedAt: deleted ? now - HOUR_MS / 2 : undefined,
      deletedBy: deleted ? app : undefined,
    };
    registerPeering(aws, p);
  }
}
