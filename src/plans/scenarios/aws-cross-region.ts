/**
 * AWS ↔ AWS, across regions: the requester asks, the accepter accepts, then each side routes the other's CIDRs
 * through the peering and opens its security groups
 * (https://docs.aws.amazon.com/vpc/latest/peering/working-with-vpc-peering.html).
 */
import { awsPairScenario } from '../pairs/aws';

export const awsCrossRegion = awsPairScenario({
  id: 'aws-cross-region',
  title: 'AWS ↔ AWS, across regions',
  description: 'Peer VPCs in two AWS regions (inter-region peering).',
  constraints: [
    'The accepter accepts in its own region; the request appears there after initiating-request.',
    'Inter-region traffic is charged as data transfer between regions.',
    'The CIDR blocks of the two VPCs must not overlap, secondary and IPv6 blocks included.',
  ],
  crossAccount: false,
  crossRegion: true,
});
