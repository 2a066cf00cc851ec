/** AWS, without its SDK: see ../descriptor.ts. */
import { encodeQuery as q, type CloudDescriptor } from '../descriptor';
import type { AwsProvider } from './index';

/** An AWS console URL needs a region: the listing's own, else us-east-1. */
function awsConsoleRegion(region: string | undefined): string {
  return region ?? 'us-east-1';
}

export const aws: CloudDescriptor<'aws', AwsProvider> = {
  cloud: 'aws',
  label: 'AWS',
  concurrency: 8,
  peeringConsoleUrl(p, at) {
    const region = awsConsoleRegion(at.region ?? p.local.region);
    return `https://${region}.console.aws.amazon.com/vpcconsole/home?region=${q(region)}#PeeringConnectionDetails:VpcPeeringConnectionId=${q(p.id)}`;
  },
  networkConsoleUrl(n, at) {
    const region = awsConsoleRegion(n.region ?? at.region);
    return `https://${region}.console.aws.amazon.com/vpcconsole/home?region=${q(region)}#VpcDetails:VpcId=${q(n.id)}`;
  },
  deleteEffect:
    'Traffic between the two VPCs stops, and routes that point at {0} become blackholes until you remove them.',
  terraformProviders: [{ name: 'aws', source: 'hashicorp/aws', version: '>= 5.0' }],
};
