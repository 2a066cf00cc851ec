/**
 * EMQX BYOC ↔ GCP (https://docs.emqx.com/en/cloud/latest/deployments/byoc_vpc_peering.html,
 * VPC Peering Connection in GCP): a peering half from the BYOC network and one from the service
 * network; each reads INACTIVE until the other exists, then both read ACTIVE.
 */
import { cite, citeUrl, PROVIDER_DOCS } from '../../model/docs';
import { addSide, newDraft } from '../draft';
import {
  addGcpPairSteps,
  customRouteInputs,
  customRoutesOf,
  gcpEnd,
  gcpNetworkInputs,
  gcpPairRules,
} from '../pairs/gcp';
import { defineScenario } from '../scenario';

const BYOC_DOC = PROVIDER_DOCS.emqxByoc;
const BYOC_SOURCE = citeUrl(BYOC_DOC, 'VPC Peering Connection in GCP');
const DESCRIPTION =
  'Peer the VPC network of an EMQX BYOC deployment with the network of your other services: a peering from each side, then both read ACTIVE, and each network allows All TCP from the other.';

/**
 * All TCP each way, as the EMQX BYOC docs ask of the security groups
 * (https://docs.emqx.com/en/cloud/latest/deployments/byoc_vpc_peering.html, "Select All TCP and
 * add the accepter VPC CIDRs", and the requester's the other way): EMQX serves MQTT to the service
 * network and its data integrations reach services there, on ports the page does not limit.
 */
const BYOC_PORTS = { protocol: 'tcp', fromPort: 0, toPort: 65535 };

export const emqxByocGcp = defineScenario({
  id: 'emqx-byoc-gcp',
  title: 'EMQX BYOC ↔ GCP',
  description: DESCRIPTION,
  constraints: [
    'Create the peering from both sides: the BYOC network (emqxbyoc-xxxx-network) and the service network.',
    'The BYOC deployment CIDR must not overlap the CIDR of the network housing your other services: plan it before creating the deployment.',
    'Cross-region traffic between peered networks may incur charges.',
  ],
  clouds: ['gcp'],
  service: 'emqx',
  sides: [
    { id: 'byoc', cloud: 'gcp', role: 'yours' },
    { id: 'service', cloud: 'gcp', role: 'peer' },
  ],
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
      summary: DESCRIPTION,
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
});
