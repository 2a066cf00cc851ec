/**
 * The demo world's fixed ids, in one place, so the services that link across
 * clouds (Dragonfly ↔ AWS, Aiven ↔ UpCloud) and the tests agree on them.
 *
 * Credentials here are sandbox-only values: they open nothing outside it.
 */

export const AWS_REGIONS = ['us-east-1', 'eu-west-1'] as const;

export interface AwsDemoAccount {
  accountId: string;
  profile: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export const AWS_ACCOUNTS = {
  /** The user's application account. */
  app: {
    accountId: '111111111111',
    profile: 'sandbox-app',
    accessKeyId: 'AKIASANDBOXAPP000001',
    secretAccessKey: 'sandbox-app-secret-key-000000000000000001',
  },
  /** A second account of the user's (data team). */
  data: {
    accountId: '222222222222',
    profile: 'sandbox-data',
    accessKeyId: 'AKIASANDBOXDATA00001',
    secretAccessKey: 'sandbox-data-secret-key-00000000000000001',
  },
  /** Dragonfly Cloud's own AWS account, which owns the Dragonfly network's VPC. */
  dragonfly: {
    accountId: '333333333333',
    profile: 'sandbox-dragonfly',
    accessKeyId: 'AKIASANDBOXDFLY00001',
    secretAccessKey: 'sandbox-dragonfly-secret-key-00000000001',
  },
  /** EMQX Cloud's account, which owns the EMQX deployment VPC. */
  emqx: {
    accountId: '444444444444',
    profile: 'sandbox-emqx',
    accessKeyId: 'AKIASANDBOXEMQX00001',
    secretAccessKey: 'sandbox-emqx-secret-key-000000000000001',
  },
} as const satisfies Record<string, AwsDemoAccount>;

export const AWS_VPCS = {
  /** app account, us-east-1: primary + secondary IPv4 and an IPv6 block. */
  app: {
    id: 'vpc-0a1a0000000000001',
    account: 'app',
    region: 'us-east-1',
    cidrs: ['10.10.0.0/16', '10.11.0.0/16'],
    ipv6: '2600:1f18:1a00::/56',
    name: 'app-vpc',
  },
  appEu: {
    id: 'vpc-0a1a0000000000002',
    account: 'app',
    region: 'eu-west-1',
    cidrs: ['10.20.0.0/16'],
    name: 'app-eu-vpc',
  },
  shared: {
    id: 'vpc-0a1a0000000000003',
    account: 'app',
    region: 'us-east-1',
    cidrs: ['10.30.0.0/16'],
    name: 'shared-services-vpc',
  },
  /** Overlaps app: its peering with app is `failed`. */
  legacy: {
    id: 'vpc-0a1a0000000000004',
    account: 'app',
    region: 'us-east-1',
    cidrs: ['10.10.0.0/20'],
    name: 'legacy-vpc',
  },
  data: {
    id: 'vpc-0b2b0000000000001',
    account: 'data',
    region: 'us-east-1',
    cidrs: ['10.40.0.0/16'],
    name: 'data-vpc',
  },
  dragonfly: {
    id: 'vpc-0d3d0000000000001',
    account: 'dragonfly',
    region: 'us-east-1',
    cidrs: ['10.60.0.0/20'],
    name: 'dragonfly-network',
  },
  emqx: {
    id: 'vpc-0e4e0000000000001',
    account: 'emqx',
    region: 'us-east-1',
    cidrs: ['10.70.0.0/16'],
    name: 'emqx-deployment',
  },
} as const;

/**
 * AWS peerings in the demo world and the state each shows.
 * - activeDnsOff: app ↔ shared, active, routes and rules in place, DNS resolution option off.
 * - pendingCrossAccount: data → app, pending-acceptance (app must accept).
 * - crossRegionMissingRoute: app (us-east-1) ↔ appEu (eu-west-1), active, but appEu has no route back.
 * - overlapFailed: app → legacy, failed (overlapping CIDRs).
 * - sharedDataMissingRule: shared ↔ data, active, routes in place, no security-group rule on data.
 * - dragonflyPending: dragonfly → app, pending-acceptance; the Dragonfly connection is `inactive` until accepted.
 */
export const AWS_PEERINGS = {
  activeDnsOff: 'pcx-0a1a00000000000a1',
  pendingCrossAccount: 'pcx-0a1a00000000000a2',
  crossRegionMissingRoute: 'pcx-0a1a00000000000a3',
  overlapFailed: 'pcx-0a1a00000000000a4',
  sharedDataMissingRule: 'pcx-0a1a00000000000a5',
  dragonflyPending: 'pcx-0d3d00000000000d1',
} as const;

/** Subnets of the demo VPCs (the Doctor's route-table and ACL checks read them). */
export const AWS_DEMO_SUBNETS = {
  app: [
    { id: 'subnet-0a1a0000000000001', cidr: '10.10.1.0/24', name: 'app-public-a' },
    { id: 'subnet-0a1a0000000000002', cidr: '10.10.32.0/24', name: 'app-private-a' },
  ],
  appEu: [{ id: 'subnet-0a1a0000000000021', cidr: '10.20.1.0/24', name: 'app-eu-a' }],
  shared: [{ id: 'subnet-0a1a0000000000031', cidr: '10.30.1.0/24', name: 'shared-a' }],
  data: [{ id: 'subnet-0b2b0000000000001', cidr: '10.40.1.0/24', name: 'data-db-a' }],
} as const;

/** The Doctor's breakages in the AWS demo (see aws/demo.ts). */
export const AWS_DOCTOR = {
  /** app-private-rt: serves app-private-a; 10.30.0.0/16 → a deleted peering, nothing to app-eu. */
  appPrivateRouteTable: 'rtb-0a1a0000000000b01',
  appPrivateSubnet: 'subnet-0a1a0000000000002',
  /** The peering the private table's route to shared still names: deleted, so a blackhole. */
  deletedPeering: 'pcx-0a1a00000000000a9',
  /** data-db-acl on data-db-a: 5432 in from shared, but only 443 out (no ephemeral return). */
  dataDbAcl: 'acl-0b2b0000000000d01',
  dataDbSubnet: 'subnet-0b2b0000000000001',
  /** The service port the demo's data VPC serves (PostgreSQL). */
  dataPort: 5432,
} as const;

export const GCP = {
  project: 'sandbox-project',
  peerProject: 'sandbox-peer-project',
  /** Both projects are in the organisation; the peer project is also in the folder. */
  organization: 'organizations/200000000001',
  folder: 'folders/300000000001',
  /** Display names, as Cloud Asset Inventory lists the projects (Add GCP Organization). */
  projectNames: {
    'sandbox-project': 'Sandbox project',
    'sandbox-peer-project': 'Sandbox peer project',
  } as Record<string, string>,
  /** A project of the folder being deleted (DELETE_REQUESTED): listed by the engine, never offered. */
  retiredProject: 'sandbox-retired-project',
  networks: {
    app: {
      name: 'app-net',
      project: 'sandbox-project',
      subnets: [{ name: 'app-us', region: 'us-central1', cidr: '10.100.0.0/20' }],
    },
    svc: {
      name: 'svc-net',
      project: 'sandbox-project',
      subnets: [{ name: 'svc-us', region: 'us-central1', cidr: '10.101.0.0/20' }],
    },
    peer: {
      name: 'peer-net',
      project: 'sandbox-peer-project',
      subnets: [{ name: 'peer-us', region: 'us-central1', cidr: '10.102.0.0/20' }],
    },
    /** Overlaps app-net (10.100.0.0/22 inside 10.100.0.0/20): peering it with app-net fails. */
    legacy: {
      name: 'legacy-net',
      project: 'sandbox-project',
      subnets: [{ name: 'legacy-us', region: 'us-central1', cidr: '10.100.0.0/22' }],
    },
  },
  /** Firewall rules on app-net. */
  firewalls: { allowInternal: 'app-net-allow-internal', allowSsh: 'app-net-allow-ssh-iap' },
  /** What the Doctor finds on app-net ↔ peer-net (see gcp/demo.ts). */
  doctor: {
    /** On app-net: tcp:5432 from peer-net, only to instances tagged `db`. */
    allowPeerPostgres: 'app-net-allow-peer-postgres',
    port: 5432,
    /** In the peer project: peer-net's static route behind a VPN; not exported over the peering. */
    onPremRoute: 'peer-net-to-onprem',
    onPremRange: '172.20.0.0/16',
    vpnGatewayIp: '10.102.0.10',
  },
  /** app-net ↔ peer-net: both sides exist, ACTIVE. app-net → svc-net: one side only, INACTIVE. */
  peerings: {
    activePair: 'app-to-peer',
    activePairReverse: 'peer-to-app',
    oneSided: 'app-to-svc',
  },
} as const;

export const AZURE = {
  tenantId: 'aaaaaaaa-0000-4000-8000-000000000001',
  otherTenantId: 'bbbbbbbb-0000-4000-8000-000000000002',
  subscriptionId: '00000000-0000-4000-8000-000000000001',
  otherSubscriptionId: '00000000-0000-4000-8000-000000000002',
  resourceGroup: 'rg-app',
  location: 'westeurope',
  vnets: {
    app: { name: 'vnet-app', addressSpace: ['10.200.0.0/16'] },
    // The hub has a VPN gateway, so its spokes may use remote gateways.
    hub: { name: 'vnet-hub', addressSpace: ['10.201.0.0/16'], gateway: 'vgw-hub' },
    spoke: { name: 'vnet-spoke', addressSpace: ['10.202.0.0/16'] },
    /** Peered with app, then its address space grew by `addedSpace`: app-to-db needs a sync. */
    db: { name: 'vnet-db', addressSpace: ['10.203.0.0/16'], addedSpace: '10.204.0.0/16' },
  },
  /**
   * app ↔ hub Connected (both sides); app → spoke Initiated (one side only); app ↔ db Connected,
   * app-to-db RemoteNotInSync since db's address space grew.
   */
  peerings: {
    appToHub: 'app-to-hub',
    hubToApp: 'hub-to-app',
    appToSpoke: 'app-to-spoke',
    appToDb: 'app-to-db',
    dbToApp: 'db-to-app',
  },
  /** On vnet-app's default subnet; its rule `nsgDenyRule` denies 5432 from the hub. */
  nsg: 'nsg-app',
  nsgDenyRule: 'deny-postgres-from-hub',
  /** High enough that rules the tests and plans add (100–3000) run before it. */
  nsgDenyPriority: 4000,
  /** The service port the Azure demo's Doctor finds blocked. */
  dbPort: 5432,
  /**
   * The Doctor's user-defined routes (issue 13), two Connected pairs in rg-app:
   * - web ↔ api: route table `blackholeTable` on web's subnet sends api's space to next hop
   *   None (`blackholeRoute`), overriding the peering's system route;
   * - edge ↔ shared: `applianceTable` on edge's subnet sends shared's space through the
   *   appliance at `edge.appliance` (`applianceRoute`), and shared-to-edge does not allow
   *   forwarded traffic.
   */
  udr: {
    web: { name: 'vnet-web', addressSpace: ['10.205.0.0/16'] },
    api: { name: 'vnet-api', addressSpace: ['10.206.0.0/16'] },
    webToApi: 'web-to-api',
    apiToWeb: 'api-to-web',
    blackholeTable: 'rt-web',
    blackholeRoute: 'api-to-nowhere',
    edge: { name: 'vnet-edge', addressSpace: ['10.207.0.0/16'], appliance: '10.207.0.4' },
    shared: { name: 'vnet-shared', addressSpace: ['10.208.0.0/16'] },
    edgeToShared: 'edge-to-shared',
    sharedToEdge: 'shared-to-edge',
    applianceTable: 'rt-edge',
    applianceRoute: 'shared-via-firewall',
  },
  /** A partner's network in otherSubscriptionId (otherTenantId): peering to it is cross-tenant. */
  partner: {
    resourceGroup: 'rg-partner',
    vnet: { name: 'vnet-partner', addressSpace: ['10.210.0.0/16'] },
  },
} as const;

export const UPCLOUD = {
  username: 'sandbox-upcloud',
  password: 'sandbox-upcloud-password-0001',
  token: 'ucat_sandbox_token_000000000000000001',
  zone: 'de-fra1',
  networks: {
    app: {
      uuid: '03126dc1-a69f-4bc2-8b24-e31c22d64712',
      name: 'app-net',
      cidr: '192.168.0.0/24',
      ipv6: 'fc02:c4f3::/64',
      router: '04c0df35-2658-4b0c-8ad7-1e8e3b7e5f01',
    },
    staging: {
      uuid: '03aa6e0b-0000-4000-8000-000000000002',
      name: 'staging-net',
      cidr: '192.168.10.0/24',
      router: '04c0df35-2658-4b0c-8ad7-1e8e3b7e5f02',
    },
    /** No router attached: peering from it gives `missing-local-router`. */
    norouter: {
      uuid: '03aa6e0b-0000-4000-8000-000000000003',
      name: 'no-router-net',
      cidr: '192.168.20.0/24',
    },
    /** A partner's network in another UpCloud account; it has not peered back. */
    partner: {
      uuid: '03aa6e0b-0000-4000-8000-000000000004',
      name: 'partner-net',
      cidr: '192.168.30.0/24',
      router: '04c0df35-2658-4b0c-8ad7-1e8e3b7e5f04',
      account: 'sandbox-partner',
    },
  },
  /**
   * - appToAiven: app-net ↔ the Aiven VPC's network, active (the Aiven side exists).
   * - stagingToPartner: staging-net → partner-net, pending-peer (the partner has not peered back).
   * - noRouterToStaging: no-router-net → staging-net, missing-local-router (router detached after create).
   */
  /**
   * Servers on app-net, peered with Aiven: `appDb` is started (it learns the peering's route only
   * when it renews its DHCP lease, if it started before the peering), `appBatch` is stopped (it
   * gets a fresh lease when it starts). UpCloud exposes no start or lease time.
   */
  servers: {
    appDb: {
      uuid: '00a1e0c5-0000-4000-8000-0000000000d1',
      title: 'app-db-1',
      hostname: 'app-db-1',
    },
    appBatch: {
      uuid: '00a1e0c5-0000-4000-8000-0000000000d2',
      title: 'app-batch-1',
      hostname: 'app-batch-1',
    },
  },
  peerings: {
    appToAiven: '0ec4e5b1-0000-4000-8000-0000000000a1',
    stagingToPartner: '0ec4e5b1-0000-4000-8000-0000000000a2',
    noRouterToStaging: '0ec4e5b1-0000-4000-8000-0000000000a3',
  },
} as const;

export const AIVEN = {
  token: 'aiven-sandbox-token-000000000000000001',
  project: 'sandbox-aiven',
  cloud: 'upcloud-de-fra1',
  vpc: {
    projectVpcId: 'a1e00000-0000-4000-8000-000000000001',
    cidr: '10.150.0.0/24',
    /** The UpCloud SDN network that backs the Aiven VPC (the "Aiven network ID"). */
    upcloudNetworkUuid: '03585987-bf7d-4544-8e9b-5a1b4d74a333',
  },
} as const;

export const DRAGONFLY = {
  apiKey: 'dfc_sandbox_key_00000000000000000001',
  network: {
    id: 'net-sandbox0001',
    name: 'df-prod',
    provider: 'aws',
    region: 'us-east-1',
    cidr: '10.60.0.0/20',
  },
  /** The connection to the app VPC; `inactive` until app accepts dragonflyPending. */
  connection: { id: 'conn-sandbox0001', name: 'app-vpc' },
  /**
   * Networks hosted on GCP and Azure, with no connection yet, so the wizard's
   * Dragonfly Cloud ↔ GCP and ↔ Azure scenarios have one to pick. Their VPCs
   * live where Dragonfly Cloud keeps them (its GCP project, its Azure
   * subscription), not in the user's accounts.
   */
  gcpNetwork: {
    id: 'net-sandbox0002',
    name: 'df-gcp',
    provider: 'gcp',
    region: 'us-central1',
    cidr: '10.80.0.0/20',
  },
  azureNetwork: {
    id: 'net-sandbox0003',
    name: 'df-azure',
    provider: 'azure',
    region: 'westeurope',
    cidr: '10.81.0.0/20',
  },
} as const;

/**
 * The demo world's AWS Organization: the app account is its management account, and it holds a
 * Config aggregator over the whole organization in us-east-1. Two member accounts exist only
 * inside the organization (no demo account lists them); the platform team's VPCs there are peered
 * across regions. Members are reached by assuming `accessRoleName`, the role AWS Organizations
 * creates in accounts it creates.
 */
export const AWS_ORGANIZATION = {
  id: 'o-sandbox0001',
  managementAccount: 'app',
  accessRoleName: 'OrganizationAccountAccessRole',
  aggregatorName: 'org-network-inventory',
  aggregatorRegion: 'us-east-1',
  members: {
    platform: { accountId: '555555555555', name: 'platform-shared' },
    platformEu: { accountId: '666666666666', name: 'platform-eu' },
  },
  vpcs: {
    platform: {
      id: 'vpc-0c5c0000000000001',
      member: 'platform',
      region: 'us-east-1',
      cidrs: ['10.80.0.0/16'],
      name: 'platform-hub-vpc',
    },
    platformEu: {
      id: 'vpc-0c6c0000000000001',
      member: 'platformEu',
      region: 'eu-west-1',
      cidrs: ['10.81.0.0/16'],
      name: 'platform-eu-vpc',
    },
  },
  /** platform (us-east-1) ↔ platformEu (eu-west-1), active. */
  peering: 'pcx-0c5c00000000000c1',
} as const;
