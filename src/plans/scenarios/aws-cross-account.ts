/**
 * AWS ↔ AWS, across accounts: the requester asks, the accepter accepts, then each side routes the other's CIDRs
 * through the peering and opens its security groups
 * (https://docs.aws.amazon.com/vpc/latest/peering/working-with-vpc-peering.html).
 */
import { awsPairScenario } from '../pairs/aws';

export const awsCrossAccount = awsPairScenario({
  id: 'aws-cross-account',
  title: 'AWS ↔ AWS, across accounts',
  description:
    'Peer a VPC with a VPC in another AWS account; the other account accepts the request.',
  constraints: [
    'The accepter account must accept the request within 7 days, or it expires.',
    'The CIDR blocks of the two VPCs must not overlap, secondary and IPv6 blocks included.',
    'With no configured account for the accepter, its steps are done by hand in its console.',
  ],
  crossAccount: true,
  crossRegion: false,
});
