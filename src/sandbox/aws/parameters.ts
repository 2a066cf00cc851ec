import { AwsApiError } from './errors';
import type { QueryParams } from './query';

/**
 * The top-level query parameters each action takes, from the EC2 service
 * model (the input members' query names in ec2-peering-subset.json, which
 * test/unit/sandbox/aws-model.test.ts compares with this table). EC2 refuses
 * anything else with UnknownParameter, which turns a misspelt hand-written
 * request into a clear error instead of a silent no-op.
 */
export const ACTION_PARAMETERS: Record<string, readonly string[]> = {
  DescribeVpcPeeringConnections: ['Filter', 'VpcPeeringConnectionId', 'MaxResults', 'NextToken'],
  CreateVpcPeeringConnection: [
    'VpcId',
    'PeerVpcId',
    'PeerOwnerId',
    'PeerRegion',
    'TagSpecification',
  ],
  AcceptVpcPeeringConnection: ['VpcPeeringConnectionId'],
  RejectVpcPeeringConnection: ['VpcPeeringConnectionId'],
  DeleteVpcPeeringConnection: ['VpcPeeringConnectionId'],
  ModifyVpcPeeringConnectionOptions: [
    'VpcPeeringConnectionId',
    'AccepterPeeringConnectionOptions',
    'RequesterPeeringConnectionOptions',
  ],
  DescribeRegions: ['RegionName', 'AllRegions', 'Filter'],
  DescribeVpcs: ['Filter', 'VpcId', 'MaxResults', 'NextToken'],
  DescribeRouteTables: ['Filter', 'RouteTableId', 'MaxResults', 'NextToken'],
  DescribeSubnets: ['Filter', 'SubnetId', 'NextToken', 'MaxResults'],
  DescribeNetworkAcls: ['NextToken', 'MaxResults', 'NetworkAclId', 'Filter'],
  CreateRoute: [
    'RouteTableId',
    'DestinationCidrBlock',
    'DestinationIpv6CidrBlock',
    'DestinationPrefixListId',
    'VpcPeeringConnectionId',
    'GatewayId',
    'NatGatewayId',
    'TransitGatewayId',
    'NetworkInterfaceId',
    'InstanceId',
    'EgressOnlyInternetGatewayId',
    'LocalGatewayId',
    'CarrierGatewayId',
    'VpcEndpointId',
    'CoreNetworkArn',
    'OdbNetworkArn',
  ],
  DeleteRoute: [
    'RouteTableId',
    'DestinationCidrBlock',
    'DestinationIpv6CidrBlock',
    'DestinationPrefixListId',
  ],
  DescribeSecurityGroups: ['Filter', 'GroupId', 'GroupName', 'MaxResults', 'NextToken'],
  AuthorizeSecurityGroupIngress: [
    'GroupId',
    'GroupName',
    'IpPermissions',
    'CidrIp',
    'IpProtocol',
    'FromPort',
    'ToPort',
    'SourceSecurityGroupName',
    'SourceSecurityGroupOwnerId',
    'TagSpecification',
  ],
  RevokeSecurityGroupIngress: [
    'GroupId',
    'GroupName',
    'IpPermissions',
    'CidrIp',
    'IpProtocol',
    'FromPort',
    'ToPort',
    'SourceSecurityGroupName',
    'SourceSecurityGroupOwnerId',
    'SecurityGroupRuleId',
  ],
  RevokeSecurityGroupEgress: [
    'GroupId',
    'IpPermissions',
    'CidrIp',
    'IpProtocol',
    'FromPort',
    'ToPort',
    'SourceSecurityGroupName',
    'SourceSecurityGroupOwnerId',
    'SecurityGroupRuleId',
  ],
  ReplaceRoute: [
    'RouteTableId',
    'DestinationCidrBlock',
    'DestinationIpv6CidrBlock',
    'DestinationPrefixListId',
    'VpcPeeringConnectionId',
    'GatewayId',
    'NatGatewayId',
    'TransitGatewayId',
    'NetworkInterfaceId',
    'InstanceId',
    'EgressOnlyInternetGatewayId',
    'LocalGatewayId',
    'CarrierGatewayId',
    'VpcEndpointId',
    'CoreNetworkArn',
    'OdbNetworkArn',
    'LocalTarget',
  ],
  CreateVpc: [
    'CidrBlock',
    'Ipv6Pool',
    'Ipv6CidrBlock',
    'Ipv4IpamPoolId',
    'Ipv4NetmaskLength',
    'Ipv6IpamPoolId',
    'Ipv6NetmaskLength',
    'Ipv6CidrBlockNetworkBorderGroup',
    'VpcEncryptionControl',
    'TagSpecification',
    'InstanceTenancy',
    'AmazonProvidedIpv6CidrBlock',
  ],
  DeleteVpc: ['VpcId'],
  DescribeVpcAttribute: ['Attribute', 'VpcId'],
  ModifyVpcAttribute: [
    'EnableDnsHostnames',
    'EnableDnsSupport',
    'VpcId',
    'EnableNetworkAddressUsageMetrics',
  ],
  AssociateVpcCidrBlock: [
    'CidrBlock',
    'Ipv6CidrBlockNetworkBorderGroup',
    'Ipv6Pool',
    'Ipv6CidrBlock',
    'Ipv4IpamPoolId',
    'Ipv4NetmaskLength',
    'Ipv6IpamPoolId',
    'Ipv6NetmaskLength',
    'VpcId',
    'AmazonProvidedIpv6CidrBlock',
  ],
  DisassociateVpcCidrBlock: ['AssociationId'],
  CreateTags: ['ResourceId', 'Tag'],
  CreateNetworkAclEntry: [
    'NetworkAclId',
    'RuleNumber',
    'Protocol',
    'RuleAction',
    'Egress',
    'CidrBlock',
    'Ipv6CidrBlock',
    'Icmp',
    'PortRange',
  ],
  ReplaceNetworkAclEntry: [
    'NetworkAclId',
    'RuleNumber',
    'Protocol',
    'RuleAction',
    'Egress',
    'CidrBlock',
    'Ipv6CidrBlock',
    'Icmp',
    'PortRange',
  ],
  DeleteNetworkAclEntry: ['NetworkAclId', 'RuleNumber', 'Egress'],
};

/** Parameters every request may carry: the protocol's own and query-string signing. */
const COMMON = new Set([
  'Action',
  'Version',
  'DryRun',
  'AWSAccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'Timestamp',
  'Expires',
]);

export function refuseUnknownParameters(action: string, params: QueryParams): void {
  const allowed = ACTION_PARAMETERS[action] ?? [];
  for (const name of params.names()) {
    const top = name.split('.', 1)[0];
    if (COMMON.has(top) || allowed.includes(top) || top.startsWith('X-Amz-')) continue;
    throw new AwsApiError('UnknownParameter', `The parameter ${top} is not recognized`);
  }
}
