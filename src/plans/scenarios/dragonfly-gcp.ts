/**
 * Dragonfly Cloud ↔ GCP (https://www.dragonflydb.io/docs/cloud/connections#gcp): the connection is
 * made on Dragonfly's side, then your network peers back with --peer-network/--peer-project and
 * allows the Dragonfly CIDR in a firewall rule.
 */
import { cite } from '../../model/docs';
import { addSide, newDraft, variable } from '../draft';
import { declareGcpEnd, gcpEnd, gcpNetworkInputs, type GcpEnd } from '../pairs/gcp';
import { gcpFirewallStep, gcpNetworkPath, gcpPeeringStep, gcpWaitActiveStep } from '../steps/gcp';
import { defineScenario } from '../scenario';
import { connectionActiveStep, createConnectionStep, declareDragonfly } from '../steps/dragonfly';
import {
  compact,
  existingPeeringIssue,
  GCP_RESERVED,
  reservedIssues,
  selfOverlapIssues,
} from '../validation/networkRules';

import {
  addDragonflySide,
  dragonflyCidrRules,
  dragonflyIngressPorts,
  dragonflyNetwork,
  DRAGONFLY_INGRESS_INPUT,
  DRAGONFLY_INPUTS,
  DOC,
  firstCidrOnlyFollowUp,
  firstCidrOnlyIssue,
  otherCloudIssue,
  SOURCE,
} from '../pairs/dragonfly';

const DESCRIPTION =
  'Connect a Dragonfly Cloud private network to your GCP VPC network: Dragonfly creates its half, you create yours with --peer-network and --peer-project, and allow the Dragonfly CIDR in your firewall.';

export const dragonflyGcp = defineScenario({
  id: 'dragonfly-gcp',
  title: 'Dragonfly Cloud ↔ GCP',
  description: DESCRIPTION,
  constraints: [
    'Create the Dragonfly Cloud private network first; the connection is made from it.',
    'The connection starts Inactive and turns Active a few moments after your half of the peering exists.',
    'Your subnet ranges must not overlap the Dragonfly network CIDR.',
    'Without a configured Dragonfly Cloud account, you enter the connection values in its console yourself.',
  ],
  service: 'dragonfly',
  sides: [
    { id: 'dragonfly', cloud: 'dragonfly', role: 'service' },
    { id: 'customer', cloud: 'gcp', role: 'yours' },
  ],
  clouds: ['dragonfly', 'gcp'],
  inputs: [
    ...DRAGONFLY_INPUTS,
    {
      name: 'dragonflyProject',
      label: 'Dragonfly network: account ID (GCP project)',
      kind: 'gcpProject',
      required: true,
      side: 'dragonfly',
      help: 'The account ID shown under the Dragonfly Cloud network; it goes in --peer-project.',
    },
    {
      name: 'dragonflyVpcId',
      label: 'Dragonfly network: VPC ID',
      kind: 'gcpNetwork',
      required: true,
      side: 'dragonfly',
      help: 'The VPC ID shown under the Dragonfly Cloud network; it goes in --peer-network.',
    },
    ...gcpNetworkInputs('customer', 'Your network', { project: true }),
    {
      name: 'peeringName',
      label: 'Peering name on your network',
      kind: 'gcpResourceName',
      required: true,
      side: 'customer',
      help: 'Unique among the peerings of your network.',
      default: 'dragonfly',
    },
    {
      name: 'firewallName',
      label: 'Firewall rule name',
      kind: 'gcpResourceName',
      required: true,
      side: 'customer',
      help: 'The ingress rule that allows the Dragonfly CIDR.',
      default: 'allow-dragonfly',
    },
    DRAGONFLY_INGRESS_INPUT,
  ],
  source: SOURCE,
  rules(i, c) {
    const df = dragonflyNetwork(i, c);
    const customer = gcpEnd(i, c, 'customer', 'your network', i.text('customerProject'));
    const yours = { field: 'customerCidrs', label: 'your network', cidrs: customer.cidrs };
    const errors = [
      ...dragonflyCidrRules(df.cidr, yours),
      ...selfOverlapIssues(yours),
      ...reservedIssues(yours, GCP_RESERVED),
      existingPeeringIssue(
        c,
        'customerNetwork',
        { cloud: 'dragonfly', id: df.networkId },
        { cloud: 'gcp', id: gcpNetworkPath(customer.project, customer.network) },
      ),
      otherCloudIssue(df, 'gcp', 'a GCP network'),
    ];
    return { errors, warnings: compact([firstCidrOnlyIssue('customerCidrs', customer.cidrs)]) };
  },
  build(i, c) {
    const df = dragonflyNetwork(i, c);
    const customer = gcpEnd(i, c, 'customer', 'your network', i.text('customerProject'));
    const dfEnd: GcpEnd = {
      side: 'dragonfly',
      label: 'the Dragonfly network',
      project: i.text('dragonflyProject') || df.vpc?.accountId || '',
      network: i.text('dragonflyVpcId') || df.vpc?.networkId.split('/').pop() || '',
      projectVar: 'DFCLOUD_PROJECT',
      networkVar: 'DFCLOUD_VPC_ID',
      cidrs: [df.cidr],
      prefix: 'DFCLOUD',
    };
    const draft = newDraft({
      scenarioId: 'dragonfly-gcp',
      title: `Dragonfly Cloud ${df.networkId} ↔ GCP ${customer.network}`,
      summary: DESCRIPTION,
      source: SOURCE,
    });
    addDragonflySide(draft, c, df);
    addSide(draft, {
      id: 'customer',
      label: `Your GCP project (${customer.project})`,
      cloud: 'gcp',
      accountId: c.accounts?.customer?.id,
      manual: !c.accounts?.customer,
    });
    declareGcpEnd(draft, customer);
    variable(
      draft,
      dfEnd.projectVar,
      dfEnd.project,
      'GCP project of the Dragonfly network (its account ID)',
    );
    variable(draft, dfEnd.networkVar, dfEnd.network, 'VPC of the Dragonfly network (its VPC ID)');
    const connection = {
      networkId: df.networkId,
      cidr: df.cidr,
      name: df.name,
      peer: {
        cloud: 'gcp' as const,
        accountId: customer.project,
        vpcId: customer.network,
        cidr: customer.cidrs[0],
      },
      peerVariables: {
        accountId: customer.projectVar,
        vpcId: customer.networkVar,
        cidr: { var: 'CUSTOMER_CIDRS', index: 0 },
      },
      api: df.api,
      customerSide: 'customer',
    };
    declareDragonfly(draft, connection);
    createConnectionStep(draft, connection, {
      reason: `${cite(DOC, 'GCP')}: specify the CIDR, GCP project ID and VPC ID of your network and click Create; the connection is created Inactive.`,
    });
    gcpPeeringStep(draft, {
      id: 'customer-peering',
      side: 'customer',
      local: customer,
      peer: dfEnd,
      nameVar: 'PEERING_NAME',
      name: i.text('peeringName'),
      title: `Peer ${customer.network} with the Dragonfly network`,
      reason: `${cite(DOC, 'GCP')}: create the peering with --peer-network and --peer-project set to the VPC ID and account ID of the Dragonfly Cloud network.`,
      manual: !c.accounts?.customer,
      tfName: 'dragonfly',
    });
    gcpFirewallStep(draft, {
      id: 'customer-firewall',
      side: 'customer',
      network: customer,
      nameVar: 'FIREWALL_NAME',
      name: i.text('firewallName'),
      sources: { variable: 'DFCLOUD_CIDRS', values: [df.cidr], label: 'the Dragonfly network' },
      ports: dragonflyIngressPorts(i),
      title: 'Allow the Dragonfly CIDR in your firewall',
      reason: `${cite(DOC, 'GCP')}: "Don't forget to modify your firewall to allow traffic from the Dragonfly cloud Private Network CIDR."`,
      manual: !c.accounts?.customer,
      tfName: 'dragonfly',
    });
    gcpWaitActiveStep(draft, {
      id: 'wait-active',
      side: 'customer',
      local: customer,
      peer: dfEnd,
      nameVar: 'PEERING_NAME',
      name: i.text('peeringName'),
      reason: `${cite(DOC, 'GCP')}: observe the connection becomes Active after a few moments.`,
    });
    firstCidrOnlyFollowUp(draft, customer.cidrs);
    connectionActiveStep(draft, connection, {
      kind: 'gcpPeering',
      network: gcpNetworkPath(customer.project, customer.network),
      name: i.text('peeringName'),
      peerNetworkPath: gcpNetworkPath(dfEnd.project, dfEnd.network),
      states: ['ACTIVE'],
    });
    return draft;
  },
});
