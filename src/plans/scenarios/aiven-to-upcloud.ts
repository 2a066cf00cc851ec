/**
 * Aiven → UpCloud (https://aiven.io/docs/platform/howto/vpc-peering-upcloud, Set up VPC peering
 * from Aiven, then from UpCloud): the connection from the Aiven VPC first, then the UpCloud side
 * to the Aiven network ID that connection reports.
 */
import { cite } from '../../model/docs';
import { ref, variable } from '../draft';
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
import { aivenNetworkIdStep, DHCP_RENEWAL } from '../steps/upcloud';
import { issue } from '../validation/fieldRules';
import { compact as compactIssues } from '../validation/networkRules';

const DESCRIPTION =
  'Start from Aiven: add a peering connection from the Aiven VPC to your UpCloud network, read the Aiven network ID, then create the UpCloud side with the UpCloud API.';

export const aivenToUpcloud = defineScenario({
  id: 'aiven-to-upcloud',
  title: 'Aiven → UpCloud',
  description: DESCRIPTION,
  constraints: AIVEN_UPCLOUD_CONSTRAINTS,
  clouds: ['aiven', 'upcloud'],
  service: 'aiven',
  sides: [
    { id: 'aiven', cloud: 'aiven', role: 'service' },
    { id: 'upcloud', cloud: 'upcloud', role: 'yours' },
  ],
  inputs: [
    ...AIVEN_INPUTS,
    ...upcloudNetworkInputs('upcloud', 'Your UpCloud network'),
    PEERING_NAME_INPUT,
    INTERFACE_INPUT,
    inputSpec({
      name: 'aivenNetworkId',
      label: 'Aiven network ID, if Aiven shows it already',
      kind: 'uuid',
      required: false,
      side: 'aiven',
      help: 'Without an Aiven account configured, copy it from the Aiven network ID column once the connection reads peer_pending.',
    }),
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
    const { draft, ends } = aivenUpcloudDraft(i, c, 'aiven-to-upcloud', DESCRIPTION);
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
});
