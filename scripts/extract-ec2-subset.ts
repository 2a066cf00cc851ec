/**
 * Rebuilds test/fixtures/published/aws/ec2-peering-subset.json from botocore's
 * EC2 model: the operations the sandbox serves, the transitive closure of the
 * shapes they reference (plus a few named ones), their paginators, the waiters
 * that poll them and botocore's examples for them, all copied verbatim.
 *
 *   tsx scripts/extract-ec2-subset.ts <dir with service-2.json, paginators-1.json,
 *       waiters-2.json, examples-1.json> <botocore commit>
 *
 * The directory is botocore/data/ec2/2016-11-15 of a boto/botocore checkout
 * (e.g. `git show <commit>:botocore/data/ec2/2016-11-15/service-2.json`).
 * The output is reference data under botocore's Apache-2.0 licence; the
 * fixture README records the commit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** In the order the fixture lists them; the sandbox serves each (src/sandbox/aws/*Actions.ts). */
export const OPERATIONS = [
  'CreateVpcPeeringConnection',
  'AcceptVpcPeeringConnection',
  'RejectVpcPeeringConnection',
  'DeleteVpcPeeringConnection',
  'DescribeVpcPeeringConnections',
  'ModifyVpcPeeringConnectionOptions',
  'DescribeVpcs',
  'DescribeRouteTables',
  'CreateRoute',
  'DeleteRoute',
  'DescribeSecurityGroups',
  'AuthorizeSecurityGroupIngress',
  'DescribeRegions',
  'CreateVpc',
  'DeleteVpc',
  'AssociateVpcCidrBlock',
  'DisassociateVpcCidrBlock',
  'ReplaceRoute',
  'CreateTags',
  'DescribeSubnets',
  'DescribeNetworkAcls',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'DescribeVpcAttribute',
  'ModifyVpcAttribute',
  'CreateNetworkAclEntry',
  'ReplaceNetworkAclEntry',
  'DeleteNetworkAclEntry',
];

/** Shapes kept although no listed operation's input or output reaches them by name. */
const EXTRA_SHAPES = [
  'VpcPeeringConnection',
  'VpcPeeringConnectionVpcInfo',
  'VpcPeeringConnectionStateReason',
  'VpcPeeringConnectionStateReasonCode',
  'VpcPeeringConnectionOptionsDescription',
  'Filter',
  'Vpc',
  'RouteTable',
  'Route',
  'SecurityGroup',
  'IpPermission',
  'Subnet',
  'NetworkAcl',
  'NetworkAclEntry',
];

interface ShapeRef {
  shape: string;
}
interface Shape {
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
}
interface Operation {
  input?: ShapeRef;
  output?: ShapeRef;
}
interface Model {
  metadata: unknown;
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

function readJson<T>(dir: string, name: string): T {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
}

export function extractSubset(dir: string): Record<string, unknown> {
  const model = readJson<Model>(dir, 'service-2.json');
  const paginators = readJson<{ pagination: Record<string, unknown> }>(dir, 'paginators-1.json');
  const waiters = readJson<{ waiters: Record<string, { operation: string }> }>(
    dir,
    'waiters-2.json',
  );
  const examples = readJson<{ examples: Record<string, unknown> }>(dir, 'examples-1.json');

  const operations: Record<string, Operation> = {};
  const todo = [...EXTRA_SHAPES];
  for (const name of OPERATIONS) {
    const op = model.operations[name];
    if (!op) throw new Error(`botocore has no operation ${name}`);
    operations[name] = op;
    if (op.input) todo.push(op.input.shape);
    if (op.output) todo.push(op.output.shape);
  }
  const seen = new Set<string>();
  while (todo.length) {
    const name = todo.pop() as string;
    if (seen.has(name)) continue;
    const shape = model.shapes[name];
    if (!shape) throw new Error(`botocore has no shape ${name}`);
    seen.add(name);
    for (const ref of [
      ...Object.values(shape.members ?? {}),
      shape.member,
      shape.key,
      shape.value,
    ]) {
      if (ref) todo.push(ref.shape);
    }
  }
  const shapes: Record<string, Shape> = {};
  for (const name of [...seen].sort()) shapes[name] = model.shapes[name];

  const listed = new Set(OPERATIONS);
  const pick = <T>(from: Record<string, T>, keep: (key: string, value: T) => boolean) =>
    Object.fromEntries(Object.entries(from).filter(([k, v]) => keep(k, v)));
  const pagination = Object.fromEntries(
    OPERATIONS.filter((op) => op in paginators.pagination).map((op) => [
      op,
      paginators.pagination[op],
    ]),
  );
  return {
    _source: {
      repo: 'boto/botocore',
      path: 'botocore/data/ec2/2016-11-15/service-2.json (+ paginators-1.json, waiters-2.json, examples-1.json)',
      license: 'Apache-2.0',
      note: 'Verbatim subset: operations listed + transitive closure of referenced shapes (primitive shapes included once, since they carry enums/min/max). Rebuilt by scripts/extract-ec2-subset.ts.',
    },
    metadata: model.metadata,
    operations,
    shapes,
    paginators: pagination,
    waiters: pick(waiters.waiters, (_, w) => listed.has(w.operation)),
    examples: Object.fromEntries(
      OPERATIONS.filter((op) => op in examples.examples && !op.includes('VpcPeering')).map((op) => [
        op,
        examples.examples[op],
      ]),
    ),
  };
}

if (require.main === module) {
  const [dir, commit] = process.argv.slice(2);
  if (!dir || !commit) {
    console.error('usage: tsx scripts/extract-ec2-subset.ts <botocore ec2 data dir> <commit>');
    process.exit(2);
  }
  const subset = extractSubset(dir);
  (subset._source as Record<string, string>).commit = commit;
  const out = join(
    __dirname,
    '..',
    'test',
    'fixtures',
    'published',
    'aws',
    'ec2-peering-subset.json',
  );
  writeFileSync(out, JSON.stringify(subset, null, 2));
  console.log(`wrote ${out}: ${Object.keys(subset.operations as object).length} operations`);
}
