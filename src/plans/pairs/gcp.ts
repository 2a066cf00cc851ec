/**
 * What every GCP pair shares (GCP ↔ GCP, EMQX BYOC ↔ GCP, Dragonfly Cloud ↔ GCP): a GCP
 * peering is two halves, one created from each network; each reads INACTIVE until the other
 * exists, then both read ACTIVE (https://cloud.google.com/vpc/docs/using-vpc-peering).
 */
import { citeUrl, PROVIDER_DOCS } from '../../model/docs';
import { addSide, declareTerraformProvider, newDraft, variable, type PlanDraft } from '../draft';
import { defineScenario, inputSpecs, type InputReader } from '../scenario';
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

/** The names of the inputs of one GCP network end whose side id is `W`. */
export type GcpEndInput<W extends string> = `${W}Project` | `${W}Network` | `${W}Cidrs`;

export function gcpNetworkInputs<W extends string>(
  who: W,
  label: string,
  options: { project: boolean; networkHelp?: string },
): InputSpec<GcpEndInput<W>>[] {
  const specs: InputSpec<GcpEndInput<W>>[] = [];
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
export function customRouteInputs(side: string, mine: string, theirs: string) {
  const why = `Only needed when destinations are reachable through a VPN tunnel, Interconnect or static route rather than a subnet; both halves are set to match. See ${GCP_CUSTOM_ROUTES_DOC}`;
  return inputSpecs(
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
  );
}

/** The custom-route inputs read as directions from `mine` (exports) and to it (imports). */
export function customRoutesOf(i: InputReader): { mineToTheirs: boolean; theirsToMine: boolean } {
  return {
    mineToTheirs: i.text('exportCustomRoutes') === 'yes',
    theirsToMine: i.text('importCustomRoutes') === 'yes',
  };
}

const PAIR_EXTRA = inputSpecs(
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
);

/** GCP ↔ GCP in one project or across projects: your network and the other one. */
export function gcpPairScenario(id: ScenarioId, crossProject: boolean) {
  const inputs = [
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
  const source = citeUrl(PROVIDER_DOCS.gcpPeering);
  return defineScenario({
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
    sides: [
      { id: 'local', cloud: 'gcp', role: 'yours' },
      { id: 'peer', cloud: 'gcp', role: 'peer' },
    ],
    inputs,
    source,
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
        source,
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
  });
}
