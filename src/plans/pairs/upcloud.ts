/**
 * UpCloud ↔ UpCloud, and Aiven ↔ UpCloud in both directions
 * (https://aiven.io/docs/platform/howto/vpc-peering-upcloud). A
 * peering needs a side from each network; only `private` networks in the same
 * zone, with CIDRs that do not overlap, can peer. VMs created before the
 * peering need their DHCP lease renewed to learn the new routes.
 */
import { cite, citeUrl, PROVIDER_DOCS } from '../../model/docs';
import { addSide, newDraft, variable, type PlanDraft } from '../draft';
import { inputSpec, inputSpecs, type InputReader } from '../scenario';
import {
  aivenConnectionStep,
  declareAiven,
  upcloudNetworkCheckStep,
  upcloudPeeringStep,
  upcloudWaitActiveStep,
  type AivenVpcVars,
} from '../steps/upcloud';
import type { InputSpec, OutputRef, PlanContext, ValidationIssue } from '../../model/plan';
import { issue } from '../validation/fieldRules';
import {
  existingPeeringIssue,
  networkCidrs,
  overlapIssues,
  privateIssues,
  selfOverlapIssues,
} from '../validation/networkRules';

export const DOC = PROVIDER_DOCS.aivenUpcloud;
export const SOURCE = citeUrl(DOC);

export const TRUST_NOTE = `Peer only with accounts and networks you trust: nothing limits the traffic between peered networks, and the server firewall has no effect on private networks (${cite(DOC, 'Limitations')}).`;

/** The limits of Aiven ↔ UpCloud, shown up front in both directions. */
export const AIVEN_UPCLOUD_CONSTRAINTS = [
  'You need a VPC for your Aiven project, on UpCloud in the same zone as your network.',
  'Only private networks can peer, and CIDR ranges must not overlap; your UpCloud network needs a router attached.',
  'VMs created before the peering need their DHCP lease renewed (dhclient -r IFACE, then dhclient IFACE).',
  TRUST_NOTE,
];

/** The names of the inputs of one UpCloud network end whose side id is `W`. */
export type UpcloudEndInput<W extends string> = `${W}NetworkUuid` | `${W}Cidrs`;

export function upcloudNetworkInputs<W extends string>(
  who: W,
  label: string,
): InputSpec<UpcloudEndInput<W>>[] {
  return [
    {
      name: `${who}NetworkUuid`,
      label: `${label}: SDN network UUID`,
      kind: 'uuid',
      required: true,
      side: who,
      help: 'A private SDN network (GET /1.3/network/{uuid} shows it); it needs a router attached.',
      example: '03126dc1-a69f-4bc2-8b24-e31c22d64712',
    },
    {
      name: `${who}Cidrs`,
      label: `${label}: CIDR blocks`,
      kind: 'cidr',
      list: true,
      required: true,
      side: who,
      help: 'Every IP network of the SDN network (IPv4 and IPv6).',
      example: '192.168.0.0/24',
    },
  ];
}

export const INTERFACE_INPUT = inputSpec({
  name: 'vmInterface',
  label: 'Interface of your VMs on the peered network',
  kind: 'interfaceName',
  required: true,
  side: 'upcloud',
  help: 'For the DHCP renewal on VMs created before the peering (dhclient -r IFACE, then dhclient IFACE).',
  default: 'eth1',
});

/**
 * The limitations of https://aiven.io/docs/platform/howto/vpc-peering-upcloud:
 * private type, same zone, no overlap, and not twice; and a router on each
 * network, which UpCloud's network peering requires
 * (https://developers.upcloud.com/1.3/13-networks/#create-network-peering:
 * 409 LOCAL_NETWORK_NO_ROUTER; a peer without one stays missing-peer-router).
 * Type and router are known for the networks discovery lists; the plan's
 * network-check steps read them again before anything changes.
 */
export function upcloudRules(
  c: PlanContext,
  a: { field: string; uuid: string; label: string; cidrs: string[] },
  b: { field: string; uuid: string; label: string; cidrs: string[]; zone?: string },
): (ValidationIssue | undefined)[] {
  const out: (ValidationIssue | undefined)[] = [];
  for (const n of [a, b]) {
    const type = c.networkTypes?.[n.uuid];
    if (type && type !== 'private')
      out.push(
        issue(
          `${n.field}NetworkUuid`,
          n.uuid,
          `it is a ${type} network; peering connections are only supported between networks of type private. Fix: pick an SDN private network (GET /1.3/network lists them with "type": "private")`,
        ),
      );
    else if (c.networkRouters?.[n.uuid] === null)
      out.push(
        issue(
          `${n.field}NetworkUuid`,
          n.uuid,
          'it has no router attached; UpCloud network peering needs a router on each network. Fix: attach a router: create one with POST /1.3/router or reuse one from GET /1.3/router, then PUT /1.3/network/{uuid} with {"network": {"router": "<router UUID>"}}, or attach it in the UpCloud Control Panel',
        ),
      );
  }
  const zoneA = c.networkZones?.[a.uuid];
  const zoneB = b.zone ?? c.networkZones?.[b.uuid];
  if (zoneA && zoneB && zoneA !== zoneB)
    out.push(
      issue(
        `${b.field}NetworkUuid`,
        b.uuid,
        `it is in ${zoneB} and ${a.label} is in ${zoneA}; the networks to be peered need to be in the same zone`,
      ),
    );
  if (a.uuid && a.uuid === b.uuid)
    out.push(issue(`${b.field}NetworkUuid`, b.uuid, 'a network cannot peer with itself'));
  out.push(
    ...overlapIssues(
      { field: `${b.field}Cidrs`, label: b.label, cidrs: b.cidrs },
      { field: `${a.field}Cidrs`, label: a.label, cidrs: a.cidrs },
    ),
    ...selfOverlapIssues({ field: `${a.field}Cidrs`, label: a.label, cidrs: a.cidrs }),
    existingPeeringIssue(
      c,
      `${b.field}NetworkUuid`,
      { cloud: 'upcloud', id: a.uuid },
      { cloud: 'upcloud', id: b.uuid },
    ),
  );
  return out;
}

// ---- Aiven ↔ UpCloud ----

export const AIVEN_INPUTS = inputSpecs(
  {
    name: 'aivenProject',
    label: 'Aiven project',
    kind: 'aivenProject',
    required: true,
    side: 'aiven',
    help: 'The project that owns the VPC.',
  },
  {
    name: 'aivenVpcId',
    label: 'Aiven project VPC id',
    kind: 'uuid',
    required: true,
    side: 'aiven',
    help: 'Aiven Console → VPCs: the VPC to peer (create one for the project first).',
  },
  {
    name: 'aivenCloud',
    label: 'Aiven VPC cloud',
    kind: 'aivenCloud',
    required: true,
    side: 'aiven',
    help: "The VPC's cloud, e.g. upcloud-de-fra1: it must be the UpCloud network's zone.",
    example: 'upcloud-de-fra1',
  },
  {
    name: 'aivenCidr',
    label: 'Aiven VPC CIDR',
    kind: 'cidr',
    required: true,
    side: 'aiven',
    help: 'The network CIDR of the Aiven VPC.',
  },
);

interface AivenUpcloudEnds {
  aiven: AivenVpcVars & { cloud: string; cidr: string };
  upcloud: { uuid: string; cidrs: string[] };
}

export function aivenUpcloudEnds(i: InputReader, c: PlanContext): AivenUpcloudEnds {
  const vpcId = i.text('aivenVpcId');
  const known = c.networks?.find((n) => n.cloud === 'aiven' && n.id === vpcId);
  return {
    aiven: {
      projectVar: 'AIVEN_PROJECT',
      vpcVar: 'AIVEN_VPC_ID',
      project: i.text('aivenProject'),
      vpcId,
      cloud: i.text('aivenCloud') || known?.region || '',
      cidr: i.text('aivenCidr') || known?.cidrs[0] || '',
    },
    upcloud: {
      uuid: i.text('upcloudNetworkUuid'),
      cidrs: networkCidrs(c, 'upcloud', i.text('upcloudNetworkUuid'), i.list('upcloudCidrs')),
    },
  };
}

export function aivenUpcloudRules(i: InputReader, c: PlanContext) {
  const { aiven, upcloud } = aivenUpcloudEnds(i, c);
  const zone = aiven.cloud.startsWith('upcloud-')
    ? aiven.cloud.slice('upcloud-'.length)
    : undefined;
  const errors: (ValidationIssue | undefined)[] = [
    aiven.cloud && !zone
      ? issue(
          'aivenCloud',
          aiven.cloud,
          'an Aiven VPC peers with UpCloud only when it runs on UpCloud (upcloud-<zone>)',
        )
      : undefined,
    ...upcloudRules(
      c,
      { field: 'upcloud', uuid: upcloud.uuid, label: 'the UpCloud network', cidrs: upcloud.cidrs },
      {
        field: 'aiven',
        uuid: i.text('aivenNetworkId') || `aiven:${aiven.vpcId}`,
        label: 'the Aiven VPC',
        cidrs: [aiven.cidr],
        zone,
      },
    ).map((e) => (e && e.field === 'aivenCidrs[0]' ? { ...e, field: 'aivenCidr' } : e)),
    ...privateIssues(
      { field: 'aivenCidr', label: 'the Aiven VPC', cidrs: [aiven.cidr] },
      'An Aiven VPC',
    ).map((e) => ({ ...e, field: 'aivenCidr' })),
    existingPeeringIssue(
      c,
      'upcloudNetworkUuid',
      { cloud: 'aiven', id: aiven.vpcId },
      { cloud: 'upcloud', id: upcloud.uuid },
    ),
  ];
  // Rules about the Aiven end read "aivenNetworkUuid": the zone rule belongs on the Aiven VPC's
  // cloud, the others (type, router) on the Aiven network ID.
  return errors.map((e) =>
    e && e.field === 'aivenNetworkUuid'
      ? /same zone/.test(e.rule)
        ? { ...e, field: 'aivenCloud', value: aiven.cloud }
        : { ...e, field: 'aivenNetworkId' }
      : e,
  );
}

export function aivenUpcloudDraft(
  i: InputReader,
  c: PlanContext,
  id: 'aiven-to-upcloud' | 'upcloud-to-aiven',
  summary: string,
): { draft: PlanDraft; ends: AivenUpcloudEnds } {
  const ends = aivenUpcloudEnds(i, c);
  const draft = newDraft({
    scenarioId: id,
    title:
      id === 'aiven-to-upcloud'
        ? `Aiven VPC ${ends.aiven.vpcId} → UpCloud ${ends.upcloud.uuid}`
        : `UpCloud ${ends.upcloud.uuid} → Aiven VPC ${ends.aiven.vpcId}`,
    summary,
    source: SOURCE,
  });
  addSide(draft, {
    id: 'aiven',
    label: `Aiven project ${ends.aiven.project}`,
    cloud: 'aiven',
    accountId: c.accounts?.aiven?.id,
    manual: !c.accounts?.aiven,
  });
  addSide(draft, {
    id: 'upcloud',
    label: 'Your UpCloud account',
    cloud: 'upcloud',
    accountId: c.accounts?.upcloud?.id,
    manual: !c.accounts?.upcloud,
  });
  declareAiven(draft, ends.aiven);
  variable(draft, 'UPCLOUD_NETWORK_UUID', ends.upcloud.uuid, 'Your UpCloud SDN network UUID');
  // Aiven runs its own network and its router; yours is read before either side changes anything.
  upcloudNetworkCheckStep(draft, {
    id: 'check-upcloud-network',
    side: 'upcloud',
    networkVar: 'UPCLOUD_NETWORK_UUID',
    network: ends.upcloud.uuid,
    role: 'local',
    title: 'Check your UpCloud network: type private, router attached',
    manual: !c.accounts?.upcloud,
  });
  return { draft, ends };
}

/** The Aiven VPC's peering connection to your UpCloud network (Aiven API, or its console without an account). */
export function addAivenConnection(
  draft: PlanDraft,
  c: PlanContext,
  ends: AivenUpcloudEnds,
  text: { title: string; reason: string },
): void {
  aivenConnectionStep(draft, {
    id: 'aiven-connection',
    side: 'aiven',
    aiven: ends.aiven,
    upcloudVar: 'UPCLOUD_NETWORK_UUID',
    upcloudNetwork: ends.upcloud.uuid,
    ...text,
    manual: !c.accounts?.aiven,
  });
}

/** The UpCloud half: a peering from your network to Aiven's UpCloud network. */
export function addUpcloudPeeringToAiven(
  draft: PlanDraft,
  i: InputReader,
  c: PlanContext,
  ends: AivenUpcloudEnds,
  aivenNetwork: string | OutputRef,
  text: { title: string; reason: string; tfPeer?: string },
): void {
  upcloudPeeringStep(draft, {
    id: 'upcloud-peering',
    side: 'upcloud',
    networkVar: 'UPCLOUD_NETWORK_UUID',
    network: ends.upcloud.uuid,
    peerVar: 'AIVEN_NETWORK_ID',
    peer: aivenNetwork,
    nameVar: 'PEERING_NAME',
    name: i.text('peeringName'),
    ...text,
    manual: !c.accounts?.upcloud,
    tfName: 'aiven',
  });
}

/** Both halves exist once this reads active, whichever side started. */
export function waitForAivenPeeringActive(
  draft: PlanDraft,
  ends: AivenUpcloudEnds,
  aivenNetwork: string | OutputRef,
): void {
  upcloudWaitActiveStep(draft, {
    id: 'wait-active',
    side: 'upcloud',
    networkVar: 'UPCLOUD_NETWORK_UUID',
    network: ends.upcloud.uuid,
    peerVar: 'AIVEN_NETWORK_ID',
    peer: aivenNetwork,
    reason: `${cite(DOC)}: the peering is activated once it is established from both components.`,
  });
}

export const PEERING_NAME_INPUT = inputSpec({
  name: 'peeringName',
  label: 'Name of the UpCloud peering',
  kind: 'name',
  maxLength: 255,
  required: true,
  side: 'upcloud',
  help: '1 to 255 characters, e.g. "peering upcloud->aiven".',
  default: 'peering upcloud->aiven',
});
