/**
 * UpCloud ↔ UpCloud, and Aiven ↔ UpCloud in both directions
 * (https://aiven.io/docs/platform/howto/vpc-peering-upcloud). A
 * peering needs a side from each network; only `private` networks in the same
 * zone, with CIDRs that do not overlap, can peer. VMs created before the
 * peering need their DHCP lease renewed to learn the new routes.
 */
import { cite, citeUrl, PROVIDER_DOCS } from '../../model/docs';
import { addSide, newDraft, ref, variable, type PlanDraft } from '../draft';
import type { InputReader, Scenario } from '../scenario';
import {
  aivenConnectionStep,
  aivenNetworkIdStep,
  declareAiven,
  DHCP_RENEWAL,
  declareUpcloudAccount,
  upcloudNetworkCheckStep,
  upcloudPeeringStep,
  upcloudWaitActiveStep,
  type AivenVpcVars,
} from '../steps/upcloud';
import type { InputSpec, OutputRef, PlanContext, ValidationIssue } from '../../model/plan';
import { issue } from '../validation/fieldRules';
import {
  compact as compactIssues,
  existingPeeringIssue,
  networkCidrs,
  overlapIssues,
  privateIssues,
  selfOverlapIssues,
} from '../validation/networkRules';

const DOC = PROVIDER_DOCS.aivenUpcloud;
const SOURCE = citeUrl(DOC);

const TRUST_NOTE = `Peer only with accounts and networks you trust: nothing limits the traffic between peered networks, and the server firewall has no effect on private networks (${cite(DOC, 'Limitations')}).`;

function upcloudNetworkInputs(who: string, label: string): InputSpec[] {
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

const INTERFACE_INPUT: InputSpec = {
  name: 'vmInterface',
  label: 'Interface of your VMs on the peered network',
  kind: 'interfaceName',
  required: true,
  side: 'upcloud',
  help: 'For the DHCP renewal on VMs created before the peering (dhclient -r IFACE, then dhclient IFACE).',
  default: 'eth1',
};

/**
 * The limitations of https://aiven.io/docs/platform/howto/vpc-peering-upcloud:
 * private type, same zone, no overlap, and not twice; and a router on each
 * network, which UpCloud's network peering requires
 * (https://developers.upcloud.com/1.3/13-networks/#create-network-peering:
 * 409 LOCAL_NETWORK_NO_ROUTER; a peer without one stays missing-peer-router).
 * Type and router are known for the networks discovery lists; the plan's
 * network-check steps read them again before anything changes.
 */
function upcloudRules(
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

// ---- UpCloud ↔ UpCloud ----

const upcloudPair: Scenario = {
  id: 'upcloud-upcloud',
  title: 'UpCloud ↔ UpCloud',
  description:
    'Peer two UpCloud SDN private networks, in one account or two: a peering from each network, active once both exist.',
  constraints: [
    'Only networks of type private can peer, and both must be in the same zone.',
    'CIDR ranges must not overlap; each network needs a router attached (the plan checks both networks before it changes anything).',
    'The peering is active only once it is set up from both networks.',
    TRUST_NOTE,
  ],
  clouds: ['upcloud'],
  inputs: [
    ...upcloudNetworkInputs('local', 'Your network'),
    ...upcloudNetworkInputs('peer', 'Other network'),
    {
      name: 'localPeeringName',
      label: 'Peering name on your network',
      kind: 'name',
      maxLength: 255,
      required: true,
      side: 'local',
      help: '1 to 255 characters.',
      default: 'peering-to-peer',
    },
    {
      name: 'peerPeeringName',
      label: 'Peering name on the other network',
      kind: 'name',
      maxLength: 255,
      required: true,
      side: 'peer',
      help: '1 to 255 characters.',
      default: 'peering-to-local',
    },
    { ...INTERFACE_INPUT, side: 'local' },
  ],
  source: SOURCE,
  rules(i, c) {
    const errors = upcloudRules(
      c,
      {
        field: 'local',
        uuid: i.text('localNetworkUuid'),
        label: 'your network',
        cidrs: networkCidrs(c, 'upcloud', i.text('localNetworkUuid'), i.list('localCidrs')),
      },
      {
        field: 'peer',
        uuid: i.text('peerNetworkUuid'),
        label: 'the other network',
        cidrs: networkCidrs(c, 'upcloud', i.text('peerNetworkUuid'), i.list('peerCidrs')),
      },
    );
    return { errors, warnings: [] };
  },
  build(i, c) {
    const local = i.text('localNetworkUuid');
    const peer = i.text('peerNetworkUuid');
    const draft = newDraft({
      scenarioId: 'upcloud-upcloud',
      title: `UpCloud ${local} ↔ ${peer}`,
      summary: upcloudPair.description,
      source: SOURCE,
    });
    const peerAccount = c.accounts?.peer ?? c.accounts?.local;
    addSide(draft, {
      id: 'local',
      label: 'Your UpCloud account',
      cloud: 'upcloud',
      accountId: c.accounts?.local?.id,
      manual: !c.accounts?.local,
    });
    addSide(draft, {
      id: 'peer',
      label: 'The other network’s UpCloud account',
      cloud: 'upcloud',
      accountId: peerAccount?.id,
      manual: !peerAccount,
    });
    variable(draft, 'LOCAL_NETWORK_UUID', local, 'Your SDN network');
    variable(draft, 'PEER_NETWORK_UUID', peer, 'The other SDN network');
    // Two accounts, two provider blocks: each peering is created by its own network's owner.
    const localProvider = declareUpcloudAccount(
      draft,
      'local',
      'UPCLOUD_LOCAL_TOKEN',
      'your account (the one with your network)',
    );
    const peerProvider = declareUpcloudAccount(
      draft,
      'peer',
      'UPCLOUD_PEER_TOKEN',
      "the other network's account (the same token when both networks are yours)",
    );
    // Both networks are read before the first peering exists: a refusal leaves nothing half made.
    upcloudNetworkCheckStep(draft, {
      id: 'check-local-network',
      side: 'local',
      networkVar: 'LOCAL_NETWORK_UUID',
      network: local,
      role: 'local',
      title: 'Check your network: type private, router attached',
      manual: !c.accounts?.local,
    });
    upcloudNetworkCheckStep(draft, {
      id: 'check-peer-network',
      side: 'peer',
      networkVar: 'PEER_NETWORK_UUID',
      network: peer,
      role: 'peer',
      title: 'Check the other network: type private, router attached',
      manual: !peerAccount,
      api: 'upcloud_peer_api',
    });
    upcloudPeeringStep(draft, {
      id: 'local-peering',
      side: 'local',
      networkVar: 'LOCAL_NETWORK_UUID',
      network: local,
      peerVar: 'PEER_NETWORK_UUID',
      peer,
      nameVar: 'LOCAL_PEERING_NAME',
      name: i.text('localPeeringName'),
      title: 'Create the peering from your network',
      reason: `${cite(DOC)}: a peering needs to be established from both connecting components; this is the first one (pending-peer until the other exists).`,
      manual: !c.accounts?.local,
      tfName: 'local',
      tfProvider: localProvider,
    });
    upcloudPeeringStep(draft, {
      id: 'peer-peering',
      side: 'peer',
      networkVar: 'PEER_NETWORK_UUID',
      network: peer,
      peerVar: 'LOCAL_NETWORK_UUID',
      peer: local,
      nameVar: 'PEER_PEERING_NAME',
      name: i.text('peerPeeringName'),
      title: 'Create the peering back from the other network',
      reason: `${cite(DOC)}: the peer network's owner makes the way back; then both sides read active.`,
      manual: !peerAccount,
      tfName: 'peer',
      tfProvider: peerProvider,
      // The other network's owner may be another account: its own token in bash.
      api: 'upcloud_peer_api',
    });
    upcloudWaitActiveStep(draft, {
      id: 'wait-active',
      side: 'local',
      networkVar: 'LOCAL_NETWORK_UUID',
      network: local,
      peerVar: 'PEER_NETWORK_UUID',
      peer,
      reason:
        'UpCloud applies a peering asynchronously; it reads active once both sides exist and their routers are attached.',
    });
    draft.followUps.push(...DHCP_RENEWAL(i.text('vmInterface')), TRUST_NOTE);
    draft.teardown.push(
      'On each side: disable the peering, wait until it reads disabled, then delete it (UpCloud refuses to delete an enabled peering).',
    );
    return draft;
  },
};

// ---- Aiven ↔ UpCloud ----

const AIVEN_INPUTS: InputSpec[] = [
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
];

interface AivenUpcloudEnds {
  aiven: AivenVpcVars & { cloud: string; cidr: string };
  upcloud: { uuid: string; cidrs: string[] };
}

function aivenUpcloudEnds(i: InputReader, c: PlanContext): AivenUpcloudEnds {
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

function aivenUpcloudRules(i: InputReader, c: PlanContext) {
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

function aivenUpcloudDraft(
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
function addAivenConnection(
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
function addUpcloudPeeringToAiven(
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
function waitForAivenPeeringActive(
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

const PEERING_NAME_INPUT: InputSpec = {
  name: 'peeringName',
  label: 'Name of the UpCloud peering',
  kind: 'name',
  maxLength: 255,
  required: true,
  side: 'upcloud',
  help: '1 to 255 characters, e.g. "peering upcloud->aiven".',
  default: 'peering upcloud->aiven',
};

const aivenToUpcloud: Scenario = {
  id: 'aiven-to-upcloud',
  title: 'Aiven → UpCloud',
  description:
    'Start from Aiven: add a peering connection from the Aiven VPC to your UpCloud network, read the Aiven network ID, then create the UpCloud side with the UpCloud API.',
  constraints: [
    'You need a VPC for your Aiven project, on UpCloud in the same zone as your network.',
    'Only private networks can peer, and CIDR ranges must not overlap; your UpCloud network needs a router attached.',
    'VMs created before the peering need their DHCP lease renewed (dhclient -r IFACE, then dhclient IFACE).',
    TRUST_NOTE,
  ],
  clouds: ['aiven', 'upcloud'],
  inputs: [
    ...AIVEN_INPUTS,
    ...upcloudNetworkInputs('upcloud', 'Your UpCloud network'),
    PEERING_NAME_INPUT,
    INTERFACE_INPUT,
    {
      name: 'aivenNetworkId',
      label: 'Aiven network ID, if Aiven shows it already',
      kind: 'uuid',
      required: false,
      side: 'aiven',
      help: 'Without an Aiven account configured, copy it from the Aiven network ID column once the connection reads peer_pending.',
    },
  ],
  source: SOURCE,
  rules: (i, c) => ({
    errors: aivenUpcloudRules(i, c),
    warnings: compactIssues([
      !c.accounts?.aiven && c.accounts?.upcloud && !i.has('aivenNetworkId')
        ? issue(
            'aivenNetworkId',
            '',
            'without an Aiven account the wizard cannot read the Aiven network ID: enter it once the connection reads peer_pending (the bash script reads it from the Aiven API with AIVEN_TOKEN)',
          )
        : undefined,
    ]),
  }),
  build(i, c) {
    const { draft, ends } = aivenUpcloudDraft(i, c, 'aiven-to-upcloud', aivenToUpcloud.description);
    const aivenApi = !!c.accounts?.aiven;
    const knownAivenNetwork = i.text('aivenNetworkId');
    addAivenConnection(draft, c, ends, {
      title: 'Add the peering connection from the Aiven VPC to your UpCloud network',
      reason: `${cite(DOC, 'Set up VPC peering from Aiven')}: add a peering connection with the UpCloud SDN network UUID as Peer network ID.`,
    });
    // The Aiven network ID comes from Aiven once its connection reads PENDING_PEER: the script
    // reads it from the Aiven API (the connection step already uses AIVEN_TOKEN), never posts it
    // empty. Terraform reads it from a variable: the aiven provider has no resource for an
    // UpCloud peering connection, so no attribute of one can carry it.
    if (!knownAivenNetwork) {
      variable(
        draft,
        'AIVEN_NETWORK_ID',
        '',
        'The Aiven network ID column of the peering connection (it shows once the connection reads peer_pending)',
        { terraformOnly: true },
      );
      aivenNetworkIdStep(draft, {
        id: 'aiven-network-id',
        side: 'aiven',
        aiven: ends.aiven,
        upcloudVar: 'UPCLOUD_NETWORK_UUID',
        upcloudNetwork: ends.upcloud.uuid,
        reason: `${cite(DOC, 'Set up VPC peering from Aiven')}: wait for peer_pending; the Aiven network ID then appears, and the UpCloud side needs it.`,
        manual: !aivenApi,
      });
    } else
      variable(
        draft,
        'AIVEN_NETWORK_ID',
        knownAivenNetwork,
        'The Aiven network ID column of the peering connection (it shows once the connection reads peer_pending)',
      );
    const aivenNetwork = knownAivenNetwork || ref('aivenNetworkId');
    addUpcloudPeeringToAiven(draft, i, c, ends, aivenNetwork, {
      title: 'Create the UpCloud side: POST /1.3/network-peering to the Aiven network',
      reason: `${cite(DOC, 'Set up VPC peering from UpCloud')}: the API takes the UUIDs of both networks; the peering is pending-peer until both sides exist.`,
    });
    waitForAivenPeeringActive(draft, ends, aivenNetwork);
    draft.followUps.push(...DHCP_RENEWAL(i.text('vmInterface')), TRUST_NOTE);
    draft.teardown.push(
      'Delete the Aiven peering connection, then disable and delete the UpCloud peering.',
    );
    return draft;
  },
};

const upcloudToAiven: Scenario = {
  id: 'upcloud-to-aiven',
  title: 'UpCloud → Aiven',
  description:
    'Start from UpCloud: create the peering to the Aiven VPC network with the UpCloud API, then add the peering connection on the Aiven side.',
  constraints: aivenToUpcloud.constraints,
  clouds: ['upcloud', 'aiven'],
  inputs: [
    ...upcloudNetworkInputs('upcloud', 'Your UpCloud network'),
    {
      name: 'aivenNetworkId',
      label: 'Aiven network ID',
      kind: 'uuid',
      required: true,
      side: 'aiven',
      help: "The UUID of Aiven's UpCloud network for the VPC (the Aiven network ID column of the VPC peering connections table).",
      example: '03585987-bf7d-4544-8e9b-5a1b4d74a333',
    },
    ...AIVEN_INPUTS,
    { ...PEERING_NAME_INPUT },
    INTERFACE_INPUT,
  ],
  source: SOURCE,
  rules: (i, c) => ({ errors: aivenUpcloudRules(i, c), warnings: [] }),
  build(i, c) {
    const { draft, ends } = aivenUpcloudDraft(i, c, 'upcloud-to-aiven', upcloudToAiven.description);
    const aivenNetwork = i.text('aivenNetworkId');
    variable(
      draft,
      'AIVEN_NETWORK_ID',
      aivenNetwork,
      'The Aiven network ID (Aiven VPC peering connections table)',
    );
    addUpcloudPeeringToAiven(draft, i, c, ends, aivenNetwork, {
      title: 'Create the peering from your UpCloud network to the Aiven network',
      reason: `${cite(DOC, 'Set up VPC peering from UpCloud')}: POST /1.3/network-peering with both network UUIDs; it reads pending-peer until Aiven peers back.`,
    });
    addAivenConnection(draft, c, ends, {
      title: 'Add the peering connection on the Aiven side',
      reason: `${cite(DOC)}: a peering needs to be established from both connecting components; Aiven adds its side with your network UUID as Peer network ID.`,
    });
    waitForAivenPeeringActive(draft, ends, aivenNetwork);
    draft.followUps.push(...DHCP_RENEWAL(i.text('vmInterface')), TRUST_NOTE);
    draft.teardown.push(
      'Disable and delete the UpCloud peering, then delete the Aiven peering connection.',
    );
    return draft;
  },
};

export const UPCLOUD_SCENARIOS: Scenario[] = [upcloudPair, aivenToUpcloud, upcloudToAiven];
