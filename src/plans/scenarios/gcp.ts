/**
 * GCP ↔ GCP in one project or across projects, and EMQX BYOC ↔ GCP
 * (https://docs.emqx.com/en/cloud/latest/deployments/byoc_vpc_peering.html): a GCP peering is two halves, one created from each network;
 * each reads INACTIVE until the other exists, then both read ACTIVE.
 */
import { cite, citeUrl, PROVIDER_DOCS } from '../../model/docs';
import { addSide, declareTerraformProvider, newDraft, variable, type PlanDraft } from '../draft';
import type { InputReader, Scenario } from '../scenario';
import {
  GCP_CUSTOM_ROUTES_DOC,
  gcpFirewallStep,
  gcpNetworkPath,
  gcpPeeringStep,
  gcpWaitActiveStep,
  type GcpNetworkVars,
} from '../steps/gcp';
import type { InputSpec, PlanContext, ScenarioId } from '../../model/plan';
import { issue, parseIngressPorts } from '../validation/fieldRules';
import {
  existingPeeringIssue,
  GCP_RESERVED,
  networkCidrs,
  overlapIssues,
  reservedIssues,
  selfOverlapIssues,
} from '../validation/networkRules';

export function gcpNetworkInputs(
  who: string,
  label: string,
  options: { project: boolean; networkHelp?: string },
): InputSpec[] {
  const specs: InputSpec[] = [];
  if (options.project)
    specs.push({
      name: `${who}Project`,
      label: `${label}: project id`,
      kind: 'gcpProject',
      required: true,
      side: who,
      help: 'The GCP project that owns the network.',
      example: 'my-project-123',
    });
  specs.push(
    {
      name: `${who}Network`,
      label: `${label}: VPC network`,
      kind: 'gcpNetwork',
      required: true,
      side: who,
      help: options.networkHelp ?? 'The VPC network name.',
      example: 'app-net',
    },
    {
      name: `${who}Cidrs`,
      label: `${label}: subnet ranges`,
      kind: 'cidr',
      list: true,
      required: true,
      side: who,
      help: 'Every subnet range of the network (secondary ranges too): peered networks may not overlap.',
      example: '10.100.0.0/20',
    },
  );
  return specs;
}

export interface GcpEnd extends GcpNetworkVars {
  side: string;
  label: string;
  cidrs: string[];
  prefix: string;
}

export function gcpEnd(
  i: InputReader,
  c: PlanContext,
  who: string,
  label: string,
  project: string,
): GcpEnd {
  const network = i.text(`${who}Network`);
  const prefix = who.toUpperCase();
  return {
    side: who,
    label,
    project,
    network,
    projectVar: `${prefix}_PROJECT`,
    networkVar: `${prefix}_NETWORK`,
    cidrs: networkCidrs(
      c,
      'gcp',
      project && network ? gcpNetworkPath(project, network) : undefined,
      i.list(`${who}Cidrs`),
    ),
    prefix,
  };
}

export function declareGcpEnd(draft: PlanDraft, end: GcpEnd): void {
  variable(draft, end.projectVar, end.project, `GCP project of ${end.label}`);
  variable(draft, end.networkVar, end.network, `VPC network of ${end.label}`);
  variable(draft, `${end.prefix}_CIDRS`, end.cidrs, `Subnet ranges of ${end.label}`);
  declareTerraformProvider(draft, { provider: 'google', body: [] });
}

export function gcpPairRules(a: GcpEnd, b: GcpEnd, c: PlanContext) {
  const setA = { field: `${a.side}Cidrs`, label: a.label, cidrs: a.cidrs };
  const setB = { field: `${b.side}Cidrs`, label: b.label, cidrs: b.cidrs };
  return [
    ...overlapIssues(setB, setA),
    ...selfOverlapIssues(setA),
    ...selfOverlapIssues(setB),
    ...reservedIssues(setA, GCP_RESERVED),
    ...reservedIssues(setB, GCP_RESERVED),
    a.project === b.project && a.network === b.network
      ? issue(`${b.side}Network`, b.network, 'a network cannot peer with itself')
      : undefined,
    existingPeeringIssue(
      c,
      `${b.side}Network`,
      { cloud: 'gcp', id: gcpNetworkPath(a.project, a.network) },
      { cloud: 'gcp', id: gcpNetworkPath(b.project, b.network) },
    ),
  ];
}

/** Both halves, the wait for ACTIVE, then optional firewall rules each way. */
export function addGcpPairSteps(
  draft: PlanDraft,
  a: GcpEnd,
  b: GcpEnd,
  o: {
    aName: string;
    bName: string;
    manualA: boolean;
    manualB: boolean;
    reasons: { a: string; b: string; wait: string; firewall?: string };
    ports?: ReturnType<typeof parseIngressPorts>;
    /** Custom routes exported by a and imported by b (aToB), and the other way (bToA). */
    customRoutes?: { aToB: boolean; bToA: boolean };
  },
): void {
  const routes = o.customRoutes ?? { aToB: false, bToA: false };
  declareGcpEnd(draft, a);
  declareGcpEnd(draft, b);
  const aNameVar = `${a.prefix}_PEERING_NAME`;
  const bNameVar = `${b.prefix}_PEERING_NAME`;
  gcpPeeringStep(draft, {
    id: `${a.side}-peering`,
    side: a.side,
    local: a,
    peer: b,
    nameVar: aNameVar,
    name: o.aName,
    title: `Peer ${a.network} with ${b.network} (the half on ${a.label})`,
    reason: o.reasons.a,
    manual: o.manualA,
    tfName: a.side,
    customRoutes: { export: routes.aToB, import: routes.bToA },
  });
  gcpPeeringStep(draft, {
    id: `${b.side}-peering`,
    side: b.side,
    local: b,
    peer: a,
    nameVar: bNameVar,
    name: o.bName,
    title: `Peer ${b.network} with ${a.network} (the half on ${b.label})`,
    reason: o.reasons.b,
    manual: o.manualB,
    tfName: b.side,
    customRoutes: { export: routes.bToA, import: routes.aToB },
  });
  gcpWaitActiveStep(draft, {
    id: 'wait-active',
    side: o.manualA ? b.side : a.side,
    local: o.manualA ? b : a,
    peer: o.manualA ? a : b,
    nameVar: o.manualA ? bNameVar : aNameVar,
    name: o.manualA ? o.bName : o.aName,
    reason: o.reasons.wait,
  });
  if (o.ports) {
    for (const [at, from, manual] of [
      [a, b, o.manualA],
      [b, a, o.manualB],
    ] as const) {
      gcpFirewallStep(draft, {
        id: `${at.side}-firewall`,
        side: at.side,
        network: at,
        nameVar: `${at.prefix}_FIREWALL_NAME`,
        name: `${at.network}-from-${from.network}`.slice(0, 63).replace(/-+$/, ''),
        sources: { variable: `${from.prefix}_CIDRS`, values: from.cidrs, label: from.label },
        ports: o.ports,
        title: `Allow traffic from ${from.label} into ${at.network}`,
        reason:
          o.reasons.firewall ??
          'GCP firewalls deny ingress by default; peered traffic needs an allow rule from the other side.',
        manual,
        tfName: `${at.side}_from_peer`,
      });
    }
  }
  draft.teardown.push(
    'Delete both halves: gcloud compute networks peerings delete <name> --network <network> --project <project>, on each network; then the firewall rules.',
  );
}

/**
 * The two optional custom-route inputs of a GCP pair (yes/no, default no): `exportCustomRoutes`
 * sends the routes of `mine` (static routes, VPN and Interconnect routes) to `theirs`, which
 * imports them; `importCustomRoutes` the other way. GCP exchanges subnet routes always, custom
 * routes only when one half exports and the other imports.
 */
export function customRouteInputs(side: string, mine: string, theirs: string): InputSpec[] {
  const why = `Only needed when destinations are reachable through a VPN tunnel, Interconnect or static route rather than a subnet; both halves are set to match. See ${GCP_CUSTOM_ROUTES_DOC}`;
  return [
    {
      name: 'exportCustomRoutes',
      label: `Export custom routes from ${mine} to ${theirs}`,
      kind: 'yesNo',
      required: false,
      side,
      help: `Yes: ${theirs} can reach what ${mine} routes through its VPN tunnels, Interconnect or static routes (${mine}'s half exports custom routes, ${theirs}'s half imports them). ${why}`,
      default: 'no',
    },
    {
      name: 'importCustomRoutes',
      label: `Import custom routes from ${theirs} into ${mine}`,
      kind: 'yesNo',
      required: false,
      side,
      help: `Yes: ${mine} can reach what ${theirs} routes through its VPN tunnels, Interconnect or static routes (${theirs}'s half exports custom routes, ${mine}'s half imports them). ${why}`,
      default: 'no',
    },
  ];
}

/** The custom-route inputs read as directions from `mine` (exports) and to it (imports). */
function customRoutesOf(i: InputReader): { mineToTheirs: boolean; theirsToMine: boolean } {
  return {
    mineToTheirs: i.text('exportCustomRoutes') === 'yes',
    theirsToMine: i.text('importCustomRoutes') === 'yes',
  };
}

const PAIR_EXTRA: InputSpec[] = [
  {
    name: 'localPeeringName',
    label: 'Peering name on your network',
    kind: 'gcpResourceName',
    required: true,
    side: 'local',
    help: 'Unique among the peerings of the network.',
    default: 'to-peer',
  },
  {
    name: 'peerPeeringName',
    label: 'Peering name on the other network',
    kind: 'gcpResourceName',
    required: true,
    side: 'peer',
    help: 'Unique among the peerings of that network.',
    default: 'to-local',
  },
  {
    name: 'ingressPorts',
    label: 'Traffic to allow each way',
    kind: 'ingressPorts',
    required: true,
    side: 'local',
    help: '"all", "tcp:all", or e.g. "tcp:5432"; a firewall rule on each network allows it from the other.',
    default: 'all',
  },
];

function pairScenario(id: ScenarioId, crossProject: boolean): Scenario {
  const inputs: InputSpec[] = [
    ...gcpNetworkInputs('local', 'Your network', { project: true }),
    ...gcpNetworkInputs('peer', 'Other network', { project: crossProject }),
    ...PAIR_EXTRA,
    ...customRouteInputs('local', 'your network', 'the other network'),
  ];
  const ends = (i: InputReader, c: PlanContext) => {
    const local = gcpEnd(i, c, 'local', 'your network', i.text('localProject'));
    const peer = gcpEnd(
      i,
      c,
      'peer',
      'the other network',
      crossProject ? i.text('peerProject') : local.project,
    );
    return { local, peer };
  };
  const title = crossProject ? 'GCP ↔ GCP, across projects' : 'GCP ↔ GCP, same project';
  const description = crossProject
    ? 'Peer VPC networks in two GCP projects: each project creates its half of the peering.'
    : 'Peer two VPC networks of one GCP project: one half from each network.';
  const scenario: Scenario = {
    id,
    title,
    description,
    constraints: [
      'A peering is active only once both networks have their half; each half reads INACTIVE until then.',
      'Subnet ranges of the two networks must not overlap, secondary ranges included.',
      ...(crossProject
        ? ['Without an account for the other project, its owner creates that half by hand.']
        : []),
    ],
    clouds: ['gcp'],
    inputs,
    source: citeUrl(PROVIDER_DOCS.gcpPeering),
    rules(i, c) {
      const { local, peer } = ends(i, c);
      const errors = [
        ...gcpPairRules(local, peer, c),
        crossProject && local.project === peer.project
          ? issue(
              'peerProject',
              peer.project,
              'across projects, the other project must differ from yours; use "GCP ↔ GCP, same project"',
            )
          : undefined,
      ];
      return { errors, warnings: [] };
    },
    build(i, c) {
      const { local, peer } = ends(i, c);
      const draft = newDraft({
        scenarioId: id,
        title: `${title}: ${local.network} ↔ ${peer.network}`,
        summary: description,
        source: scenario.source,
      });
      const peerAccount = crossProject ? c.accounts?.peer : (c.accounts?.peer ?? c.accounts?.local);
      addSide(draft, {
        id: 'local',
        label: `Project ${local.project}`,
        cloud: 'gcp',
        accountId: c.accounts?.local?.id,
        manual: !c.accounts?.local,
      });
      addSide(draft, {
        id: 'peer',
        label: `Project ${peer.project} (${peer.network})`,
        cloud: 'gcp',
        accountId: peerAccount?.id,
        manual: !peerAccount,
      });
      addGcpPairSteps(draft, local, peer, {
        aName: i.text('localPeeringName'),
        bName: i.text('peerPeeringName'),
        manualA: !c.accounts?.local,
        manualB: !peerAccount,
        ports: parseIngressPorts(i.text('ingressPorts')),
        customRoutes: {
          aToB: customRoutesOf(i).mineToTheirs,
          bToA: customRoutesOf(i).theirsToMine,
        },
        reasons: {
          a: 'GCP VPC Network Peering: each network creates its half, naming the other network and its project.',
          b: 'The peering stays INACTIVE until the other network creates the matching half.',
          wait: 'Both halves exist: GCE turns the pair ACTIVE and exchanges subnet routes.',
        },
      });
      return draft;
    },
  };
  return scenario;
}

// ---- EMQX BYOC on GCP (https://docs.emqx.com/en/cloud/latest/deployments/byoc_vpc_peering.html) ----

const BYOC_DOC = PROVIDER_DOCS.emqxByoc;
const BYOC_SOURCE = citeUrl(BYOC_DOC, 'VPC Peering Connection in GCP');

/**
 * All TCP each way, as the EMQX BYOC docs ask of the security groups
 * (https://docs.emqx.com/en/cloud/latest/deployments/byoc_vpc_peering.html, "Select All TCP and
 * add the accepter VPC CIDRs", and the requester's the other way): EMQX serves MQTT to the service
 * network and its data integrations reach services there, on ports the page does not limit.
 */
const BYOC_PORTS = { protocol: 'tcp', fromPort: 0, toPort: 65535 };

const byocGcp: Scenario = {
  id: 'emqx-byoc-gcp',
  title: 'EMQX BYOC ↔ GCP',
  description:
    'Peer the VPC network of an EMQX BYOC deployment with the network of your other services: a peering from each side, then both read ACTIVE, and each network allows All TCP from the other.',
  constraints: [
    'Create the peering from both sides: the BYOC network (emqxbyoc-xxxx-network) and the service network.',
    'The BYOC deployment CIDR must not overlap the CIDR of the network housing your other services: plan it before creating the deployment.',
    'Cross-region traffic between peered networks may incur charges.',
  ],
  clouds: ['gcp'],
  inputs: [
    ...gcpNetworkInputs('byoc', 'BYOC network', {
      project: true,
      networkHelp: 'The VPC of the BYOC deployment, named like emqxbyoc-xxxx-network.',
    }),
    ...gcpNetworkInputs('service', 'Service network', {
      project: true,
      networkHelp: 'The VPC network of the service that exchanges data with EMQX.',
    }),
    {
      name: 'byocPeeringName',
      label: 'Peering name on the BYOC network',
      kind: 'gcpResourceName',
      required: true,
      side: 'byoc',
      help: `${cite(BYOC_DOC, 'VPC Peering Connection in GCP, step 3')}: a name for the peering configuration.`,
      default: 'emqx-byoc-to-service',
    },
    {
      name: 'servicePeeringName',
      label: 'Peering name on the service network',
      kind: 'gcpResourceName',
      required: true,
      side: 'service',
      help: `${cite(BYOC_DOC, 'VPC Peering Connection in GCP, step 4')}: a name for the peering configuration.`,
      default: 'service-to-emqx-byoc',
    },
    ...customRouteInputs('service', 'the service network', 'the BYOC network'),
  ],
  source: BYOC_SOURCE,
  rules(i, c) {
    const byoc = gcpEnd(i, c, 'byoc', 'the BYOC network', i.text('byocProject'));
    const service = gcpEnd(i, c, 'service', 'the service network', i.text('serviceProject'));
    return { errors: gcpPairRules(byoc, service, c), warnings: [] };
  },
  build(i, c) {
    const byoc = gcpEnd(i, c, 'byoc', 'the BYOC network', i.text('byocProject'));
    const service = gcpEnd(i, c, 'service', 'the service network', i.text('serviceProject'));
    const draft = newDraft({
      scenarioId: 'emqx-byoc-gcp',
      title: `EMQX BYOC ${byoc.network} ↔ ${service.network}`,
      summary: byocGcp.description,
      source: BYOC_SOURCE,
    });
    const serviceAccount =
      c.accounts?.service ?? (service.project === byoc.project ? c.accounts?.byoc : undefined);
    addSide(draft, {
      id: 'byoc',
      label: `BYOC network (${byoc.project})`,
      cloud: 'gcp',
      accountId: c.accounts?.byoc?.id,
      manual: !c.accounts?.byoc,
    });
    addSide(draft, {
      id: 'service',
      label: `Service network (${service.project})`,
      cloud: 'gcp',
      accountId: serviceAccount?.id,
      manual: !serviceAccount,
    });
    addGcpPairSteps(draft, byoc, service, {
      aName: i.text('byocPeeringName'),
      bName: i.text('servicePeeringName'),
      manualA: !c.accounts?.byoc,
      manualB: !serviceAccount,
      ports: BYOC_PORTS,
      customRoutes: {
        aToB: customRoutesOf(i).theirsToMine,
        bToA: customRoutesOf(i).mineToTheirs,
      },
      reasons: {
        a: `${cite(BYOC_DOC, 'VPC Peering Connection in GCP, step 3')}: configure the peering for the BYOC VPC (emqxbyoc-xxxx-network) to the service network; it reads inactive until the other side exists.`,
        b: `${cite(BYOC_DOC, 'VPC Peering Connection in GCP, step 4')}: configure the peering from the target service VPC to the BYOC network to complete the connection.`,
        wait: `${cite(BYOC_DOC, 'VPC Peering Connection in GCP, step 4')}: after creating the peering from both sides, wait for the VPC network peering to be active.`,
        firewall: `GCP firewalls deny ingress by default: allow All TCP from the other network's subnet ranges, as EMQX's BYOC peering guide does for each side (${citeUrl(BYOC_DOC, 'VPC Peering Connection in AWS, Configure Security Group')}).`,
      },
    });
    draft.followUps.push(
      `Cross-region traffic over the peering may incur charges (${cite(BYOC_DOC, 'Precautions, 1')}).`,
    );
    return draft;
  },
};

export const GCP_SCENARIOS: Scenario[] = [
  pairScenario('gcp-same-project', false),
  pairScenario('gcp-cross-project', true),
  byocGcp,
];
