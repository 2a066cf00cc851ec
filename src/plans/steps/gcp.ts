/**
 * GCP steps: one network's half of a peering (GCE peers only when both
 * halves exist), the wait for ACTIVE, and an ingress firewall rule. Each
 * carries its GcpActions call, the read that finds it, and its gcloud and
 * hashicorp/google forms.
 */
import { failedOrGone } from '../../model/states';
import { addStep, variable, waitOnly, type PlanDraft } from '../draft';
import type { ShellLine, ShellWord, TfBodyItem, TfExpr } from '../../model/plan';
import type { IngressPorts } from '../validation/fieldRules';

/** A GCP network as script variables: its project and name. */
export interface GcpNetworkVars {
  projectVar: string;
  networkVar: string;
  project: string;
  network: string;
}

export function gcpNetworkPath(project: string, network: string): string {
  return `projects/${project}/global/networks/${network}`;
}

function tfNetwork(n: GcpNetworkVars): TfExpr {
  return {
    call: 'format',
    args: ['projects/%s/global/networks/%s', { var: n.projectVar }, { var: n.networkVar }],
  };
}

function peeringStateLookup(
  n: GcpNetworkVars,
  nameVar: string,
  field: 'name' | 'state',
): ShellLine {
  return {
    capture: field === 'name' ? 'EXISTING_PEERING' : 'PEERING_STATE',
    command: [
      'gcloud',
      'compute',
      'networks',
      'describe',
      { var: n.networkVar },
      '--project',
      { var: n.projectVar },
      '--format',
      'json',
    ],
    pipeTo: [
      'jq',
      '-r',
      '--arg',
      'name',
      { var: nameVar },
      `[.peerings[]? | select(.name == $name) | .${field}][0] // empty`,
    ],
  };
}

/** The arguments that name a VPC network (and its project) to gcloud. */
function networkArgs(n: GcpNetworkVars): ShellWord[] {
  return ['--project', { var: n.projectVar }, '--network', { var: n.networkVar }];
}

export interface GcpPeeringOptions {
  id: string;
  side: string;
  /** The network this half belongs to, and its peer. */
  local: GcpNetworkVars;
  peer: GcpNetworkVars;
  nameVar: string;
  name: string;
  title: string;
  reason: string;
  /** No account for this side: the user creates this half in its console. */
  manual: boolean;
  tfName: string;
  /** Custom routes (static, dynamic) this half exports to the peer and imports from it; default off. */
  customRoutes?: GcpCustomRoutes;
}

/** Whether one half of a peering exports its custom routes, and imports the peer's. */
export interface GcpCustomRoutes {
  export: boolean;
  import: boolean;
}

/** Google's explanation of custom route import and export over VPC Network Peering. */
export const GCP_CUSTOM_ROUTES_DOC =
  'https://cloud.google.com/vpc/docs/vpc-peering#importing-exporting-routes';

/** The sentence a half's reason gains when it exchanges custom routes. */
function customRoutesReason(r: GcpCustomRoutes | undefined): string {
  const what = [r?.export ? 'exports' : '', r?.import ? 'imports' : ''].filter(Boolean);
  if (what.length === 0) return '';
  return ` This half ${what.join(' and ')} custom routes (static routes, and dynamic routes learned over VPN or Interconnect): ${GCP_CUSTOM_ROUTES_DOC}.`;
}

export function gcpPeeringStep(draft: PlanDraft, o: GcpPeeringOptions): void {
  variable(draft, o.nameVar, o.name, `Name of the peering on network ${o.local.network}`);
  const create: ShellWord[] = [
    'gcloud',
    'compute',
    'networks',
    'peerings',
    'create',
    { var: o.nameVar },
    ...networkArgs(o.local),
    '--peer-project',
    { var: o.peer.projectVar },
    '--peer-network',
    { var: o.peer.networkVar },
    ...(o.customRoutes?.export ? ['--export-custom-routes'] : []),
    ...(o.customRoutes?.import ? ['--import-custom-routes'] : []),
  ];
  const exchange = {
    ...(o.customRoutes?.export ? { exportCustomRoutes: true } : {}),
    ...(o.customRoutes?.import ? { importCustomRoutes: true } : {}),
  };
  addStep(draft, {
    id: o.id,
    side: o.side,
    title: o.title,
    reason: o.reason + customRoutesReason(o.customRoutes),
    ...(o.manual
      ? {
          kind: 'manual' as const,
          instructions: [
            `In the Google Cloud console of project ${o.local.project}, open VPC network → VPC network peering → Create connection.`,
            `Your VPC network: ${o.local.network}. Peered VPC network: ${o.local.project === o.peer.project ? `In project ${o.peer.project}` : 'In another project'}, with the values below. Click Create.`,
          ],
          values: [
            { label: 'Name', value: o.name, destination: 'VPC network peering → Name' },
            {
              label: 'Project ID',
              value: o.peer.project,
              destination: 'VPC network peering → Project ID',
            },
            {
              label: 'VPC network name',
              value: o.peer.network,
              destination: 'VPC network peering → VPC network name',
            },
            ...(o.customRoutes?.export
              ? [
                  {
                    label: 'Export custom routes',
                    value: 'Yes',
                    destination:
                      'VPC network peering → Exchange custom routes → Export custom routes',
                  },
                ]
              : []),
            ...(o.customRoutes?.import
              ? [
                  {
                    label: 'Import custom routes',
                    value: 'Yes',
                    destination:
                      'VPC network peering → Exchange custom routes → Import custom routes',
                  },
                ]
              : []),
          ],
        }
      : {
          kind: 'api' as const,
          action: {
            cloud: 'gcp' as const,
            method: 'addPeering',
            args: [
              {
                network: o.local.network,
                peerProject: o.peer.project,
                peerNetwork: o.peer.network,
                name: o.name,
                ...exchange,
              },
            ],
          },
        }),
    check: {
      kind: 'gcpPeering',
      network: gcpNetworkPath(o.local.project, o.local.network),
      name: o.name,
      peerNetworkPath: gcpNetworkPath(o.peer.project, o.peer.network),
    },
    rollback: `gcloud compute networks peerings delete ${o.name} --network ${o.local.network} --project ${o.local.project}`,
    scripts: {
      bash: [
        peeringStateLookup(o.local, o.nameVar, 'name'),
        { ifVar: 'EXISTING_PEERING', equals: null, then: [{ command: create }] },
      ],
      terraform: [
        {
          kind: 'resource',
          type: 'google_compute_network_peering',
          name: o.tfName,
          body: [
            { attr: 'name', value: { var: o.nameVar } },
            { attr: 'network', value: tfNetwork(o.local) },
            { attr: 'peer_network', value: tfNetwork(o.peer) },
            ...(o.customRoutes?.export ? [{ attr: 'export_custom_routes', value: true }] : []),
            ...(o.customRoutes?.import ? [{ attr: 'import_custom_routes', value: true }] : []),
          ],
        },
      ],
    },
  });
}

export function gcpWaitActiveStep(
  draft: PlanDraft,
  o: {
    id: string;
    side: string;
    local: GcpNetworkVars;
    peer: GcpNetworkVars;
    nameVar: string;
    name: string;
    reason: string;
  },
): void {
  addStep(draft, {
    id: o.id,
    side: o.side,
    title: `Wait until the peering on ${o.local.network} reads ACTIVE`,
    reason: o.reason,
    kind: 'wait',
    check: {
      kind: 'gcpPeering',
      network: gcpNetworkPath(o.local.project, o.local.network),
      name: o.name,
      peerNetworkPath: gcpNetworkPath(o.peer.project, o.peer.network),
      states: ['ACTIVE'],
    },
    ...waitOnly(),
    scripts: {
      bash: [
        {
          command: [
            'wait_for_state',
            'ACTIVE',
            failedOrGone('gcp').join('|'),
            'gcp_peering_state',
            { var: o.local.projectVar },
            { var: o.local.networkVar },
            { var: o.nameVar },
          ],
        },
      ],
      terraform: [],
    },
  });
}

/** gcloud's --rules form of the ingress input: all, tcp, tcp:6379, tcp:1000-2000. */
export function gcloudRules(ports: IngressPorts): string {
  if (ports.protocol === '-1') return 'all';
  if (ports.fromPort === 0 && ports.toPort === 65535) return ports.protocol;
  return ports.fromPort === ports.toPort
    ? `${ports.protocol}:${ports.fromPort}`
    : `${ports.protocol}:${ports.fromPort}-${ports.toPort}`;
}

export interface GcpFirewallOptions {
  id: string;
  side: string;
  network: GcpNetworkVars;
  nameVar: string;
  name: string;
  sources: { variable: string; values: string[]; label: string };
  ports: IngressPorts;
  title: string;
  reason: string;
  manual: boolean;
  tfName: string;
}

export function gcpFirewallStep(draft: PlanDraft, o: GcpFirewallOptions): void {
  variable(draft, o.nameVar, o.name, `Name of the firewall rule on ${o.network.network}`);
  const rules = gcloudRules(o.ports);
  variable(
    draft,
    'FIREWALL_RULES',
    rules,
    'Protocols and ports the firewall rules allow (gcloud --rules form)',
  );
  const ranges: ShellWord = {
    concat: o.sources.values.flatMap((_, i) =>
      i === 0
        ? [{ var: o.sources.variable, index: i }]
        : [',', { var: o.sources.variable, index: i }],
    ),
  };
  const allow: TfBodyItem[] = [
    { attr: 'protocol', value: o.ports.protocol === '-1' ? 'all' : o.ports.protocol },
  ];
  if (o.ports.protocol !== '-1' && !(o.ports.fromPort === 0 && o.ports.toPort === 65535))
    allow.push({ attr: 'ports', value: [rules.split(':')[1]] });
  addStep(draft, {
    id: o.id,
    side: o.side,
    title: o.title,
    reason: o.reason,
    ...(o.manual
      ? {
          kind: 'manual' as const,
          instructions: [
            `In the Google Cloud console of project ${o.network.project}, open VPC network → Firewall → Create firewall rule on network ${o.network.network}.`,
            'Direction: Ingress, Action: Allow, Targets: the instances that serve the other side; source ranges and protocols below.',
          ],
          values: [
            { label: 'Name', value: o.name, destination: 'Firewall rule → Name' },
            {
              label: 'Source IPv4 ranges',
              value: o.sources.values.join(', '),
              destination: 'Firewall rule → Source IPv4 ranges',
            },
            {
              label: 'Protocols and ports',
              value: rules,
              destination: 'Firewall rule → Protocols and ports',
            },
          ],
        }
      : {
          kind: 'api' as const,
          action: {
            cloud: 'gcp' as const,
            method: 'insertFirewall',
            args: [
              {
                network: o.network.network,
                name: o.name,
                sourceRanges: o.sources.values,
                allowed: [
                  o.ports.protocol === '-1'
                    ? { IPProtocol: 'all' }
                    : rules.includes(':')
                      ? { IPProtocol: o.ports.protocol, ports: [rules.split(':')[1]] }
                      : { IPProtocol: o.ports.protocol },
                ],
                description: `Traffic from ${o.sources.label}`,
              },
            ],
          },
          check: { kind: 'gcpFirewall' as const, network: o.network.network, name: o.name },
        }),
    rollback: `gcloud compute firewall-rules delete ${o.name} --project ${o.network.project}`,
    scripts: {
      bash: [
        {
          capture: 'EXISTING_RULE',
          command: [
            'gcloud',
            'compute',
            'firewall-rules',
            'list',
            '--project',
            { var: o.network.projectVar },
            '--format',
            'json',
          ],
          pipeTo: [
            'jq',
            '-r',
            '--arg',
            'name',
            { var: o.nameVar },
            '[.[] | select(.name == $name) | .name][0] // empty',
          ],
        },
        {
          ifVar: 'EXISTING_RULE',
          equals: null,
          then: [
            {
              command: [
                'gcloud',
                'compute',
                'firewall-rules',
                'create',
                { var: o.nameVar },
                ...networkArgs(o.network),
                '--direction',
                'INGRESS',
                '--action',
                'ALLOW',
                '--rules',
                { var: 'FIREWALL_RULES' },
                '--source-ranges',
                ranges,
              ],
            },
          ],
        },
      ],
      terraform: [
        {
          kind: 'resource',
          type: 'google_compute_firewall',
          name: o.tfName,
          body: [
            { attr: 'name', value: { var: o.nameVar } },
            { attr: 'project', value: { var: o.network.projectVar } },
            { attr: 'network', value: tfNetwork(o.network) },
            { attr: 'direction', value: 'INGRESS' },
            { attr: 'source_ranges', value: { var: o.sources.variable } },
            { block: 'allow', body: allow },
          ],
        },
      ],
    },
  });
}
