/**
 * VS Code snippets (shellscript and terraform) made by the same renderers as
 * the wizard's scripts: a plan is built from example values, rendered, and
 * each value at the top becomes a tabstop: `'${n:example}'` in bash, with the
 * quotes outside it so typed text with spaces stays one word, and
 * `"${n:example}"` in Terraform. Everything else in
 * the text is escaped for the snippet syntax (`\`, `$` and `}`), so the
 * scripts' own `${VAR:-default}` expansions stay text.
 */
import { buildPlan } from './';
import type { Plan, PlanInputs, PlanVariable, ScenarioId } from '../model/plan';
import { renderBash, shellQuote } from '../render/bash';
import { hclString, renderTerraform, tfVariableName } from '../render/terraform';

export interface SnippetSpec {
  /** The snippet's name and prefix, e.g. aws-vpc-peering. */
  name: string;
  description: string;
  scenarioId: ScenarioId;
  inputs: PlanInputs;
}

export interface VsCodeSnippet {
  prefix: string;
  description: string;
  body: string[];
}

/** Example values only: documentation ranges and made-up ids, never a real account. */
export const SNIPPETS: SnippetSpec[] = [
  {
    name: 'aws-vpc-peering',
    description:
      'AWS VPC peering across accounts: request, accept, routes and security group rules',
    scenarioId: 'aws-cross-account',
    inputs: {
      requesterAccountId: '111111111111',
      requesterRegion: 'us-east-1',
      requesterVpcId: 'vpc-0a1b2c3d4e5f60718',
      requesterCidrs: ['10.10.0.0/16'],
      requesterRouteTableIds: ['rtb-0a1b2c3d4e5f60718'],
      requesterSecurityGroupIds: ['sg-0a1b2c3d4e5f60718'],
      requesterProfile: 'requester',
      accepterAccountId: '222222222222',
      accepterVpcId: 'vpc-0f1e2d3c4b5a69788',
      accepterCidrs: ['10.20.0.0/16'],
      accepterRouteTableIds: ['rtb-0f1e2d3c4b5a69788'],
      accepterSecurityGroupIds: ['sg-0f1e2d3c4b5a69788'],
      accepterProfile: 'accepter',
      peeringName: 'app-to-data',
      ingressPorts: 'tcp:5432',
    },
  },
  {
    name: 'gcp-network-peering',
    description: 'GCP VPC network peering across projects: both halves, ACTIVE, firewall rules',
    scenarioId: 'gcp-cross-project',
    inputs: {
      localProject: 'my-app-project',
      localNetwork: 'app-net',
      localCidrs: ['10.100.0.0/20'],
      peerProject: 'my-data-project',
      peerNetwork: 'data-net',
      peerCidrs: ['10.102.0.0/20'],
      localPeeringName: 'app-to-data',
      peerPeeringName: 'data-to-app',
      ingressPorts: 'tcp:5432',
    },
  },
  {
    name: 'azure-vnet-peering',
    description: 'Azure VNet peering: a half on each VNet with --allow-vnet-access, then Connected',
    scenarioId: 'azure-same-tenant',
    inputs: {
      localSubscriptionId: '00000000-0000-0000-0000-000000000001',
      localResourceGroup: 'rg-app',
      localVnet: 'vnet-app',
      localCidrs: ['10.200.0.0/16'],
      peerSubscriptionId: '00000000-0000-0000-0000-000000000001',
      peerResourceGroup: 'rg-hub',
      peerVnet: 'vnet-hub',
      peerCidrs: ['10.201.0.0/16'],
      localPeeringName: 'app-to-hub',
      peerPeeringName: 'hub-to-app',
    },
  },
  {
    name: 'upcloud-network-peering',
    description: 'UpCloud network peering: a peering from each private network, then active',
    scenarioId: 'upcloud-upcloud',
    inputs: {
      localNetworkUuid: '03126dc1-a69f-4bc2-8b24-e31c22d64712',
      localCidrs: ['192.168.0.0/24'],
      peerNetworkUuid: '03585987-bf7d-4544-8e9b-5a1b4d74a333',
      peerCidrs: ['192.168.10.0/24'],
      localPeeringName: 'app to staging',
      peerPeeringName: 'staging to app',
    },
  },
  {
    name: 'aiven-vpc-peering',
    description:
      'Aiven VPC ↔ UpCloud network peering: the Aiven connection, the UpCloud side, then active',
    scenarioId: 'aiven-to-upcloud',
    inputs: {
      aivenProject: 'my-project',
      aivenVpcId: 'a1e00000-0000-4000-8000-000000000001',
      aivenCloud: 'upcloud-de-fra1',
      aivenCidr: '10.150.0.0/24',
      upcloudNetworkUuid: '03126dc1-a69f-4bc2-8b24-e31c22d64712',
      upcloudCidrs: ['192.168.0.0/24'],
    },
  },
  {
    name: 'dragonfly-connection',
    description:
      'Dragonfly Cloud connection to an AWS VPC: connection, accept, route and port 6379',
    scenarioId: 'dragonfly-aws',
    inputs: {
      dragonflyNetworkId: 'net-0123456789ab',
      dragonflyCidr: '192.168.0.0/16',
      connectionName: 'app-vpc',
      customerAccountId: '111111111111',
      customerRegion: 'us-east-1',
      customerVpcId: 'vpc-0a1b2c3d4e5f60718',
      customerCidrs: ['10.10.0.0/16'],
      customerRouteTableIds: ['rtb-0a1b2c3d4e5f60718'],
      customerSecurityGroupIds: ['sg-0a1b2c3d4e5f60718'],
    },
  },
];

/** Text outside placeholders that the snippet engine must show as is: `\\` and `$` are escaped. */
export function escapeSnippetText(text: string): string {
  return text.replace(/[\\$]/g, (c) => `\\${c}`);
}

/** A placeholder's default ends at the first bare `}`, so `}` is escaped there too. */
function tabstop(n: number, example: string): string {
  return `\${${n}:${example.replace(/[\\$}]/g, (c) => `\\${c}`)}}`;
}

/** Context for the plan: API sides everywhere, so the snippet shows the CLI/API path. */
function allApi(spec: SnippetSpec): Plan {
  const sides = [
    'requester',
    'accepter',
    'local',
    'peer',
    'customer',
    'dragonfly',
    'aiven',
    'upcloud',
  ];
  const accounts = Object.fromEntries(
    sides.map((side) => [
      side,
      { id: `snippet:${side}`, cloud: 'aws' as const, ref: side, label: side },
    ]),
  );
  return buildPlan(spec.scenarioId, spec.inputs, { accounts });
}

/** Replaces exactly one line, failing loudly if the renderer's output changed shape. */
function replaceLine(lines: string[], from: string, to: string): void {
  const index = lines.indexOf(from);
  if (index < 0) throw new Error(`Snippet generator: no line "${from}" in the rendered script`);
  lines[index] = to;
}

export function bashSnippet(spec: SnippetSpec): VsCodeSnippet {
  const plan = allApi(spec);
  const lines = renderBash(plan).split('\n').map(escapeSnippetText);
  let n = 0;
  for (const v of plan.variables.filter((x) => !x.secret && !x.terraformOnly)) {
    const rendered = assignmentOf(v);
    if (!lines.includes(escapeSnippetText(rendered))) continue;
    // The quotes sit outside each placeholder, so whatever is typed over it (spaces
    // included) stays one word; the example inside is written as it reads in single quotes.
    const quotedTabstop = (value: string) => `'${tabstop(++n, singleQuotedText(value))}'`;
    const placeholder = Array.isArray(v.value)
      ? `(${v.value.map(quotedTabstop).join(' ')})`
      : quotedTabstop(v.value);
    replaceLine(lines, escapeSnippetText(rendered), `${v.name}=${placeholder}`);
  }
  return { prefix: spec.name, description: spec.description, body: lines };
}

/** The text between single quotes that bash reads back as `value` (`'` written as `'\''`). */
function singleQuotedText(value: string): string {
  return value.replace(/'/g, `'\\''`);
}

function assignmentOf(v: PlanVariable): string {
  return Array.isArray(v.value)
    ? `${v.name}=(${v.value.map(shellQuote).join(' ')})`
    : `${v.name}=${shellQuote(v.value)}`;
}

export function terraformSnippet(spec: SnippetSpec): VsCodeSnippet {
  const plan = allApi(spec);
  const lines = renderTerraform(plan).split('\n').map(escapeSnippetText);
  let n = 0;
  for (const v of plan.variables.filter((x) => !x.secret)) {
    const header = escapeSnippetText(`variable ${hclString(tfVariableName(v.name))} {`);
    const start = lines.indexOf(header);
    if (start < 0) continue;
    const rendered = Array.isArray(v.value)
      ? `[${v.value.map(hclString).join(', ')}]`
      : hclString(v.value);
    // `default` is padded to line its `=` up with `description` (terraform fmt).
    const lead = /^ {2}default +=/;
    const at = lines.findIndex(
      (l, i) => i > start && lead.test(l) && l.endsWith(`= ${escapeSnippetText(rendered)}`),
    );
    if (at < 0) throw new Error(`Snippet generator: no default for ${v.name}`);
    n++;
    const prefix = lead.exec(lines[at])?.[0] ?? '  default =';
    lines[at] = Array.isArray(v.value)
      ? `${prefix} [${tabstop(n, v.value.map(hclString).join(', '))}]`
      : `${prefix} "${tabstop(n, hclString(v.value).slice(1, -1))}"`;
  }
  return { prefix: spec.name, description: spec.description, body: lines };
}

/** The files under snippets/, keyed by file name, as the generator writes them. */
export function snippetFiles(): Record<string, string> {
  const bash: Record<string, VsCodeSnippet> = {};
  const terraform: Record<string, VsCodeSnippet> = {};
  for (const spec of SNIPPETS) {
    bash[spec.name] = bashSnippet(spec);
    terraform[spec.name] = terraformSnippet(spec);
  }
  return {
    'shellscript.json': `${JSON.stringify(bash, null, 2)}\n`,
    'terraform.json': `${JSON.stringify(terraform, null, 2)}\n`,
  };
}
