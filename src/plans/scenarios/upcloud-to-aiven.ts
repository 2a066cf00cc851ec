/**
 * UpCloud → Aiven (https://aiven.io/docs/platform/howto/vpc-peering-upcloud): the UpCloud side
 * to the Aiven network ID first, then the Aiven connection back to your network.
 */
import { cite } from '../../model/docs';
import { variable } from '../draft';
import {
  addAivenConnection,
  addUpcloudPeeringToAiven,
  AIVEN_INPUTS,
  AIVEN_UPCLOUD_CONSTRAINTS,
  aivenUpcloudDraft,
  aivenUpcloudRules,
  DOC,
  INTERFACE_INPUT,
  PEERING_NAME_INPUT,
  SOURCE,
  TRUST_NOTE,
  upcloudNetworkInputs,
  waitForAivenPeeringActive,
} from '../pairs/upcloud';
import { defineScenario, inputSpec } from '../scenario';
import { DHCP_RENEWAL } from '../steps/upcloud';

const DESCRIPTION =
  'Start from UpCloud: create the peering to the Aiven VPC network with the UpCloud API, then add the peering connection on the Aiven side.';

export const upcloudToAiven = defineScenario({
  id: 'upcloud-to-aiven',
  title: 'UpCloud → Aiven',
  description: DESCRIPTION,
  constraints: AIVEN_UPCLOUD_CONSTRAINTS,
  clouds: ['upcloud', 'aiven'],
  service: 'aiven',
  sides: [
    { id: 'upcloud', cloud: 'upcloud', role: 'yours' },
    { id: 'aiven', cloud: 'aiven', role: 'service' },
  ],
  inputs: [
    ...upcloudNetworkInputs('upcloud', 'Your UpCloud network'),
    inputSpec({
      name: 'aivenNetworkId',
      label: 'Aiven network ID',
      kind: 'uuid',
      required: true,
      side: 'aiven',
      help: "The UUID of Aiven's UpCloud network for the VPC (the Aiven network ID column of the VPC peering connections table).",
      example: '03585987-bf7d-4544-8e9b-5a1b4d74a333',
    }),
    ...AIVEN_INPUTS,
    { ...PEERING_NAME_INPUT },
    INTERFACE_INPUT,
  ],
  source: SOURCE,
  rules: (i, c) => ({ errors: aivenUpcloudRules(i, c), warnings: [] }),
  build(i, c) {
    const { draft, ends } = aivenUpcloudDraft(i, c, 'upcloud-to-aiven', DESCRIPTION);
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
});
