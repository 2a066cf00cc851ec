/**
 * The sandbox's EC2 against botocore's model (the checked-in extract
 * test/fixtures/published/aws/ec2-peering-subset.json, rebuilt by
 * scripts/extract-ec2-subset.ts): it serves exactly the extract's operations,
 * accepts exactly their input members under their query names, and answers
 * with no XML element the output shape does not define.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { ACTION_PARAMETERS } from '../../../src/sandbox/aws/parameters';
import { startSandbox } from '../../../src/sandbox/server';
import { AWS_DOCTOR, AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import { publishedFixture } from '../../support/fixtures';
import { rawEc2, type DemoAccount } from './aws-harness';

interface MemberRef {
  shape: string;
  locationName?: string;
  queryName?: string;
}
interface Shape {
  type: string;
  members?: Record<string, MemberRef>;
  member?: MemberRef;
}
interface Model {
  operations: Record<string, { input?: { shape: string }; output?: { shape: string } }>;
  shapes: Record<string, Shape>;
}

const MODEL = JSON.parse(
  readFileSync(publishedFixture('aws', 'ec2-peering-subset.json'), 'utf8'),
) as Model;

/** The ec2 protocol's query name of a member: queryName, else the capitalised locationName or name. */
function queryName(name: string, ref: MemberRef): string {
  if (ref.queryName) return ref.queryName;
  const base = ref.locationName ?? name;
  return base[0].toUpperCase() + base.slice(1);
}

/** Every XML element name an output shape can hold (lists hold `item`s). */
function outputElements(shapeName: string, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  if (seen.has(shapeName)) return out;
  seen.add(shapeName);
  const shape = MODEL.shapes[shapeName];
  if (shape.member) {
    out.add(shape.member.locationName ?? 'item');
    for (const e of outputElements(shape.member.shape, seen)) out.add(e);
  }
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    out.add(ref.locationName ?? name[0].toLowerCase() + name.slice(1));
    for (const e of outputElements(ref.shape, seen)) out.add(e);
  }
  return out;
}

describe('sandbox AWS: against botocore’s EC2 model', function () {
  this.timeout(30_000);

  it('serves exactly the extract’s operations with exactly their input members', () => {
    assert.deepEqual(
      Object.keys(ACTION_PARAMETERS).sort(),
      Object.keys(MODEL.operations).sort(),
      'operations the sandbox serves vs the extract',
    );
    for (const [operation, spec] of Object.entries(MODEL.operations)) {
      const input = spec.input ? MODEL.shapes[spec.input.shape] : undefined;
      const expected = Object.entries(input?.members ?? {})
        .map(([name, ref]) => queryName(name, ref))
        .filter((name) => name !== 'DryRun')
        .sort();
      assert.deepEqual([...ACTION_PARAMETERS[operation]].sort(), expected, operation);
    }
  });

  describe('answers with elements of the output shape only', () => {
    let sandbox: RunningSandbox;
    before(async () => {
      sandbox = await startSandbox({ world: 'demo', operationDelayMs: 200 });
    });
    after(async () => {
      await sandbox?.stop();
    });

    const raw = (account: DemoAccount, form: Record<string, string>) =>
      rawEc2(sandbox, account, form);

    function assertElementsOf(operation: string, xml: string): void {
      const output = MODEL.operations[operation].output?.shape;
      // Operations without an output shape answer <return>true</return>, as EC2 does.
      const allowed = output ? outputElements(output) : new Set(['return']);
      allowed.add(`${operation}Response`).add('requestId');
      const names = new Set([...xml.matchAll(/<([A-Za-z][\w]*)[\s/>]/g)].map((m) => m[1]));
      const unknown = [...names].filter((n) => !allowed.has(n));
      assert.deepEqual(unknown, [], `${operation}: elements not in botocore's output shape`);
    }

    it('CreateVpc, AssociateVpcCidrBlock, DisassociateVpcCidrBlock, ReplaceRoute and DeleteVpc', async () => {
      sandbox.admin.reset('demo');
      const created = await raw('data', {
        Action: 'CreateVpc',
        CidrBlock: '10.80.0.0/16',
        'TagSpecification.1.ResourceType': 'vpc',
        'TagSpecification.1.Tag.1.Key': 'Name',
        'TagSpecification.1.Tag.1.Value': 'built',
      });
      assertElementsOf('CreateVpc', created);
      const vpcId = /<vpcId>(vpc-[0-9a-f]+)<\/vpcId>/.exec(created)?.[1];
      assert.ok(vpcId, created);
      const associated = await raw('data', {
        Action: 'AssociateVpcCidrBlock',
        VpcId: vpcId,
        CidrBlock: '10.81.0.0/16',
      });
      assertElementsOf('AssociateVpcCidrBlock', associated);
      const associationId = /<associationId>([^<]+)<\/associationId>/.exec(associated)?.[1];
      assert.ok(associationId, associated);
      assertElementsOf(
        'DisassociateVpcCidrBlock',
        await raw('data', { Action: 'DisassociateVpcCidrBlock', AssociationId: associationId }),
      );
      const pcx = await raw('data', {
        Action: 'CreateVpcPeeringConnection',
        VpcId: vpcId,
        PeerVpcId: AWS_VPCS.data.id,
      });
      const pcxId = /<vpcPeeringConnectionId>([^<]+)</.exec(pcx)?.[1] as string;
      sandbox.admin.advanceClock(1000);
      await raw('data', { Action: 'AcceptVpcPeeringConnection', VpcPeeringConnectionId: pcxId });
      sandbox.admin.advanceClock(1000);
      const tables = await raw('data', {
        Action: 'DescribeRouteTables',
        'Filter.1.Name': 'vpc-id',
        'Filter.1.Value.1': vpcId,
      });
      const tableId = /<routeTableId>([^<]+)</.exec(tables)?.[1] as string;
      const route = {
        RouteTableId: tableId,
        DestinationCidrBlock: '10.40.0.0/16',
        VpcPeeringConnectionId: pcxId,
      };
      await raw('data', { Action: 'CreateRoute', ...route });
      assertElementsOf('ReplaceRoute', await raw('data', { Action: 'ReplaceRoute', ...route }));
      await raw('data', { Action: 'DeleteVpcPeeringConnection', VpcPeeringConnectionId: pcxId });
      assertElementsOf('DeleteVpc', await raw('data', { Action: 'DeleteVpc', VpcId: vpcId }));
    });

    it('DescribeVpcAttribute and ModifyVpcAttribute', async () => {
      sandbox.admin.reset('demo');
      for (const Attribute of ['enableDnsSupport', 'enableDnsHostnames']) {
        assertElementsOf(
          'DescribeVpcAttribute',
          await raw('data', { Action: 'DescribeVpcAttribute', VpcId: AWS_VPCS.data.id, Attribute }),
        );
      }
      assertElementsOf(
        'ModifyVpcAttribute',
        await raw('data', {
          Action: 'ModifyVpcAttribute',
          VpcId: AWS_VPCS.data.id,
          'EnableDnsHostnames.Value': 'false',
        }),
      );
    });

    it('CreateNetworkAclEntry, ReplaceNetworkAclEntry and DeleteNetworkAclEntry', async () => {
      sandbox.admin.reset('demo');
      const entry = {
        NetworkAclId: AWS_DOCTOR.dataDbAcl,
        RuleNumber: '200',
        Egress: 'true',
        Protocol: '6',
        'PortRange.From': '1024',
        'PortRange.To': '65535',
        CidrBlock: '10.30.0.0/16',
      };
      for (const [Action, RuleAction] of [
        ['CreateNetworkAclEntry', 'allow'],
        ['ReplaceNetworkAclEntry', 'deny'],
      ])
        assertElementsOf(Action, await raw('data', { Action, ...entry, RuleAction }));
      assertElementsOf(
        'DeleteNetworkAclEntry',
        await raw('data', {
          Action: 'DeleteNetworkAclEntry',
          NetworkAclId: AWS_DOCTOR.dataDbAcl,
          RuleNumber: '200',
          Egress: 'true',
        }),
      );
    });

    it('RevokeSecurityGroupIngress and RevokeSecurityGroupEgress', async () => {
      sandbox.admin.reset('demo');
      const groups = await raw('data', {
        Action: 'DescribeSecurityGroups',
        'Filter.1.Name': 'vpc-id',
        'Filter.1.Value.1': AWS_VPCS.data.id,
      });
      const groupId = /<groupId>(sg-[0-9a-f]+)<\/groupId>/.exec(groups)?.[1] as string;
      await raw('data', {
        Action: 'AuthorizeSecurityGroupIngress',
        GroupId: groupId,
        'IpPermissions.1.IpProtocol': 'tcp',
        'IpPermissions.1.FromPort': '5432',
        'IpPermissions.1.ToPort': '5432',
        'IpPermissions.1.IpRanges.1.CidrIp': '10.30.0.0/16',
      });
      assertElementsOf(
        'RevokeSecurityGroupIngress',
        await raw('data', {
          Action: 'RevokeSecurityGroupIngress',
          GroupId: groupId,
          'IpPermissions.1.IpProtocol': 'tcp',
          'IpPermissions.1.FromPort': '5432',
          'IpPermissions.1.ToPort': '5432',
          'IpPermissions.1.IpRanges.1.CidrIp': '10.30.0.0/16',
        }),
      );
      assertElementsOf(
        'RevokeSecurityGroupEgress',
        await raw('data', {
          Action: 'RevokeSecurityGroupEgress',
          GroupId: groupId,
          'IpPermissions.1.IpProtocol': '-1',
          'IpPermissions.1.IpRanges.1.CidrIp': '0.0.0.0/0',
        }),
      );
    });
  });
});
