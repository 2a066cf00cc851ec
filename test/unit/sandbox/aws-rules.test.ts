/**
 * The sandbox's rule-changing EC2 operations, driven by the real @aws-sdk/client-ec2 and the real
 * aws CLI (Debian's awscli): RevokeSecurityGroupIngress/Egress by properties and by rule id,
 * DescribeVpcAttribute/ModifyVpcAttribute, Create/Replace/DeleteNetworkAclEntry, with EC2's errors as the API reference words them.
 */
import * as assert from 'node:assert/strict';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateVpcCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcAttributeCommand,
  ModifyVpcAttributeCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type EC2Client,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { AWS_DOCTOR, AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import { awsEc2, type CliTarget } from '../../support/breakRoute';
import { authorizationFor, ec2For, expectEc2Error } from './aws-harness';

describe('sandbox AWS: changing rules (SDK and aws CLI)', function () {
  this.timeout(120_000);
  let sandbox: RunningSandbox;
  let ec2: EC2Client;
  let cli: CliTarget;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 200 });
    cli = { endpoint: sandbox.endpoints.aws, account: 'app', region: 'us-east-1' };
  });
  after(async () => {
    ec2?.destroy();
    await sandbox?.stop();
  });
  beforeEach(() => {
    sandbox.admin.reset('demo');
    ec2 = ec2For(sandbox, 'app');
  });

  /** The default security group of shared-services-vpc (app account). */
  async function sharedGroup(): Promise<SecurityGroup> {
    const out = await ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [AWS_VPCS.shared.id] },
          { Name: 'group-name', Values: ['default'] },
        ],
      }),
    );
    assert.equal(out.SecurityGroups?.length, 1);
    return out.SecurityGroups[0];
  }

  const fromApp = (g: SecurityGroup) =>
    (g.IpPermissions ?? []).filter((p) =>
      (p.IpRanges ?? []).some((r) => r.CidrIp === AWS_VPCS.app.cidrs[0]),
    );

  it('RevokeSecurityGroupIngress by IpPermissions (SDK) removes exactly the matching rule', async () => {
    const group = await sharedGroup();
    assert.equal(fromApp(group).length, 1, 'the demo allows app into shared');
    const out = await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: group.GroupId,
        IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: AWS_VPCS.app.cidrs[0] }] }],
      }),
    );
    assert.equal(out.Return, true);
    assert.equal(out.RevokedSecurityGroupRules?.length, 1);
    assert.equal(out.RevokedSecurityGroupRules[0].CidrIpv4, AWS_VPCS.app.cidrs[0]);
    assert.equal(out.RevokedSecurityGroupRules[0].IsEgress, false);
    assert.equal(out.UnknownIpPermissions, undefined);
    const after = await sharedGroup();
    assert.equal(fromApp(after).length, 0);
    // The secondary block's rule stays.
    assert.ok(
      (after.IpPermissions ?? []).some((p) =>
        (p.IpRanges ?? []).some((r) => r.CidrIp === AWS_VPCS.app.cidrs[1]),
      ),
    );
    // A rule that is not there (any more): EC2's words for a non-default VPC, nothing revoked.
    const message = await expectEc2Error(
      ec2.send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: group.GroupId,
          IpPermissions: [
            { IpProtocol: '-1', IpRanges: [{ CidrIp: AWS_VPCS.app.cidrs[0] }] },
            { IpProtocol: '-1', IpRanges: [{ CidrIp: AWS_VPCS.app.cidrs[1] }] },
          ],
        }),
      ),
      'InvalidPermission.NotFound',
    );
    assert.equal(message, 'The specified rule does not exist in this security group.');
    assert.ok(
      ((await sharedGroup()).IpPermissions ?? []).some((p) =>
        (p.IpRanges ?? []).some((r) => r.CidrIp === AWS_VPCS.app.cidrs[1]),
      ),
      'a refused revoke revokes nothing',
    );
    // Ports must match exactly: a TCP 5432 rule is not revoked by TCP 5432-5433.
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: group.GroupId,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 5432,
            ToPort: 5432,
            IpRanges: [{ CidrIp: '10.99.0.0/16' }],
          },
        ],
      }),
    );
    await expectEc2Error(
      ec2.send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: group.GroupId,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 5432,
              ToPort: 5433,
              IpRanges: [{ CidrIp: '10.99.0.0/16' }],
            },
          ],
        }),
      ),
      'InvalidPermission.NotFound',
    );
  });

  it('RevokeSecurityGroupIngress by SecurityGroupRuleIds, and Egress by properties (SDK)', async () => {
    const group = await sharedGroup();
    const added = await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: group.GroupId,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 6379,
            ToPort: 6379,
            IpRanges: [{ CidrIp: '10.98.0.0/16' }],
          },
        ],
      }),
    );
    const ruleId = added.SecurityGroupRules?.[0].SecurityGroupRuleId;
    assert.ok(ruleId);
    const out = await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: group.GroupId,
        SecurityGroupRuleIds: [ruleId],
      }),
    );
    assert.equal(out.RevokedSecurityGroupRules?.[0].SecurityGroupRuleId, ruleId);
    assert.equal(out.RevokedSecurityGroupRules?.[0].FromPort, 6379);
    await expectEc2Error(
      ec2.send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: group.GroupId,
          SecurityGroupRuleIds: [ruleId],
        }),
      ),
      'InvalidSecurityGroupRuleId.NotFound',
    );
    // The default group's egress rule: all traffic to 0.0.0.0/0.
    const egress = await ec2.send(
      new RevokeSecurityGroupEgressCommand({
        GroupId: group.GroupId,
        IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    assert.equal(egress.RevokedSecurityGroupRules?.[0].IsEgress, true);
    assert.deepEqual((await sharedGroup()).IpPermissionsEgress ?? [], []);
    await expectEc2Error(
      ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: 'sg-0000000000000dead' })),
      'InvalidGroup.NotFound',
    );
  });

  it('aws ec2 revoke-security-group-ingress: --ip-permissions, the flat form, --security-group-rule-ids', async () => {
    const group = await sharedGroup();
    const revoked = (await awsEc2(cli, [
      'revoke-security-group-ingress',
      '--group-id',
      group.GroupId as string,
      '--ip-permissions',
      JSON.stringify([{ IpProtocol: '-1', IpRanges: [{ CidrIp: AWS_VPCS.app.cidrs[0] }] }]),
    ])) as { Return: boolean };
    // Debian's CLI 2.9 predates revokedSecurityGroupRuleSet in its model: it prints Return only.
    assert.equal(revoked.Return, true);
    assert.equal(fromApp(await sharedGroup()).length, 0);
    await assert.rejects(
      awsEc2(cli, [
        'revoke-security-group-ingress',
        '--group-id',
        group.GroupId as string,
        '--protocol',
        'all',
        '--cidr',
        AWS_VPCS.app.cidrs[0],
      ]),
      /InvalidPermission\.NotFound.*The specified rule does not exist in this security group\./,
    );
    // The flat form (--protocol/--port/--cidr) matches the rule it names.
    await awsEc2(cli, [
      'authorize-security-group-ingress',
      '--group-id',
      group.GroupId as string,
      '--protocol',
      'tcp',
      '--port',
      '5432',
      '--cidr',
      '10.97.0.0/16',
    ]);
    await awsEc2(cli, [
      'revoke-security-group-ingress',
      '--group-id',
      group.GroupId as string,
      '--protocol',
      'tcp',
      '--port',
      '5432',
      '--cidr',
      '10.97.0.0/16',
    ]);
    const ruleId = (
      (await awsEc2(cli, [
        'authorize-security-group-ingress',
        '--group-id',
        group.GroupId as string,
        '--protocol',
        'udp',
        '--port',
        '53',
        '--cidr',
        '10.96.0.0/16',
      ])) as { SecurityGroupRules: { SecurityGroupRuleId: string }[] }
    ).SecurityGroupRules[0].SecurityGroupRuleId;
    await awsEc2(cli, [
      'revoke-security-group-ingress',
      '--group-id',
      group.GroupId as string,
      '--security-group-rule-ids',
      ruleId,
    ]);
    const left = await sharedGroup();
    assert.ok(
      !(left.IpPermissions ?? []).some((p) =>
        (p.IpRanges ?? []).some((r) => ['10.97.0.0/16', '10.96.0.0/16'].includes(r.CidrIp ?? '')),
      ),
    );
  });

  it('DescribeVpcAttribute and ModifyVpcAttribute: one attribute per call, hostnames need DNS support (SDK)', async () => {
    const vpcId = AWS_VPCS.shared.id;
    const read = async (Attribute: 'enableDnsSupport' | 'enableDnsHostnames') => {
      const out = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute }));
      assert.equal(out.VpcId, vpcId);
      return Attribute === 'enableDnsSupport'
        ? out.EnableDnsSupport?.Value
        : out.EnableDnsHostnames?.Value;
    };
    assert.equal(await read('enableDnsSupport'), true);
    assert.equal(await read('enableDnsHostnames'), true, 'the demo VPCs have hostnames on');
    await expectEc2Error(
      ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: false } })),
      'InvalidParameterValue',
    );
    await ec2.send(
      new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: false } }),
    );
    await ec2.send(
      new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: false } }),
    );
    assert.equal(await read('enableDnsSupport'), false);
    assert.equal(await read('enableDnsHostnames'), false);
    const both = await expectEc2Error(
      ec2.send(
        new ModifyVpcAttributeCommand({
          VpcId: vpcId,
          EnableDnsSupport: { Value: true },
          EnableDnsHostnames: { Value: true },
        }),
      ),
      'InvalidParameterCombination',
    );
    // EC2's words (apache/libcloud#328, kubernetes-sigs/cluster-api-provider-aws#783), the
    // attributes in the order the SDK sends them.
    assert.equal(
      both,
      'Fields for multiple attribute types specified: enableDnsHostnames, enableDnsSupport',
    );
    // A client that sends EnableDnsSupport first reads them in that order (libcloud's request).
    const reversed = await fetch(sandbox.endpoints.aws, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        authorization: authorizationFor('app'),
      },
      body: new URLSearchParams({
        Action: 'ModifyVpcAttribute',
        Version: '2016-11-15',
        VpcId: vpcId,
        'EnableDnsSupport.Value': 'true',
        'EnableDnsHostnames.Value': 'true',
      }).toString(),
    });
    assert.equal(reversed.status, 400);
    assert.match(
      await reversed.text(),
      /<Code>InvalidParameterCombination<\/Code><Message>Fields for multiple attribute types specified: enableDnsSupport, enableDnsHostnames<\/Message>/,
    );
    await expectEc2Error(
      ec2.send(
        new DescribeVpcAttributeCommand({
          VpcId: 'vpc-0000000000000dead',
          Attribute: 'enableDnsSupport',
        }),
      ),
      'InvalidVpcID.NotFound',
    );
    // A VPC built over the API starts as AWS's do: DNS support on, DNS hostnames off.
    const made = await ec2For(sandbox, 'data').send(
      new CreateVpcCommand({ CidrBlock: '10.88.0.0/16' }),
    );
    const hostnames = await ec2For(sandbox, 'data').send(
      new DescribeVpcAttributeCommand({ VpcId: made.Vpc?.VpcId, Attribute: 'enableDnsHostnames' }),
    );
    assert.equal(hostnames.EnableDnsHostnames?.Value, false);
  });

  it('aws ec2 describe-vpc-attribute / modify-vpc-attribute, as the Doctor’s repair script calls them', async () => {
    const vpcId = AWS_VPCS.shared.id;
    const value = async (attribute: string) =>
      awsEc2(cli, [
        'describe-vpc-attribute',
        '--vpc-id',
        vpcId,
        '--attribute',
        attribute,
        '--query',
        `${attribute[0].toUpperCase()}${attribute.slice(1)}.Value`,
      ]);
    await awsEc2(cli, ['modify-vpc-attribute', '--vpc-id', vpcId, '--no-enable-dns-hostnames']);
    assert.equal(await value('enableDnsHostnames'), false);
    await awsEc2(cli, ['modify-vpc-attribute', '--vpc-id', vpcId, '--no-enable-dns-support']);
    assert.equal(await value('enableDnsSupport'), false);
    await assert.rejects(
      awsEc2(cli, ['modify-vpc-attribute', '--vpc-id', vpcId, '--enable-dns-hostnames']),
      /InvalidParameterValue/,
    );
    await assert.rejects(
      awsEc2(cli, [
        'modify-vpc-attribute',
        '--vpc-id',
        vpcId,
        '--enable-dns-support',
        '--enable-dns-hostnames',
      ]),
      (error: Error) => {
        assert.match(
          error.message,
          /An error occurred \(InvalidParameterCombination\) when calling the ModifyVpcAttribute operation: Fields for multiple attribute types specified: enableDnsHostnames, enableDnsSupport$/m,
        );
        return true;
      },
    );
    await awsEc2(cli, ['modify-vpc-attribute', '--vpc-id', vpcId, '--enable-dns-support']);
    await awsEc2(cli, ['modify-vpc-attribute', '--vpc-id', vpcId, '--enable-dns-hostnames']);
    assert.equal(await value('enableDnsSupport'), true);
    assert.equal(await value('enableDnsHostnames'), true);
  });

  it('aws ec2 create/replace/delete-network-acl-entry, and the repair script’s describe query', async () => {
    const data: CliTarget = { ...cli, account: 'data' };
    const acl = AWS_DOCTOR.dataDbAcl;
    const entries = async () =>
      (
        (await awsEc2(data, ['describe-network-acls', '--network-acl-ids', acl])) as {
          NetworkAcls: {
            Entries: {
              RuleNumber: number;
              Egress: boolean;
              Protocol: string;
              RuleAction: string;
              CidrBlock?: string;
              PortRange?: { From: number; To: number };
            }[];
          }[];
        }
      ).NetworkAcls[0].Entries;
    const entry = [
      '--network-acl-id',
      acl,
      '--rule-number',
      '32700',
      '--egress',
      '--protocol',
      'tcp',
      '--port-range',
      'From=1024,To=65535',
      '--cidr-block',
      AWS_VPCS.shared.cidrs[0],
    ];
    // What the repair script reads first: nothing at that number yet.
    const query = [
      'describe-network-acls',
      '--network-acl-ids',
      acl,
      '--query',
      "NetworkAcls[0].Entries[?to_string(RuleNumber)=='32700' && Egress].RuleAction | [0]",
    ];
    assert.equal(await awsEc2(data, query), null);
    await awsEc2(data, ['create-network-acl-entry', ...entry, '--rule-action', 'allow']);
    assert.equal(await awsEc2(data, query), 'allow');
    const created = (await entries()).find((e) => e.RuleNumber === 32700 && e.Egress);
    assert.deepEqual(created, {
      RuleNumber: 32700,
      Egress: true,
      Protocol: '6',
      RuleAction: 'allow',
      CidrBlock: AWS_VPCS.shared.cidrs[0],
      PortRange: { From: 1024, To: 65535 },
    });
    await assert.rejects(
      awsEc2(data, ['create-network-acl-entry', ...entry, '--rule-action', 'allow']),
      // AWS's text, as boto3 printed it in ansible-collections/amazon.aws#2592.
      /An error occurred \(NetworkAclEntryAlreadyExists\) when calling the CreateNetworkAclEntry operation: The network acl entry identified by 32700 already exists\.$/m,
    );
    await awsEc2(data, ['replace-network-acl-entry', ...entry, '--rule-action', 'deny']);
    assert.equal((await entries()).find((e) => e.RuleNumber === 32700)?.RuleAction, 'deny');
    await awsEc2(data, [
      'delete-network-acl-entry',
      '--network-acl-id',
      acl,
      '--rule-number',
      '32700',
      '--egress',
    ]);
    assert.ok(!(await entries()).some((e) => e.RuleNumber === 32700));
    await assert.rejects(
      awsEc2(data, [
        'delete-network-acl-entry',
        '--network-acl-id',
        acl,
        '--rule-number',
        '32700',
        '--egress',
      ]),
      // The ingress form is AWS's (hashicorp/terraform-provider-aws#12175); egress by analogy.
      /An error occurred \(InvalidNetworkAclEntry\.NotFound\) when calling the DeleteNetworkAclEntry operation: no egress entry with number 32700$/m,
    );
    await assert.rejects(
      awsEc2(data, [
        'delete-network-acl-entry',
        '--network-acl-id',
        acl,
        '--rule-number',
        '32700',
        '--ingress',
      ]),
      /\(InvalidNetworkAclEntry\.NotFound\) when calling the DeleteNetworkAclEntry operation: no ingress entry with number 32700$/m,
    );
    // The `*` rule is AWS's: numbers stop at 32766.
    await assert.rejects(
      awsEc2(data, [
        'replace-network-acl-entry',
        ...entry.map((a) => (a === '32700' ? '32767' : a)),
        '--rule-action',
        'allow',
      ]),
      /InvalidParameterValue/,
    );
    // TCP without a port range is refused.
    await assert.rejects(
      awsEc2(data, [
        'create-network-acl-entry',
        '--network-acl-id',
        acl,
        '--rule-number',
        '300',
        '--ingress',
        '--protocol',
        'tcp',
        '--cidr-block',
        '10.1.0.0/16',
        '--rule-action',
        'allow',
      ]),
      /MissingParameter.*portRange/,
    );
  });
});
