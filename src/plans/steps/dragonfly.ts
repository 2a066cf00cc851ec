/**
 * Dragonfly Cloud's side of a connection
 * (https://www.dragonflydb.io/docs/cloud/connections): created through
 * the Dragonfly API when that account is configured, otherwise in its console
 * with the exact values; it starts Inactive and turns Active once the
 * customer's side is done.
 */
import { failedOrGone, statesIn } from '../../model/states';
import {
  addStep,
  declareTerraformProvider,
  ref,
  variable,
  waitOnly,
  type PlanDraft,
} from '../draft';
import { cite, PROVIDER_DOCS } from '../../model/docs';
import type {
  CarryValue,
  ShellLine,
  ShellWord,
  StepCheck,
  TfBodyItem,
  TfExpr,
} from '../../model/plan';
import { LIVE_PEERING_STATES } from './aws';

export interface DragonflyConnection {
  networkId: string;
  cidr: string;
  name: string;
  /** The customer's network as Dragonfly names it (API `peer`). */
  peer: {
    cloud: 'aws' | 'gcp' | 'azure';
    accountId: string;
    vpcId: string;
    cidr: string;
    region?: string;
    /** App ID of the customer's Azure AD application, when it exists already
     * (https://www.dragonflydb.io/docs/cloud/connections, Azure step 2). */
    azure?: { resourceGroup: string; tenantId?: string; appId?: string; appObjectId?: string };
  };
  /** Script variables holding the peer's values. */
  peerVariables: {
    accountId: string;
    vpcId: string;
    cidr: ShellWord;
    region?: string;
    resourceGroup?: string;
    tenantId?: string;
    appId?: string;
    /** The application's object ID: what the API and Terraform take (see AZURE_APP_FIELD). */
    appObjectId?: string;
  };
  /** Runner: the Dragonfly account is configured, so the API does it. */
  api: boolean;
  /** The customer's side id, whose account sees the request arrive (manual mode). */
  customerSide: string;
}

/**
 * The Azure application is identified to Dragonfly Cloud by its object ID, the
 * same way in bash, the runner and Terraform: the dfcloud provider's
 * `peer.azure_app_object_id` ("The object ID of the Azure AD application used
 * for peering"), sent as `peer.azure.app_object_id`
 * (dragonflydb/terraform-provider-dfcloud at e4ff7e3, internal/provider/connection.go
 * and internal/sdk/connection.go). Only the console's form asks for the App ID.
 */
export const AZURE_APP_FIELD = 'app_object_id';

export const DFCLOUD_CONSOLE = 'Dragonfly Cloud console → Networks → ⋮ → + Connect';

export function declareDragonfly(draft: PlanDraft, c: DragonflyConnection): void {
  variable(draft, 'DFCLOUD_NETWORK_ID', c.networkId, 'Dragonfly Cloud private network id');
  variable(draft, 'DFCLOUD_CIDRS', [c.cidr], 'CIDR of the Dragonfly Cloud private network');
  variable(draft, 'CONNECTION_NAME', c.name, 'Name of the Dragonfly Cloud connection');
  declareTerraformProvider(draft, { provider: 'dfcloud', body: [] });
}

/** The console fields of https://www.dragonflydb.io/docs/cloud/connections, in the order the console asks for them. */
function consoleValues(c: DragonflyConnection): CarryValue[] {
  const d = DFCLOUD_CONSOLE;
  if (c.peer.cloud === 'aws')
    return [
      { label: 'Region', value: c.peer.region ?? '', destination: `${d} → AWS → Region` },
      { label: 'CIDR', value: c.peer.cidr, destination: `${d} → AWS → CIDR` },
      { label: 'Account ID', value: c.peer.accountId, destination: `${d} → AWS → Account ID` },
      { label: 'VPC ID', value: c.peer.vpcId, destination: `${d} → AWS → VPC ID` },
    ];
  if (c.peer.cloud === 'gcp')
    return [
      { label: 'CIDR', value: c.peer.cidr, destination: `${d} → GCP → CIDR` },
      { label: 'Project ID', value: c.peer.accountId, destination: `${d} → GCP → Project ID` },
      { label: 'VPC ID', value: c.peer.vpcId, destination: `${d} → GCP → VPC ID` },
    ];
  return [
    {
      label: 'Acceptor Account ID',
      value: c.peer.accountId,
      destination: `${d} → Azure → Acceptor Account ID`,
    },
    {
      label: 'Acceptor VPC ID',
      value: c.peer.vpcId,
      destination: `${d} → Azure → Acceptor VPC ID`,
    },
    {
      label: 'Acceptor Region',
      value: c.peer.region ?? '',
      destination: `${d} → Azure → Acceptor Region`,
    },
    {
      label: 'App ID',
      value: c.peer.azure?.appId ?? ref('userAppId'),
      destination: `${d} → Azure → App ID`,
    },
    {
      label: 'Resource Group',
      value: c.peer.azure?.resourceGroup ?? '',
      destination: `${d} → Azure → Resource Group`,
    },
    {
      label: 'Tenant ID',
      value: c.peer.azure?.tenantId ?? ref('userTenantId'),
      destination: `${d} → Azure → Tenant ID`,
    },
  ];
}

function apiBody(c: DragonflyConnection): ShellWord[] {
  const v = c.peerVariables;
  const args: ShellWord[] = [
    'jq',
    '-cn',
    '--arg',
    'name',
    { var: 'CONNECTION_NAME' },
    '--arg',
    'net',
    { var: 'DFCLOUD_NETWORK_ID' },
    '--arg',
    'account',
    { var: v.accountId },
    '--arg',
    'vpc',
    { var: v.vpcId },
    '--arg',
    'cidr',
    v.cidr,
  ];
  let peer = '{account_id: $account, vpc_id: $vpc, cidr_block: $cidr}';
  if (v.region) {
    args.push('--arg', 'region', { var: v.region });
    peer = '{account_id: $account, vpc_id: $vpc, cidr_block: $cidr, region: $region}';
  }
  if (c.peer.cloud === 'azure' && v.resourceGroup && v.tenantId && v.appObjectId) {
    args.push(
      '--arg',
      'rg',
      { var: v.resourceGroup },
      '--arg',
      'tenant',
      { var: v.tenantId },
      '--arg',
      'appobj',
      { var: v.appObjectId },
    );
    peer = `{account_id: $account, vpc_id: $vpc, cidr_block: $cidr, region: $region, azure: {resource_group: $rg, tenant_id: $tenant, ${AZURE_APP_FIELD}: $appobj}}`;
  }
  args.push(`{name: $name, network_id: $net, peer: ${peer}}`);
  return args;
}

/** Step 1 of every Dragonfly preset: the connection on Dragonfly's side. */
export function createConnectionStep(
  draft: PlanDraft,
  c: DragonflyConnection,
  options: { reason: string; dependsOn?: string[] },
): void {
  const values = consoleValues(c);
  const lookup: ShellLine = {
    capture: 'CONNECTION_ID',
    command: ['dfcloud_api', 'GET', '/v1/connections'],
    pipeTo: [
      'jq',
      '-r',
      '--arg',
      'net',
      { var: 'DFCLOUD_NETWORK_ID' },
      '--arg',
      'vpc',
      { var: c.peerVariables.vpcId },
      `[.[] | select(.connection_config.network_id == $net and .connection_config.peer.vpc_id == $vpc${statesIn(
        'dragonfly',
        'gone',
      )
        .map((s) => ` and .status != ${JSON.stringify(s)}`)
        .join('')})][0].connection_id // empty`,
    ],
  };
  const bash: ShellLine[] = c.api
    ? [
        { comment: 'Reuse a connection from this network to this VPC if there is one.' },
        lookup,
        {
          ifVar: 'CONNECTION_ID',
          equals: null,
          then: [
            {
              capture: 'CONNECTION_ID',
              command: ['dfcloud_api', 'POST', '/v1/connections', '--data', { subst: apiBody(c) }],
              pipeTo: ['jq', '-r', '.connection_id'],
            },
          ],
        },
        {
          say: ['Dragonfly Cloud connection: ', { var: 'CONNECTION_ID' }, ' (it starts Inactive)'],
        },
      ]
    : [
        {
          say: [
            'In the Dragonfly Cloud console, open the network ',
            { var: 'DFCLOUD_NETWORK_ID' },
            ', click ⋮ then + Connect, and enter:',
          ],
        },
        ...consoleLines(c),
        {
          say: [
            c.peer.cloud === 'aws'
              ? 'Then click Create. The connection starts Inactive; this script waits for its peering request.'
              : 'Then click Create. The connection starts Inactive until your side of the peering exists.',
          ],
        },
        // On Azure nothing the script can read shows that the console step is done, and the next
        // steps switch to the application's login: wait for the user to say so.
        ...(c.peer.cloud === 'azure'
          ? [
              {
                command: [
                  'confirm_done',
                  'DFCLOUD_CONNECTION_CREATED',
                  'Create the connection in the Dragonfly Cloud console with the values above.',
                ],
              },
            ]
          : []),
      ];
  const peerBody: Record<string, TfExpr> = {
    account_id: { var: c.peerVariables.accountId },
    vpc_id: { var: c.peerVariables.vpcId },
  };
  if (c.peerVariables.region) peerBody.region = { var: c.peerVariables.region };
  if (c.peer.cloud === 'azure' && c.peerVariables.resourceGroup && c.peerVariables.tenantId) {
    // In Terraform the tenant and the application come from the configuration itself.
    peerBody.azure_resource_group = { var: c.peerVariables.resourceGroup };
    peerBody.azure_tenant_id = { ref: 'data.azurerm_client_config.current.tenant_id' };
    peerBody.azure_app_object_id = { ref: 'azuread_application.client.object_id' };
  }
  const tfBody: TfBodyItem[] = [
    { attr: 'name', value: { var: 'CONNECTION_NAME' } },
    { attr: 'network_id', value: { var: 'DFCLOUD_NETWORK_ID' } },
    { attr: 'peer', value: { object: peerBody } },
  ];
  if (options.dependsOn)
    tfBody.push({ attr: 'depends_on', value: options.dependsOn.map((d) => ({ ref: d })) });
  const manualCheck: StepCheck | undefined =
    c.peer.cloud === 'aws'
      ? {
          kind: 'awsPeeringBetween',
          requesterCidr: c.cidr,
          accepterVpcId: c.peer.vpcId,
          states: LIVE_PEERING_STATES,
        }
      : undefined;
  addStep(draft, {
    id: 'dragonfly-connection',
    side: 'dragonfly',
    title: `Create the Dragonfly Cloud connection from ${c.networkId} to ${c.peer.vpcId}`,
    reason: options.reason,
    ...(c.api
      ? {
          kind: 'api' as const,
          action: {
            cloud: 'dragonfly' as const,
            method: 'createConnection',
            args: [
              {
                networkId: c.networkId,
                name: c.name,
                peer: {
                  accountId: c.peer.accountId,
                  vpcId: c.peer.vpcId,
                  cidrBlock: c.peer.cidr,
                  ...(c.peer.region ? { region: c.peer.region } : {}),
                  ...(c.peer.azure
                    ? {
                        azure: {
                          resourceGroup: c.peer.azure.resourceGroup,
                          tenantId: c.peer.azure.tenantId ?? ref('userTenantId'),
                          appObjectId: c.peer.azure.appObjectId ?? ref('userAppObjectId'),
                        },
                      }
                    : {}),
                },
              },
            ],
          },
          check: {
            kind: 'dragonflyConnection' as const,
            networkId: c.networkId,
            peerVpcId: c.peer.vpcId,
          },
          outputs: ['connectionId'],
        }
      : {
          kind: 'manual' as const,
          instructions: [
            `In the Dragonfly Cloud console, open the private network ${c.networkId}, click its ⋮ menu, then + Connect (${c.peer.cloud.toUpperCase()}).`,
            'Enter the values below and click Create. The connection is created Inactive.',
          ],
          values,
          ...(manualCheck
            ? { check: manualCheck, checkSide: c.customerSide, outputs: ['peeringId'] }
            : {}),
          timeoutMs: 24 * 60 * 60_000,
        }),
    rollback:
      'Delete the connection in the Dragonfly Cloud console (or DELETE /v1/connections/<id>).',
    scripts: {
      bash,
      terraform: [
        ...(c.peer.cloud === 'azure'
          ? [
              {
                kind: 'data' as const,
                type: 'azurerm_client_config',
                name: 'current',
                body: [{ attr: 'provider', value: { ref: 'azurerm.customer' } }],
              },
            ]
          : []),
        { kind: 'resource', type: 'dfcloud_connection', name: 'connection', body: tfBody },
      ],
    },
  });
}

/** The console values as script lines: each reads its variable, so the values stay at the top. */
function consoleLines(c: DragonflyConnection): ShellLine[] {
  const v = c.peerVariables;
  const line = (label: string, word: ShellWord): ShellLine => ({ say: [`  ${label}: `, word] });
  if (c.peer.cloud === 'aws')
    return [
      line('Region', { var: v.region ?? '' }),
      line('CIDR', v.cidr),
      line('Account ID', { var: v.accountId }),
      line('VPC ID', { var: v.vpcId }),
    ];
  if (c.peer.cloud === 'gcp')
    return [
      line('CIDR', v.cidr),
      line('Project ID', { var: v.accountId }),
      line('VPC ID', { var: v.vpcId }),
    ];
  return [
    line('Acceptor Account ID', { var: v.accountId }),
    line('Acceptor VPC ID', { var: v.vpcId }),
    line('Acceptor Region', { var: v.region ?? '' }),
    line('App ID', { var: v.appId ?? 'USER_APP_ID' }),
    line('Resource Group', { var: v.resourceGroup ?? '' }),
    line('Tenant ID', { var: v.tenantId ?? 'USER_TENANT_ID' }),
  ];
}

/** The last step: Dragonfly shows the connection Active once the customer side is done. */
export function connectionActiveStep(
  draft: PlanDraft,
  c: DragonflyConnection,
  fallbackCheck: StepCheck | undefined,
): void {
  addStep(draft, {
    id: 'dragonfly-active',
    side: 'dragonfly',
    title: 'Wait until Dragonfly Cloud shows the connection Active',
    reason: `${cite(PROVIDER_DOCS.dragonfly)}: "At this point you should see the connection in state Active in the Dragonfly Cloud console."`,
    ...(c.api
      ? {
          kind: 'wait' as const,
          check: {
            kind: 'dragonflyConnection' as const,
            networkId: c.networkId,
            peerVpcId: c.peer.vpcId,
            connectionId: ref('connectionId'),
            states: ['active'],
          },
        }
      : {
          kind: 'manual' as const,
          instructions: [
            'Open the network in the Dragonfly Cloud console and check that the connection reads Active.',
          ],
          ...(fallbackCheck ? { check: fallbackCheck, checkSide: c.customerSide } : {}),
        }),
    ...waitOnly(),
    scripts: {
      bash: c.api
        ? [
            {
              command: [
                'wait_for_state',
                'active',
                failedOrGone('dragonfly').join('|'),
                'dfcloud_connection_status',
              ],
            },
          ]
        : [{ say: ['Check that the connection reads Active in the Dragonfly Cloud console.'] }],
      terraform: [],
    },
  });
  draft.followUps.push(
    `If you haven't done so already, create a data store with a private endpoint on network ${c.networkId} (Dragonfly Cloud → Data Stores → private endpoint).`,
  );
  draft.teardown.push(
    'Delete the connection in Dragonfly Cloud (Networks → ⋮ → Connections), then remove the route and the firewall or security group rule for the Dragonfly CIDR.',
  );
}
