/**
 * UpCloud ↔ UpCloud (https://aiven.io/docs/platform/howto/vpc-peering-upcloud): a peering from
 * each network; only `private` networks in the same zone, with CIDRs that do not overlap and a
 * router attached, can peer. VMs created before the peering need their DHCP lease renewed.
 */
import { cite } from '../../model/docs';
import { addSide, newDraft, variable } from '../draft';
import {
  DOC,
  INTERFACE_INPUT,
  SOURCE,
  TRUST_NOTE,
  upcloudNetworkInputs,
  upcloudRules,
} from '../pairs/upcloud';
import { defineScenario, inputSpecs } from '../scenario';
import {
  DHCP_RENEWAL,
  declareUpcloudAccount,
  upcloudNetworkCheckStep,
  upcloudPeeringStep,
  upcloudWaitActiveStep,
} from '../steps/upcloud';
import { networkCidrs } from '../validation/networkRules';

const DESCRIPTION =
  'Peer two UpCloud SDN private networks, in one account or two: a peering from each network, active once both exist.';

export const upcloudUpcloud = defineScenario({
  id: 'upcloud-upcloud',
  title: 'UpCloud ↔ UpCloud',
  description: DESCRIPTION,
  constraints: [
    'Only networks of type private can peer, and both must be in the same zone.',
    'CIDR ranges must not overlap; each network needs a router attached (the plan checks both networks before it changes anything).',
    'The peering is active only once it is set up from both networks.',
    TRUST_NOTE,
  ],
  clouds: ['upcloud'],
  sides: [
    { id: 'local', cloud: 'upcloud', role: 'yours' },
    { id: 'peer', cloud: 'upcloud', role: 'peer' },
  ],
  inputs: [
    ...upcloudNetworkInputs('local', 'Your network'),
    ...upcloudNetworkInputs('peer', 'Other network'),
    ...inputSpecs(
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
    ),
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
      summary: DESCRIPTION,
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
});
