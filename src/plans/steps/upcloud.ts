/**
 * UpCloud and Aiven steps (https://aiven.io/docs/platform/howto/vpc-peering-upcloud):
 * an UpCloud network peering is one side
 * of a pair (`pending-peer` until the peer's owner makes the way back); an
 * Aiven VPC peering connection to UpCloud reads PENDING_PEER until the UpCloud
 * side exists, and names Aiven's own UpCloud network ("Aiven network ID").
 */
import { cite, PROVIDER_DOCS } from '../../model/docs';
import { failedOrGone, rawStates, statesIn } from '../../model/states';
import { addStep, declareTerraformProvider, variable, waitOnly, type PlanDraft } from '../draft';
import type { OutputRef, ShellWord } from '../../model/plan';

export const UPCLOUD_FAILED_STATES = failedOrGone('upcloud').join('|');

export interface UpcloudPeeringOptions {
  id: string;
  side: string;
  networkVar: string;
  network: string;
  peerVar: string;
  /** The peer network UUID, or the output of an earlier step (the Aiven network id). */
  peer: string | OutputRef;
  nameVar: string;
  name: string;
  title: string;
  reason: string;
  manual: boolean;
  tfName: string;
  /** Terraform expression for the peer network when it comes from another resource. */
  tfPeer?: string;
  /**
   * The aliased `upcloud` provider of this side's account (two accounts, two
   * provider blocks); declared by the caller. Without it, the default provider.
   */
  tfProvider?: string;
  /** The bash API helper, i.e. whose token: `upcloud_peer_api` for the other network's account. */
  api?: 'upcloud_api' | 'upcloud_peer_api';
}

export function declareUpcloud(draft: PlanDraft): void {
  declareTerraformProvider(draft, { provider: 'upcloud', body: [] });
}

/**
 * An aliased `upcloud` provider for one account of a two-account plan, signed
 * in with that account's API token (the provider's `token` argument), which
 * Terraform reads from a sensitive variable (TF_VAR_<name>), never a default.
 */
export function declareUpcloudAccount(
  draft: PlanDraft,
  alias: string,
  tokenVar: string,
  whose: string,
): string {
  variable(draft, tokenVar, '', `UpCloud API token of ${whose}`, { secret: true });
  declareTerraformProvider(draft, {
    provider: 'upcloud',
    alias,
    body: [{ attr: 'token', value: { var: tokenVar } }],
  });
  return `upcloud.${alias}`;
}

/** jq over GET /1.3/network/{uuid}: stops on a network that cannot peer, with the fix. */
const PEERABLE_NETWORK_JQ =
  '.network | if .type != "private" then error("network \\(.uuid) is a \\(.type) network; UpCloud peers only networks of type private: pick an SDN private network") ' +
  'elif (.router // "") == "" then error("network \\(.uuid) has no router attached; UpCloud network peering needs one: create a router (POST /1.3/router) or reuse one (GET /1.3/router), then PUT /1.3/network/\\(.uuid) with {\\"network\\": {\\"router\\": \\"<router UUID>\\"}}") ' +
  'else "network \\(.uuid): type private, router \\(.router)" end';

/**
 * Before any change: the network is of type private and has a router (UpCloud
 * network peering, https://developers.upcloud.com/1.3/13-networks/#create-network-peering),
 * read with its owner's credentials. A refusal stops the run before the first
 * peering exists, so nothing is left half made.
 */
export function upcloudNetworkCheckStep(
  draft: PlanDraft,
  o: {
    id: string;
    side: string;
    networkVar: string;
    network: string;
    /** Which end of the peering the network is: names the input in the refusal. */
    role: 'local' | 'peer';
    title: string;
    manual: boolean;
    api?: 'upcloud_api' | 'upcloud_peer_api';
  },
): void {
  addStep(draft, {
    id: o.id,
    side: o.side,
    title: o.title,
    reason:
      'UpCloud peers only networks of type private, and each network needs a router attached (LOCAL_NETWORK_NO_ROUTER, missing-peer-router); checked before anything changes.',
    ...(o.manual
      ? {
          kind: 'manual' as const,
          instructions: [
            'The owner of this network checks it with GET /1.3/network/{uuid} (or in the UpCloud Control Panel): "type" must read "private" and "router" must name a router.',
            'Without a router: create one with POST /1.3/router (or reuse one from GET /1.3/router), then PUT /1.3/network/{uuid} with {"network": {"router": "<router UUID>"}}.',
          ],
          values: [
            {
              label: 'network UUID',
              value: o.network,
              destination: 'UpCloud API → GET /1.3/network/{uuid}',
            },
          ],
        }
      : { kind: 'wait' as const }),
    check: { kind: 'upcloudNetwork', networkUuid: o.network, role: o.role },
    timeoutMs: 5 * 60_000,
    rollback: 'Nothing to undo: this step only reads the network.',
    scripts: {
      bash: [
        {
          command: [
            o.api ?? 'upcloud_api',
            'GET',
            { concat: ['/1.3/network/', { var: o.networkVar }] },
          ],
          pipeTo: ['jq', '-r', PEERABLE_NETWORK_JQ],
        },
      ],
      terraform: [],
      terraformGap: [
        'Terraform does not check the network before the peering: GET /1.3/network/<uuid> must show "type": "private" and a "router" (the bash tab checks both).',
      ],
    },
  });
}

export function upcloudPeeringStep(draft: PlanDraft, o: UpcloudPeeringOptions): void {
  if (!o.tfProvider) declareUpcloud(draft);
  variable(draft, o.nameVar, o.name, 'Name of the UpCloud network peering (1-255 characters)');
  const body: ShellWord = {
    subst: [
      'jq',
      '-cn',
      '--arg',
      'name',
      { var: o.nameVar },
      '--arg',
      'net',
      { var: o.networkVar },
      '--arg',
      'peer',
      { var: o.peerVar },
      '{network_peering: {configured_status: "active", name: $name, network: {uuid: $net}, peer_network: {uuid: $peer}}}',
    ],
  };
  addStep(draft, {
    id: o.id,
    side: o.side,
    title: o.title,
    reason: o.reason,
    ...(o.manual
      ? {
          kind: 'manual' as const,
          instructions: [
            `The owner of this network sends POST /1.3/network-peering to the UpCloud API with these values (${cite(PROVIDER_DOCS.aivenUpcloud, 'Set up VPC peering from UpCloud')}), or runs this step of the bash script with their token.`,
          ],
          values: [
            { label: 'name', value: o.name, destination: 'UpCloud API → network_peering.name' },
            {
              label: 'network.uuid',
              value: o.network,
              destination: 'UpCloud API → network_peering.network.uuid',
            },
            {
              label: 'peer_network.uuid',
              value: o.peer,
              destination: 'UpCloud API → network_peering.peer_network.uuid',
            },
          ],
        }
      : {
          kind: 'api' as const,
          action: {
            cloud: 'upcloud' as const,
            method: 'createPeering',
            args: [
              {
                networkUuid: o.network,
                peerNetworkUuid: o.peer,
                name: o.name,
                configuredStatus: 'active',
              },
            ],
          },
        }),
    check: { kind: 'upcloudPeering', networkUuid: o.network, peerNetworkUuid: o.peer },
    rollback:
      'Disable the peering (PATCH configured_status "disabled"), wait until it reads disabled, then DELETE /1.3/network-peering/<uuid>.',
    scripts: {
      bash: [
        {
          capture: 'EXISTING_PEERING',
          command: [o.api ?? 'upcloud_api', 'GET', '/1.3/network-peering'],
          pipeTo: [
            'jq',
            '-r',
            '--arg',
            'net',
            { var: o.networkVar },
            '--arg',
            'peer',
            { var: o.peerVar },
            '[.network_peerings.network_peering[]? | select(.network.uuid == $net and .peer_network.uuid == $peer) | .uuid][0] // empty',
          ],
        },
        {
          ifVar: 'EXISTING_PEERING',
          equals: null,
          then: [
            {
              command: [o.api ?? 'upcloud_api', 'POST', '/1.3/network-peering', '--data', body],
              pipeTo: ['jq', '-r', '.network_peering.state'],
            },
          ],
        },
      ],
      terraform: [
        {
          kind: 'resource',
          type: 'upcloud_network_peering',
          name: o.tfName,
          body: [
            ...(o.tfProvider ? [{ attr: 'provider', value: { ref: o.tfProvider } }] : []),
            { attr: 'name', value: { var: o.nameVar } },
            { attr: 'configured_status', value: 'active' },
            { block: 'network', body: [{ attr: 'uuid', value: { var: o.networkVar } }] },
            {
              block: 'peer_network',
              body: [{ attr: 'uuid', value: o.tfPeer ? { ref: o.tfPeer } : { var: o.peerVar } }],
            },
          ],
        },
      ],
    },
  });
}

export function upcloudWaitActiveStep(
  draft: PlanDraft,
  o: {
    id: string;
    side: string;
    networkVar: string;
    network: string;
    peerVar: string;
    peer: string | OutputRef;
    reason: string;
  },
): void {
  addStep(draft, {
    id: o.id,
    side: o.side,
    title: 'Wait until the UpCloud peering reads active',
    reason: o.reason,
    kind: 'wait',
    check: {
      kind: 'upcloudPeering',
      networkUuid: o.network,
      peerNetworkUuid: o.peer,
      states: ['active'],
    },
    ...waitOnly(),
    scripts: {
      bash: [
        {
          command: [
            'wait_for_state',
            'active',
            UPCLOUD_FAILED_STATES,
            'upcloud_peering_state',
            { var: o.networkVar },
            { var: o.peerVar },
          ],
        },
      ],
      terraform: [],
    },
  });
}

// ---- Aiven ----

export interface AivenVpcVars {
  projectVar: string;
  vpcVar: string;
  project: string;
  vpcId: string;
}

export function declareAiven(draft: PlanDraft, a: AivenVpcVars): void {
  variable(draft, a.projectVar, a.project, 'Aiven project that owns the VPC');
  variable(draft, a.vpcVar, a.vpcId, 'Aiven project VPC id (Aiven Console → VPCs)');
  declareTerraformProvider(draft, { provider: 'aiven', body: [] });
}

function aivenVpcPath(a: AivenVpcVars, suffix = ''): ShellWord {
  return {
    concat: [
      '/v1/project/',
      { var: a.projectVar },
      '/vpcs/',
      { var: a.vpcVar },
      ...(suffix ? [suffix] : []),
    ],
  };
}

export function aivenConnectionStep(
  draft: PlanDraft,
  o: {
    id: string;
    side: string;
    aiven: AivenVpcVars;
    upcloudVar: string;
    upcloudNetwork: string;
    title: string;
    reason: string;
    manual: boolean;
  },
): void {
  addStep(draft, {
    id: o.id,
    side: o.side,
    title: o.title,
    reason: o.reason,
    ...(o.manual
      ? {
          kind: 'manual' as const,
          instructions: [
            'In Aiven Console, open the organization and project, then Services → VPCs → the VPC below.',
            'On the VPC peering connections page, fill Peer network ID with the UpCloud SDN network UUID and select Add peering connection.',
            'Wait until the State column reads peer_pending; the Aiven network ID column then shows the UUID the UpCloud side needs.',
          ],
          values: [
            {
              label: 'Aiven VPC',
              value: o.aiven.vpcId,
              destination: 'Aiven Console → VPCs → Virtual private clouds',
            },
            {
              label: 'Peer network ID',
              value: o.upcloudNetwork,
              destination: 'Aiven Console → VPC peering connections → Peer network ID',
            },
          ],
        }
      : {
          kind: 'api' as const,
          action: {
            cloud: 'aiven' as const,
            method: 'createPeeringConnection',
            args: [o.aiven.vpcId, { peerCloudAccount: 'upcloud', peerVpc: o.upcloudNetwork }],
          },
          outputs: ['aivenPeeringId'],
        }),
    check: {
      kind: 'aivenConnection',
      vpcId: o.aiven.vpcId,
      peerCloudAccount: 'upcloud',
      peerVpc: o.upcloudNetwork,
    },
    rollback:
      'Delete the peering connection in Aiven Console (VPCs → the VPC → its peering connections), or DELETE .../peering-connections/peer-accounts/upcloud/peer-vpcs/<uuid>.',
    scripts: {
      bash: [
        {
          capture: 'EXISTING_CONNECTION',
          command: ['aiven_api', 'GET', aivenVpcPath(o.aiven)],
          pipeTo: [
            'jq',
            '-r',
            '--arg',
            'peer',
            { var: o.upcloudVar },
            `[.peering_connections[]? | select(.peer_vpc == $peer${statesIn('aiven', 'gone')
              .map((s) => ` and .state != ${JSON.stringify(s)}`)
              .join('')}) | .state][0] // empty`,
          ],
        },
        {
          ifVar: 'EXISTING_CONNECTION',
          equals: null,
          then: [
            {
              command: [
                'aiven_api',
                'POST',
                aivenVpcPath(o.aiven, '/peering-connections'),
                '--data',
                {
                  subst: [
                    'jq',
                    '-cn',
                    '--arg',
                    'peer',
                    { var: o.upcloudVar },
                    '{peer_cloud_account: "upcloud", peer_vpc: $peer}',
                  ],
                },
              ],
              pipeTo: ['jq', '-r', '.state'],
            },
          ],
        },
      ],
      // The Aiven provider registers VPC peering resources for AWS, GCP and Azure
      // only (aiven/terraform-provider-aiven, internal/sdkprovider/provider/provider.go
      // at de2e6b0: aiven_{aws,gcp,azure}_vpc_peering_connection); none takes an
      // UpCloud peer, so Terraform says where it is done instead of inventing one.
      terraform: [],
      terraformGap: [
        'The aiven provider has no VPC peering resource for UpCloud (only aiven_aws_, aiven_gcp_ and aiven_azure_vpc_peering_connection).',
        'Create it with the Aiven API: POST /v1/project/<project>/vpcs/<project_vpc_id>/peering-connections with {"peer_cloud_account": "upcloud", "peer_vpc": "<UpCloud network UUID>"} (the bash tab does this),',
        'or in Aiven Console: VPCs → the VPC → VPC peering connections → Peer network ID → Add peering connection.',
      ],
    },
  });
}

/** The states in which Aiven reports its network id ("Aiven network ID" in Aiven Console). */
const AIVEN_NETWORK_ID_STATES = rawStates('aiven', 'PENDING_PEER', 'ACTIVE');

/** Waits for Aiven to reach PENDING_PEER and reads the Aiven network id the UpCloud side peers with. */
export function aivenNetworkIdStep(
  draft: PlanDraft,
  o: {
    id: string;
    side: string;
    aiven: AivenVpcVars;
    upcloudVar: string;
    upcloudNetwork: string;
    reason: string;
    /** No Aiven account: the user reads the id in Aiven Console; the script reads it from the Aiven API. */
    manual?: boolean;
  },
): void {
  addStep(draft, {
    id: o.id,
    side: o.side,
    title: 'Wait for Aiven to report its network ID (state PENDING_PEER)',
    reason: o.reason,
    ...(o.manual
      ? {
          kind: 'manual' as const,
          instructions: [
            'In Aiven Console, open the VPC peering connections of the VPC below and wait until the State column reads peer_pending.',
            'Copy the Aiven network ID column: the UpCloud side peers with that network (enter it in the wizard as "Aiven network ID").',
          ],
          values: [
            {
              label: 'Aiven VPC',
              value: o.aiven.vpcId,
              destination: 'Aiven Console → VPCs → VPC peering connections → Aiven network ID',
            },
          ],
        }
      : {
          kind: 'wait' as const,
          check: {
            kind: 'aivenConnection' as const,
            vpcId: o.aiven.vpcId,
            peerCloudAccount: 'upcloud',
            peerVpc: o.upcloudNetwork,
            states: AIVEN_NETWORK_ID_STATES,
          },
          outputs: ['aivenNetworkId'],
        }),
    ...waitOnly(),
    scripts: {
      bash: [
        // Stops on the states the runner stops on (failed or gone in Aiven's lifecycle table)
        // instead of polling until WAIT_TIMEOUT_SECONDS.
        {
          command: [
            'wait_for_state',
            AIVEN_NETWORK_ID_STATES.join('|'),
            failedOrGone('aiven').join('|'),
            'aiven_connection_state',
            aivenVpcPath(o.aiven),
            { var: o.upcloudVar },
          ],
        },
        {
          capture: 'AIVEN_NETWORK_ID',
          command: [
            'wait_for_value',
            'aiven_network_id',
            aivenVpcPath(o.aiven),
            { var: o.upcloudVar },
          ],
        },
        { say: ['Aiven network ID: ', { var: 'AIVEN_NETWORK_ID' }] },
      ],
      terraform: [],
    },
  });
}

export const DHCP_RENEWAL = (iface: string): string[] => [
  `On each UpCloud VM created before the peering, refresh the DHCP lease of its interface on the peered network to get the new routes: dhclient -r ${iface}, then dhclient ${iface} (${cite(PROVIDER_DOCS.aivenUpcloud, 'Renew a DHCP lease')}). Without it, the peering does not work for those VMs.`,
];
