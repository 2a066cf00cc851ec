import { randomUUID } from 'node:crypto';
import { xml, xmlEscape, type SandboxResponse } from '../http';
import { statusMessage, type AwsPeeringStatusCode } from './lifecycle';
import type {
  AwsNetworkAcl,
  AwsSubnet,
  AwsPeering,
  AwsPeeringOptions,
  AwsPeeringSide,
  AwsRoute,
  AwsRouteTable,
  AwsSecurityGroup,
  AwsSecurityGroupRule,
  AwsTags,
  AwsVpc,
} from './state';

/**
 * EC2 Query responses. Element names are the `locationName`s of the EC2
 * service model (ec2-peering-subset.json); lists are `<xSet><item>…</item></xSet>`.
 * Everything is built into string arrays and joined once, because a page of
 * 1000 peerings is the hot path.
 */

export const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function ec2Response(action: string, body: string): SandboxResponse {
  return xml(
    200,
    `${XML_DECLARATION}<${action}Response xmlns="${EC2_NAMESPACE}"><requestId>${randomUUID()}</requestId>${body}</${action}Response>`,
  );
}

export function ec2Error(status: number, code: string, message: string): SandboxResponse {
  return xml(
    status,
    `${XML_DECLARATION}<Response><Errors><Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>${randomUUID()}</RequestID></Response>`,
  );
}

export function element(name: string, value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  return `<${name}>${typeof value === 'string' ? xmlEscape(value) : String(value)}</${name}>`;
}

export function tagSet(tags: AwsTags, out: string[]): void {
  if (tags.size === 0) {
    out.push('<tagSet/>');
    return;
  }
  out.push('<tagSet>');
  for (const [key, value] of tags) {
    out.push('<item><key>', xmlEscape(key), '</key><value>', xmlEscape(value), '</value></item>');
  }
  out.push('</tagSet>');
}

// ---- VPCs ------------------------------------------------------------------

export function renderVpc(vpc: AwsVpc, out: string[]): void {
  out.push(
    '<item><vpcId>',
    vpc.id,
    '</vpcId><ownerId>',
    vpc.accountId,
    '</ownerId><state>available</state><cidrBlock>',
    vpc.cidrs[0].cidr,
    '</cidrBlock><cidrBlockAssociationSet>',
  );
  for (const c of vpc.cidrs) {
    out.push(
      '<item><cidrBlock>',
      c.cidr,
      '</cidrBlock><associationId>',
      c.associationId,
      '</associationId><cidrBlockState><state>associated</state></cidrBlockState></item>',
    );
  }
  out.push('</cidrBlockAssociationSet>');
  if (vpc.ipv6Cidrs.length) {
    out.push('<ipv6CidrBlockAssociationSet>');
    for (const c of vpc.ipv6Cidrs) {
      out.push(
        '<item><ipv6CidrBlock>',
        c.cidr,
        '</ipv6CidrBlock><associationId>',
        c.associationId,
        '</associationId><ipv6CidrBlockState><state>associated</state></ipv6CidrBlockState>',
        '<networkBorderGroup>',
        vpc.region,
        '</networkBorderGroup><ipv6Pool>Amazon</ipv6Pool></item>',
      );
    }
    out.push('</ipv6CidrBlockAssociationSet>');
  }
  out.push(
    '<dhcpOptionsId>',
    vpc.dhcpOptionsId,
    '</dhcpOptionsId><instanceTenancy>default</instanceTenancy><isDefault>',
    String(vpc.isDefault),
    '</isDefault>',
  );
  tagSet(vpc.tags, out);
  out.push('</item>');
}

// ---- VPC peering connections ----------------------------------------------

/** The VPC part of a VpcInfo never changes, so it is rendered once per VPC. */
const vpcInfoCache = new WeakMap<AwsVpc, string>();

/** Drops a VPC's cached blocks after AssociateVpcCidrBlock or DisassociateVpcCidrBlock. */
export function forgetVpcBlocks(vpc: AwsVpc): void {
  vpcInfoCache.delete(vpc);
}

function vpcInfoBlocks(vpc: AwsVpc): string {
  let cached = vpcInfoCache.get(vpc);
  if (cached === undefined) {
    const parts = ['<cidrBlock>', vpc.cidrs[0].cidr, '</cidrBlock><cidrBlockSet>'];
    for (const c of vpc.cidrs) parts.push('<item><cidrBlock>', c.cidr, '</cidrBlock></item>');
    parts.push('</cidrBlockSet>');
    if (vpc.ipv6Cidrs.length) {
      parts.push('<ipv6CidrBlockSet>');
      for (const c of vpc.ipv6Cidrs)
        parts.push('<item><ipv6CidrBlock>', c.cidr, '</ipv6CidrBlock></item>');
      parts.push('</ipv6CidrBlockSet>');
    }
    cached = parts.join('');
    vpcInfoCache.set(vpc, cached);
  }
  return cached;
}

function renderOptions(o: AwsPeeringOptions): string {
  return (
    '<peeringOptions><allowDnsResolutionFromRemoteVpc>' +
    String(o.allowDnsResolutionFromRemoteVpc) +
    '</allowDnsResolutionFromRemoteVpc><allowEgressFromLocalClassicLinkToRemoteVpc>' +
    String(o.allowEgressFromLocalClassicLinkToRemoteVpc) +
    '</allowEgressFromLocalClassicLinkToRemoteVpc><allowEgressFromLocalVpcToRemoteClassicLink>' +
    String(o.allowEgressFromLocalVpcToRemoteClassicLink) +
    '</allowEgressFromLocalVpcToRemoteClassicLink></peeringOptions>'
  );
}

export interface PeeringView {
  /** The account asking: it sees the peering options of its own side(s). */
  callerAccountId: string;
  /** Tags the caller's side holds. */
  tags: AwsTags;
  status: AwsPeeringStatusCode;
  vpcs: ReadonlyMap<string, AwsVpc>;
}

function renderSide(
  tag: 'requesterVpcInfo' | 'accepterVpcInfo',
  side: AwsPeeringSide,
  showBlocks: boolean,
  view: PeeringView,
  out: string[],
): void {
  out.push('<', tag, '><ownerId>', side.accountId, '</ownerId><vpcId>', side.vpcId, '</vpcId>');
  if (showBlocks) {
    const vpc = view.vpcs.get(side.vpcId);
    if (vpc) out.push(vpcInfoBlocks(vpc));
  }
  if (side.accountId === view.callerAccountId) out.push(renderOptions(side.options));
  out.push('<region>', side.region, '</region></', tag, '>');
}

/**
 * One VpcPeeringConnection. As in AWS's samples, the accepter's CIDR blocks
 * appear once it has accepted, `expirationTime` while the request was never
 * accepted, and each account sees the peering options of its own side.
 */
export function renderPeering(p: AwsPeering, view: PeeringView, out: string[], tag = 'item'): void {
  out.push('<', tag, '><vpcPeeringConnectionId>', p.id, '</vpcPeeringConnectionId>');
  renderSide('requesterVpcInfo', p.requester, true, view, out);
  renderSide('accepterVpcInfo', p.accepter, p.acceptedAt !== undefined, view, out);
  out.push(
    '<status><code>',
    view.status,
    '</code><message>',
    statusMessage(p, view.status),
    '</message></status>',
  );
  if (p.acceptedAt === undefined) {
    out.push('<expirationTime>', new Date(p.expiresAt).toISOString(), '</expirationTime>');
  }
  tagSet(view.tags, out);
  out.push('</', tag, '>');
}

/** Rendered list items per peering, valid while the key (status, caller, epoch) holds. */
const itemCache = new WeakMap<AwsPeering, { key: string; xml: string }>();

/**
 * renderPeering for list items, reusing the last rendering of the same
 * peering when nothing that shows has changed: the status, the caller's
 * account and side, and the state's render epoch (tags and options) are the
 * whole of what can change an existing peering's XML.
 */
export function renderPeeringItem(
  p: AwsPeering,
  view: PeeringView,
  key: string,
  out: string[],
): void {
  const cached = itemCache.get(p);
  if (cached && cached.key === key) {
    out.push(cached.xml);
    return;
  }
  const parts: string[] = [];
  renderPeering(p, view, parts);
  const xml = parts.join('');
  itemCache.set(p, { key, xml });
  out.push(xml);
}

// ---- Route tables ----------------------------------------------------------

export function renderRouteTable(
  rt: AwsRouteTable,
  peeringState: (pcxId: string) => 'active' | 'blackhole',
  out: string[],
): void {
  out.push(
    '<item><routeTableId>',
    rt.id,
    '</routeTableId><vpcId>',
    rt.vpcId,
    '</vpcId><ownerId>',
    rt.accountId,
    '</ownerId><routeSet>',
  );
  for (const r of rt.routes) renderRoute(r, peeringState, out);
  out.push('</routeSet><associationSet>');
  if (rt.main) {
    out.push(
      '<item><routeTableAssociationId>',
      rt.associationId,
      '</routeTableAssociationId><routeTableId>',
      rt.id,
      '</routeTableId><main>true</main><associationState><state>associated</state></associationState></item>',
    );
  }
  for (const a of rt.subnetAssociations) {
    out.push(
      '<item><routeTableAssociationId>',
      a.id,
      '</routeTableAssociationId><routeTableId>',
      rt.id,
      '</routeTableId><subnetId>',
      a.subnetId,
      '</subnetId><main>false</main><associationState><state>associated</state></associationState></item>',
    );
  }
  out.push('</associationSet><propagatingVgwSet/>');
  tagSet(rt.tags, out);
  out.push('</item>');
}

function renderRoute(
  r: AwsRoute,
  peeringState: (pcxId: string) => 'active' | 'blackhole',
  out: string[],
): void {
  out.push('<item>');
  if (r.destinationCidrBlock)
    out.push('<destinationCidrBlock>', r.destinationCidrBlock, '</destinationCidrBlock>');
  if (r.destinationIpv6CidrBlock)
    out.push(
      '<destinationIpv6CidrBlock>',
      r.destinationIpv6CidrBlock,
      '</destinationIpv6CidrBlock>',
    );
  if (r.gatewayId) out.push('<gatewayId>', r.gatewayId, '</gatewayId>');
  let state: 'active' | 'blackhole' = 'active';
  if (r.vpcPeeringConnectionId) {
    out.push('<vpcPeeringConnectionId>', r.vpcPeeringConnectionId, '</vpcPeeringConnectionId>');
    state = peeringState(r.vpcPeeringConnectionId);
  }
  out.push('<state>', state, '</state><origin>', r.origin, '</origin></item>');
}

// ---- Security groups -------------------------------------------------------

/** Groups rules into IpPermissions by protocol and port range, in first-seen order. */
export function ipPermissions(rules: AwsSecurityGroupRule[]): AwsSecurityGroupRule[][] {
  const groups = new Map<string, AwsSecurityGroupRule[]>();
  for (const rule of rules) {
    const key = `${rule.protocol}|${rule.fromPort ?? ''}|${rule.toPort ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(rule);
    else groups.set(key, [rule]);
  }
  return [...groups.values()];
}

function renderPermissions(tag: string, rules: AwsSecurityGroupRule[], out: string[]): void {
  if (rules.length === 0) {
    out.push('<', tag, '/>');
    return;
  }
  out.push('<', tag, '>');
  for (const group of ipPermissions(rules)) {
    const first = group[0];
    out.push('<item><ipProtocol>', first.protocol, '</ipProtocol>');
    if (first.fromPort !== undefined) out.push(element('fromPort', first.fromPort));
    if (first.toPort !== undefined) out.push(element('toPort', first.toPort));
    out.push('<groups>');
    for (const r of group) {
      if (!r.groupId) continue;
      out.push(
        '<item>',
        element('description', r.description),
        '<userId>',
        r.groupOwnerId ?? '',
        '</userId><groupId>',
        r.groupId,
        '</groupId></item>',
      );
    }
    out.push('</groups><ipRanges>');
    for (const r of group) {
      if (!r.cidrIpv4) continue;
      out.push('<item><cidrIp>', r.cidrIpv4, '</cidrIp>', element('description', r.description));
      out.push('</item>');
    }
    out.push('</ipRanges><ipv6Ranges>');
    for (const r of group) {
      if (!r.cidrIpv6) continue;
      out.push(
        '<item><cidrIpv6>',
        r.cidrIpv6,
        '</cidrIpv6>',
        element('description', r.description),
        '</item>',
      );
    }
    out.push('</ipv6Ranges><prefixListIds/></item>');
  }
  out.push('</', tag, '>');
}

export function renderSecurityGroup(sg: AwsSecurityGroup, out: string[]): void {
  out.push(
    '<item><ownerId>',
    sg.accountId,
    '</ownerId><groupId>',
    sg.id,
    '</groupId><groupName>',
    xmlEscape(sg.name),
    '</groupName><groupDescription>',
    xmlEscape(sg.description),
    '</groupDescription><vpcId>',
    sg.vpcId,
    '</vpcId>',
  );
  renderPermissions(
    'ipPermissions',
    sg.rules.filter((r) => !r.egress),
    out,
  );
  renderPermissions(
    'ipPermissionsEgress',
    sg.rules.filter((r) => r.egress),
    out,
  );
  out.push(
    '<securityGroupArn>arn:aws:ec2:',
    sg.region,
    ':',
    sg.accountId,
    ':security-group/',
    sg.id,
    '</securityGroupArn>',
  );
  tagSet(sg.tags, out);
  out.push('</item>');
}

export function renderSecurityGroupRule(
  sg: AwsSecurityGroup,
  rule: AwsSecurityGroupRule,
  out: string[],
): void {
  out.push(
    '<item><securityGroupRuleId>',
    rule.id,
    '</securityGroupRuleId><groupId>',
    sg.id,
    '</groupId><groupOwnerId>',
    sg.accountId,
    '</groupOwnerId><isEgress>',
    String(rule.egress),
    '</isEgress><ipProtocol>',
    rule.protocol,
    '</ipProtocol><fromPort>',
    String(rule.fromPort ?? -1),
    '</fromPort><toPort>',
    String(rule.toPort ?? -1),
    '</toPort>',
  );
  if (rule.cidrIpv4) out.push('<cidrIpv4>', rule.cidrIpv4, '</cidrIpv4>');
  if (rule.cidrIpv6) out.push('<cidrIpv6>', rule.cidrIpv6, '</cidrIpv6>');
  if (rule.groupId) {
    out.push(
      '<referencedGroupInfo><groupId>',
      rule.groupId,
      '</groupId><userId>',
      rule.groupOwnerId ?? sg.accountId,
      '</userId></referencedGroupInfo>',
    );
  }
  out.push(element('description', rule.description));
  out.push(
    '<securityGroupRuleArn>arn:aws:ec2:',
    sg.region,
    ':',
    sg.accountId,
    ':security-group-rule/',
    rule.id,
    '</securityGroupRuleArn><tagSet/></item>',
  );
}

// ---- Subnets and network ACLs ----------------------------------------------

export function renderSubnet(subnet: AwsSubnet, out: string[]): void {
  out.push(
    '<item><subnetId>',
    subnet.id,
    '</subnetId><subnetArn>arn:aws:ec2:',
    subnet.region,
    ':',
    subnet.accountId,
    ':subnet/',
    subnet.id,
    '</subnetArn><state>available</state><vpcId>',
    subnet.vpcId,
    '</vpcId><ownerId>',
    subnet.accountId,
    '</ownerId><cidrBlock>',
    subnet.cidr,
    '</cidrBlock><ipv6CidrBlockAssociationSet>',
  );
  if (subnet.ipv6Cidr) {
    out.push(
      '<item><associationId>subnet-cidr-assoc-',
      subnet.id.slice(7),
      '</associationId><ipv6CidrBlock>',
      subnet.ipv6Cidr,
      '</ipv6CidrBlock><ipv6CidrBlockState><state>associated</state></ipv6CidrBlockState></item>',
    );
  }
  out.push(
    '</ipv6CidrBlockAssociationSet><availabilityZone>',
    subnet.availabilityZone,
    '</availabilityZone><defaultForAz>false</defaultForAz><mapPublicIpOnLaunch>false</mapPublicIpOnLaunch><assignIpv6AddressOnCreation>false</assignIpv6AddressOnCreation>',
  );
  tagSet(subnet.tags, out);
  out.push('</item>');
}

export function renderNetworkAcl(acl: AwsNetworkAcl, out: string[]): void {
  out.push(
    '<item><networkAclId>',
    acl.id,
    '</networkAclId><vpcId>',
    acl.vpcId,
    '</vpcId><ownerId>',
    acl.accountId,
    '</ownerId>',
    element('default', acl.isDefault),
    '<entrySet>',
  );
  for (const e of acl.entries) {
    out.push(
      '<item>',
      element('ruleNumber', e.ruleNumber),
      element('protocol', e.protocol),
      element('ruleAction', e.ruleAction),
      element('egress', e.egress),
      element('cidrBlock', e.cidrBlock),
      element('ipv6CidrBlock', e.ipv6CidrBlock),
    );
    if (e.portRange) {
      out.push(
        '<portRange>',
        element('from', e.portRange.from),
        element('to', e.portRange.to),
        '</portRange>',
      );
    }
    out.push('</item>');
  }
  out.push('</entrySet><associationSet>');
  for (const a of acl.associations) {
    out.push(
      '<item><networkAclAssociationId>',
      a.id,
      '</networkAclAssociationId><networkAclId>',
      acl.id,
      '</networkAclId><subnetId>',
      a.subnetId,
      '</subnetId></item>',
    );
  }
  out.push('</associationSet>');
  tagSet(acl.tags, out);
  out.push('</item>');
}
