/**
 * AWS ↔ AWS, same account: the requester asks, the accepter accepts, then each side routes the other's CIDRs
 * through the peering and opens its security groups
 * (https://docs.aws.amazon.com/vpc/latest/peering/working-with-vpc-peering.html).
 */
import { awsPairScenario } from '../pairs/aws';

export const awsSameAccount = awsPairScenario({
  id: 'aws-same-account',
  title: 'AWS ↔ AWS, same account',
  description: 'Peer two VPCs in one AWS account and region.',
  constraints: [
    'Both VPCs are in the same account and region.',
    'The CIDR blocks of the two VPCs must not overlap, secondary and IPv6 blocks included.',
  ],
  crossAccount: false,
  crossRegion: false,
});
