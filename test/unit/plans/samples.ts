/**
 * One set of inputs per scenario, matching the sandbox's demo world
 * (src/sandbox/worlds/demoTopology.ts), shared by the plan, script, runner
 * and snippet tests.
 */
import type { PlanContext, PlanInputs, ScenarioId } from '../../../src/model/plan';
import {
  AIVEN,
  AWS_ACCOUNTS,
  AWS_VPCS,
  AZURE,
  DRAGONFLY,
  GCP,
  UPCLOUD,
} from '../../../src/sandbox/worlds/demoTopology';

const rtb = (vpc: { id: string }) => vpc.id.replace('vpc-', 'rtb-');
const sg = (vpc: { id: string }) => vpc.id.replace('vpc-', 'sg-');

/** One side's demo VPC as the AWS end inputs name it (`<side>VpcId`, `<side>Cidrs`, ...). */
function awsVpcInputs(
  side: string,
  vpc: { id: string; cidrs: readonly string[] },
  account: { profile: string },
  cidrs: string[] = [...vpc.cidrs],
): PlanInputs {
  return {
    [`${side}VpcId`]: vpc.id,
    [`${side}Cidrs`]: cidrs,
    [`${side}RouteTableIds`]: [rtb(vpc)],
    [`${side}SecurityGroupIds`]: [sg(vpc)],
    [`${side}Profile`]: account.profile,
  };
}

export const SAMPLE_INPUTS: Partial<Record<ScenarioId, PlanInputs>> = {
  'aws-same-account': {
    requesterRegion: 'us-east-1',
    ...awsVpcInputs('requester', AWS_VPCS.shared, AWS_ACCOUNTS.app),
    ...awsVpcInputs('accepter', AWS_VPCS.legacy, AWS_ACCOUNTS.app),
    peeringName: 'shared-to-legacy',
    ingressPorts: 'tcp:5432',
    dnsResolution: 'yes',
  },
  'aws-cross-account': {
    requesterAccountId: AWS_ACCOUNTS.app.accountId,
    requesterRegion: 'us-east-1',
    ...awsVpcInputs('requester', AWS_VPCS.app, AWS_ACCOUNTS.app, [
      ...AWS_VPCS.app.cidrs,
      AWS_VPCS.app.ipv6,
    ]),
    accepterAccountId: AWS_ACCOUNTS.emqx.accountId,
    ...awsVpcInputs('accepter', AWS_VPCS.emqx, AWS_ACCOUNTS.emqx),
    peeringName: 'app-to-partner',
    ingressPorts: 'all',
  },
  'aws-cross-region': {
    requesterRegion: 'us-east-1',
    ...awsVpcInputs('requester', AWS_VPCS.shared, AWS_ACCOUNTS.app),
    accepterRegion: 'eu-west-1',
    ...awsVpcInputs('accepter', AWS_VPCS.appEu, AWS_ACCOUNTS.app),
    peeringName: 'shared-to-eu',
    ingressPorts: 'tcp:all',
  },
  'dragonfly-aws': {
    dragonflyNetworkId: DRAGONFLY.network.id,
    dragonflyCidr: DRAGONFLY.network.cidr,
    connectionName: 'shared-vpc',
    customerAccountId: AWS_ACCOUNTS.app.accountId,
    customerRegion: 'us-east-1',
    ...awsVpcInputs('customer', AWS_VPCS.shared, AWS_ACCOUNTS.app),
  },
  'emqx-cloud-aws': {
    emqxRegion: 'us-east-1',
    emqxVpcId: AWS_VPCS.emqx.id,
    emqxCidr: AWS_VPCS.emqx.cidrs[0],
    emqxAccountId: AWS_ACCOUNTS.emqx.accountId,
    ...awsVpcInputs('customer', AWS_VPCS.shared, AWS_ACCOUNTS.app),
    ingressPorts: 'tcp:1883-8883',
  },
  'emqx-byoc-aws': {
    byocRegion: 'us-east-1',
    ...awsVpcInputs('byoc', AWS_VPCS.legacy, AWS_ACCOUNTS.app),
    serviceRegion: 'us-east-1',
    ...awsVpcInputs('service', AWS_VPCS.shared, AWS_ACCOUNTS.app),
  },
  'gcp-same-project': {
    localProject: GCP.project,
    localNetwork: GCP.networks.svc.name,
    localCidrs: [GCP.networks.svc.subnets[0].cidr],
    peerNetwork: GCP.networks.legacy.name,
    peerCidrs: [GCP.networks.legacy.subnets[0].cidr],
    localPeeringName: 'svc-to-legacy',
    peerPeeringName: 'legacy-to-svc',
    ingressPorts: 'tcp:5432',
  },
  'gcp-cross-project': {
    localProject: GCP.project,
    localNetwork: GCP.networks.svc.name,
    localCidrs: [GCP.networks.svc.subnets[0].cidr],
    peerProject: GCP.peerProject,
    peerNetwork: GCP.networks.peer.name,
    peerCidrs: [GCP.networks.peer.subnets[0].cidr],
    localPeeringName: 'svc-to-peer',
    peerPeeringName: 'peer-to-svc',
    ingressPorts: 'all',
  },
  'emqx-byoc-gcp': {
    byocProject: GCP.project,
    byocNetwork: GCP.networks.legacy.name,
    byocCidrs: [GCP.networks.legacy.subnets[0].cidr],
    serviceProject: GCP.peerProject,
    serviceNetwork: GCP.networks.peer.name,
    serviceCidrs: [GCP.networks.peer.subnets[0].cidr],
  },
  'dragonfly-gcp': {
    dragonflyNetworkId: 'net-gcp0001',
    dragonflyCidr: '192.168.0.0/16',
    dragonflyProject: 'dragonfly-prod-1234',
    dragonflyVpcId: 'df-net-gcp0001',
    connectionName: 'svc-net',
    customerProject: GCP.project,
    customerNetwork: GCP.networks.svc.name,
    customerCidrs: [GCP.networks.svc.subnets[0].cidr],
  },
  'upcloud-upcloud': {
    localNetworkUuid: UPCLOUD.networks.app.uuid,
    localCidrs: [UPCLOUD.networks.app.cidr, UPCLOUD.networks.app.ipv6],
    peerNetworkUuid: UPCLOUD.networks.staging.uuid,
    peerCidrs: [UPCLOUD.networks.staging.cidr],
    localPeeringName: 'app to staging',
    peerPeeringName: 'staging to app',
  },
  'aiven-to-upcloud': {
    aivenProject: AIVEN.project,
    aivenVpcId: AIVEN.vpc.projectVpcId,
    aivenCloud: AIVEN.cloud,
    aivenCidr: AIVEN.vpc.cidr,
    upcloudNetworkUuid: UPCLOUD.networks.staging.uuid,
    upcloudCidrs: [UPCLOUD.networks.staging.cidr],
  },
  'upcloud-to-aiven': {
    upcloudNetworkUuid: UPCLOUD.networks.staging.uuid,
    upcloudCidrs: [UPCLOUD.networks.staging.cidr],
    aivenNetworkId: AIVEN.vpc.upcloudNetworkUuid,
    aivenProject: AIVEN.project,
    aivenVpcId: AIVEN.vpc.projectVpcId,
    aivenCloud: AIVEN.cloud,
    aivenCidr: AIVEN.vpc.cidr,
  },
  'azure-same-tenant': {
    localSubscriptionId: AZURE.subscriptionId,
    localResourceGroup: AZURE.resourceGroup,
    localVnet: AZURE.vnets.hub.name,
    localCidrs: [...AZURE.vnets.hub.addressSpace],
    peerSubscriptionId: AZURE.subscriptionId,
    peerResourceGroup: AZURE.resourceGroup,
    peerVnet: AZURE.vnets.spoke.name,
    peerCidrs: [...AZURE.vnets.spoke.addressSpace],
    localPeeringName: 'hub-to-spoke',
    peerPeeringName: 'spoke-to-hub',
    // Hub and spoke: the spoke reaches the hub's VPN gateway (vgw-hub) and its routes.
    localAllowGatewayTransit: 'yes',
    localAllowForwardedTraffic: 'yes',
    peerUseRemoteGateways: 'yes',
    peerAllowForwardedTraffic: 'yes',
  },
  'azure-cross-tenant': {
    localSubscriptionId: AZURE.subscriptionId,
    localResourceGroup: AZURE.resourceGroup,
    localVnet: AZURE.vnets.spoke.name,
    localCidrs: [...AZURE.vnets.spoke.addressSpace],
    localTenantId: AZURE.tenantId,
    peerSubscriptionId: AZURE.otherSubscriptionId,
    peerResourceGroup: AZURE.partner.resourceGroup,
    peerVnet: AZURE.partner.vnet.name,
    peerCidrs: [...AZURE.partner.vnet.addressSpace],
    peerTenantId: AZURE.otherTenantId,
    localPeeringName: 'spoke-to-partner',
    peerPeeringName: 'partner-to-spoke',
  },
  'dragonfly-azure': {
    dragonflyNetworkId: 'net-azure0001',
    dragonflyCidr: '192.168.0.0/16',
    connectionName: 'vnet-app',
    dfcloudAccountId:
      '/subscriptions/0f0f0f0f-0000-4000-8000-00000000df01/resourceGroups/dfcloud-networks',
    dfcloudVpcId: 'df-vnet-0001',
    userSubscriptionId: AZURE.subscriptionId,
    userResourceGroup: AZURE.resourceGroup,
    userVnetName: AZURE.vnets.app.name,
    azureRegion: 'westeurope',
    userCidrs: [...AZURE.vnets.app.addressSpace],
    nsgName: AZURE.nsg,
  },
};

/** Accounts by side, as the wizard passes them, for "everything has an API" plans. */
export const SIDE_ACCOUNT_IDS: Partial<Record<ScenarioId, Record<string, string>>> = {
  'aws-same-account': { requester: 'sandbox:aws:app' },
  'aws-cross-account': { requester: 'sandbox:aws:app', accepter: 'sandbox:aws:emqx' },
  'aws-cross-region': { requester: 'sandbox:aws:app' },
  'dragonfly-aws': { dragonfly: 'sandbox:dragonfly', customer: 'sandbox:aws:app' },
  'emqx-cloud-aws': { customer: 'sandbox:aws:app' },
  'emqx-byoc-aws': { byoc: 'sandbox:aws:app' },
  'gcp-same-project': { local: `sandbox:gcp:${GCP.project}` },
  'gcp-cross-project': {
    local: `sandbox:gcp:${GCP.project}`,
    peer: `sandbox:gcp:${GCP.peerProject}`,
  },
  'emqx-byoc-gcp': {
    byoc: `sandbox:gcp:${GCP.project}`,
    service: `sandbox:gcp:${GCP.peerProject}`,
  },
  'dragonfly-gcp': { dragonfly: 'sandbox:dragonfly', customer: `sandbox:gcp:${GCP.project}` },
  'upcloud-upcloud': { local: 'sandbox:upcloud' },
  'azure-same-tenant': { local: 'sandbox:azure:app' },
  'azure-cross-tenant': { local: 'sandbox:azure:app', peer: 'sandbox:azure:partner' },
  'dragonfly-azure': { dragonfly: 'sandbox:dragonfly', customer: 'sandbox:azure:app' },
  'aiven-to-upcloud': { aiven: 'sandbox:aiven', upcloud: 'sandbox:upcloud' },
  'upcloud-to-aiven': { aiven: 'sandbox:aiven', upcloud: 'sandbox:upcloud' },
};

/** A context that gives every side an account (API steps), or none (console steps). */
export function modeContext(scenarioId: string, mode: 'api' | 'manual'): PlanContext {
  if (mode === 'manual') return {};
  const ids = SIDE_ACCOUNT_IDS[scenarioId as keyof typeof SIDE_ACCOUNT_IDS] ?? {};
  return {
    accounts: Object.fromEntries(
      Object.entries(ids).map(([side, id]) => [side, { id, cloud: 'aws', ref: id, label: id }]),
    ),
  };
}

export { AIVEN, AZURE, GCP, UPCLOUD };
