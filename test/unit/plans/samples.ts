/**
 * One set of inputs per scenario, matching the sandbox's demo world
 * (src/sandbox/worlds/demoTopology.ts), shared by the plan, script, runner
 * and snippet tests.
 */
import type { PlanContext, PlanInputs, ScenarioId } from '../../../src/plans/types';
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

export const SAMPLE_INPUTS: Partial<Record<ScenarioId, PlanInputs>> = {
  'aws-same-account': {
    requesterRegion: 'us-east-1',
    requesterVpcId: AWS_VPCS.shared.id,
    requesterCidrs: [...AWS_VPCS.shared.cidrs],
    requesterRouteTableIds: [rtb(AWS_VPCS.shared)],
    requesterSecurityGroupIds: [sg(AWS_VPCS.shared)],
    requesterProfile: AWS_ACCOUNTS.app.profile,
    accepterVpcId: AWS_VPCS.legacy.id,
    accepterCidrs: [...AWS_VPCS.legacy.cidrs],
    accepterRouteTableIds: [rtb(AWS_VPCS.legacy)],
    accepterSecurityGroupIds: [sg(AWS_VPCS.legacy)],
    accepterProfile: AWS_ACCOUNTS.app.profile,
    peeringName: 'shared-to-legacy',
    ingressPorts: 'tcp:5432',
    dnsResolution: 'yes',
  },
  'aws-cross-account': {
    requesterAccountId: AWS_ACCOUNTS.app.accountId,
    requesterRegion: 'us-east-1',
    requesterVpcId: AWS_VPCS.app.id,
    requesterCidrs: [...AWS_VPCS.app.cidrs, AWS_VPCS.app.ipv6],
    requesterRouteTableIds: [rtb(AWS_VPCS.app)],
    requesterSecurityGroupIds: [sg(AWS_VPCS.app)],
    requesterProfile: AWS_ACCOUNTS.app.profile,
    accepterAccountId: AWS_ACCOUNTS.emqx.accountId,
    accepterVpcId: AWS_VPCS.emqx.id,
    accepterCidrs: [...AWS_VPCS.emqx.cidrs],
    accepterRouteTableIds: [rtb(AWS_VPCS.emqx)],
    accepterSecurityGroupIds: [sg(AWS_VPCS.emqx)],
    accepterProfile: AWS_ACCOUNTS.emqx.profile,
    peeringName: 'app-to-partner',
    ingressPorts: 'all',
  },
  'aws-cross-region': {
    requesterRegion: 'us-east-1',
    requesterVpcId: AWS_VPCS.shared.id,
    requesterCidrs: [...AWS_VPCS.shared.cidrs],
    requesterRouteTableIds: [rtb(AWS_VPCS.shared)],
    requesterSecurityGroupIds: [sg(AWS_VPCS.shared)],
    requesterProfile: AWS_ACCOUNTS.app.profile,
    accepterRegion: 'eu-west-1',
    accepterVpcId: AWS_VPCS.appEu.id,
    accepterCidrs: [...AWS_VPCS.appEu.cidrs],
    accepterRouteTableIds: [rtb(AWS_VPCS.appEu)],
    accepterSecurityGroupIds: [sg(AWS_VPCS.appEu)],
    accepterProfile: AWS_ACCOUNTS.app.profile,
    peeringName: 'shared-to-eu',
    ingressPorts: 'tcp:all',
  },
  'dragonfly-aws': {
    dragonflyNetworkId: DRAGONFLY.network.id,
    dragonflyCidr: DRAGONFLY.network.cidr,
    connectionName: 'shared-vpc',
    customerAccountId: AWS_ACCOUNTS.app.accountId,
    customerRegion: 'us-east-1',
    customerVpcId: AWS_VPCS.shared.id,
    customerCidrs: [...AWS_VPCS.shared.cidrs],
    customerRouteTableIds: [rtb(AWS_VPCS.shared)],
    customerSecurityGroupIds: [sg(AWS_VPCS.shared)],
    customerProfile: AWS_ACCOUNTS.app.profile,
  },
  'emqx-cloud-aws': {
    emqxRegion: 'us-east-1',
    emqxVpcId: AWS_VPCS.emqx.id,
    emqxCidr: AWS_VPCS.emqx.cidrs[0],
    emqxAccountId: AWS_ACCOUNTS.emqx.accountId,
    customerVpcId: AWS_VPCS.shared.id,
    customerCidrs: [...AWS_VPCS.shared.cidrs],
    customerRouteTableIds: [rtb(AWS_VPCS.shared)],
    customerSecurityGroupIds: [sg(AWS_VPCS.shared)],
    customerProfile: AWS_ACCOUNTS.app.profile,
    ingressPorts: 'tcp:1883-8883',
  },
  'emqx-byoc-aws': {
    byocRegion: 'us-east-1',
    byocVpcId: AWS_VPCS.legacy.id,
    byocCidrs: [...AWS_VPCS.legacy.cidrs],
    byocRouteTableIds: [rtb(AWS_VPCS.legacy)],
    byocSecurityGroupIds: [sg(AWS_VPCS.legacy)],
    byocProfile: AWS_ACCOUNTS.app.profile,
    serviceRegion: 'us-east-1',
    serviceVpcId: AWS_VPCS.shared.id,
    serviceCidrs: [...AWS_VPCS.shared.cidrs],
    serviceRouteTableIds: [rtb(AWS_VPCS.shared)],
    serviceSecurityGroupIds: [sg(AWS_VPCS.shared)],
    serviceProfile: AWS_ACCOUNTS.app.profile,
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
