/**
 * EMQX BYOC ↔ AWS (https://docs.emqx.com/en/cloud/latest/deployments/byoc_vpc_peering.html): a
 * same-account peering from the BYOC VPC to the service VPC, routes in both route tables (the BYOC
 * private route table among them) and All TCP from the other side's CIDRs in both security groups.
 */
import { cite, citeUrl, PROVIDER_DOCS } from '../../model/docs';

import { addSide, newDraft } from '../draft';
import { defineScenario } from '../scenario';
import {
  addAwsPairSteps,
  awsEnd,
  awsEndInputs,
  awsPairRules,
  CROSS_REGION_CHARGES,
} from '../pairs/aws';

import { issue } from '../validation/fieldRules';
import { compact, findNetwork } from '../validation/networkRules';

const BYOC_DOC = PROVIDER_DOCS.emqxByoc;
const BYOC_SOURCE = citeUrl(BYOC_DOC);

const DESCRIPTION =
  'Peer the VPC of an EMQX BYOC deployment with the VPC of your other services, in the same account: routes in both route tables and All TCP in both security groups.';

export const emqxByocAws = defineScenario({
  id: 'emqx-byoc-aws',
  title: 'EMQX BYOC ↔ AWS',
  description: DESCRIPTION,
  constraints: [
    'Both VPCs are in the same AWS account. Peering across regions works too, but cross-region peering may incur charges.',
    'The BYOC deployment CIDR must not overlap the CIDR of the VPC housing your other services: plan it before creating the deployment.',
    'Route the service VPC CIDRs in the BYOC private route table (emqxbyoc-xxxx-private-route-table), and the BYOC CIDRs in the service VPC route table.',
  ],
  clouds: ['aws'],
  service: 'emqx',
  sides: [
    { id: 'byoc', cloud: 'aws', role: 'yours' },
    { id: 'service', cloud: 'aws', role: 'peer' },
  ],
  inputs: [
    ...awsEndInputs('byoc', 'BYOC deployment VPC', {
      account: 'optional',
      vpcHelp: 'The VPC of the BYOC deployment, named like emqxbyoc-XXXX-vpc.',
      routeTablesHelp:
        'The BYOC private route table, named like emqxbyoc-xxxx-private-route-table.',
      securityGroupsHelp:
        'The security group of the BYOC VPC; it gets All TCP from the service VPC CIDRs.',
    }),
    ...awsEndInputs('service', 'Service VPC', {
      account: 'none',
      region: 'required',
      vpcHelp: 'The VPC where the services that exchange data with EMQX run.',
      securityGroupsHelp:
        'The security group of the service VPC; it gets All TCP from the BYOC CIDRs.',
    }),
    {
      name: 'peeringName',
      label: 'Name of the peering',
      kind: 'name',
      maxLength: 255,
      required: true,
      side: 'byoc',
      help: 'Set as the Name tag of the peering connection.',
      default: 'emqx-byoc',
    },
  ],
  source: BYOC_SOURCE,
  rules(i, c) {
    const byoc = awsEnd(i, c, 'byoc', 'the BYOC VPC', { account: c.accounts?.byoc });
    const service = awsEnd(i, c, 'service', 'the service VPC', {
      accountId: byoc.accountId,
      account: c.accounts?.byoc,
    });
    const pair = awsPairRules(byoc, service, c, { requester: 'byoc', accepter: 'service' });
    const knownOwner = findNetwork(c, 'aws', service.vpcId)?.ownerId;
    const errors = [
      ...pair.errors,
      knownOwner && byoc.accountId && knownOwner !== byoc.accountId
        ? issue(
            'serviceVpcId',
            service.vpcId,
            `VPC ${service.vpcId} belongs to account ${knownOwner}; ${cite(BYOC_DOC, 'VPC Peering Connection in AWS')} peers VPCs of the same account ("My account")`,
          )
        : undefined,
    ];
    const warnings = [
      ...pair.warnings,
      service.region && byoc.region && service.region !== byoc.region
        ? issue('serviceRegion', service.region, CROSS_REGION_CHARGES)
        : undefined,
    ];
    return { errors: compact(errors), warnings };
  },
  build(i, c) {
    const account = c.accounts?.byoc;
    const byoc = awsEnd(i, c, 'byoc', 'the BYOC VPC', { account });
    const service = awsEnd(i, c, 'service', 'the service VPC', {
      accountId: byoc.accountId,
      account,
    });
    const draft = newDraft({
      scenarioId: 'emqx-byoc-aws',
      title: `EMQX BYOC ${byoc.vpcId} ↔ service VPC ${service.vpcId}`,
      summary: DESCRIPTION,
      source: BYOC_SOURCE,
    });
    addSide(draft, {
      id: 'byoc',
      label: `BYOC VPC (${byoc.vpcId})`,
      cloud: 'aws',
      accountId: account?.id,
      region: byoc.region,
      manual: !account,
    });
    addSide(draft, {
      id: 'service',
      label: `Service VPC (${service.vpcId})`,
      cloud: 'aws',
      accountId: account?.id,
      region: service.region,
      manual: !account,
    });
    addAwsPairSteps(draft, {
      requester: byoc,
      accepter: service,
      peeringName: i.text('peeringName'),
      ingress: { protocol: 'tcp', fromPort: 0, toPort: 65535 },
      ruleDescription: 'EMQX BYOC peering (All TCP)',
      dnsResolution: false,
      accepterHasAccount: !!account,
      crossAccount: false,
      reasons: {
        request: `${cite(BYOC_DOC, 'VPC Peering Connection in AWS, step 3')}: create a peering connection with the BYOC VPC as requester and the service VPC (My account) as accepter.`,
        accept: `${cite(BYOC_DOC, 'VPC Peering Connection in AWS, steps 4–5')}: Actions → Accept request; the status becomes Active.`,
        requesterRoutes: `${cite(BYOC_DOC, 'Configure Route Tables, Requester VPC')}: in the emqxbyoc-xxxx-private-route-table, add the accepter VPC CIDRs with the pcx- peering as target.`,
        accepterRoutes: `${cite(BYOC_DOC, 'Configure Route Tables, Accepter VPC')}: in the service VPC route table, add the requester VPC CIDRs with the pcx- peering as target.`,
        requesterIngress: `${cite(BYOC_DOC, 'Configure Security Group')}: in the BYOC VPC security group, add an inbound All TCP rule from the accepter VPC CIDRs.`,
        accepterIngress: `${cite(BYOC_DOC, 'Configure Security Group')}: in the service VPC security group, add an inbound All TCP rule from the requester VPC CIDRs.`,
      },
    });
    return draft;
  },
});
