/**
 * The plan's serializable actions (`{cloud, method, args}`) mapped onto the
 * typed adapter methods. Each entry names the adapter interface it calls, so
 * a change to an adapter's signature fails the type check here, and each
 * returns the outputs later steps read (`peeringId`, `connectionId`, ...).
 */
import type { CallOptions, CloudProvider, Place } from '../providers/provider';
import { providerFor } from '../providers/loader';
import type { ProviderFor } from '../providers/registry';

export type Outputs = Record<string, string>;

type ActionImpl = (
  provider: CloudProvider,
  place: Place,
  args: unknown[],
  options: CallOptions,
) => Promise<Outputs>;

type AwsActions = ProviderFor<'aws'>;
type GcpActions = ProviderFor<'gcp'>;
type UpcloudActions = ProviderFor<'upcloud'>;
type AivenActions = ProviderFor<'aiven'>;
type AzureActions = ProviderFor<'azure'>;
type DragonflyActions = ProviderFor<'dragonfly'>;

type Arg<T, M extends keyof T, I extends number> = T[M] extends (...a: infer P) => unknown
  ? P[I]
  : never;

export const ACTIONS: Record<string, ActionImpl> = {
  'aws.createPeering': async (p, place, [input], o) => {
    const peering = await providerFor('aws', p).createPeering(
      place,
      input as Arg<AwsActions, 'createPeering', 1>,
      o,
    );
    const out: Outputs = { peeringId: peering.id };
    if (peering.local.accountId) out.requesterAccountId = peering.local.accountId;
    return out;
  },
  'aws.acceptPeering': async (p, place, [id], o) => {
    await providerFor('aws', p).acceptPeering(place, id as string, o);
    return {};
  },
  'aws.createRoute': async (p, place, [input], o) => {
    await providerFor('aws', p).createRoute(place, input as Arg<AwsActions, 'createRoute', 1>, o);
    return {};
  },
  'aws.allowIngress': async (p, place, [input], o) => {
    await providerFor('aws', p).allowIngress(place, input as Arg<AwsActions, 'allowIngress', 1>, o);
    return {};
  },
  'aws.modifyPeeringOptions': async (p, place, [id, input], o) => {
    await providerFor('aws', p).modifyPeeringOptions(
      place,
      id as string,
      input as Arg<AwsActions, 'modifyPeeringOptions', 2>,
      o,
    );
    return {};
  },
  'aws.setVpcDnsAttribute': async (p, place, [input], o) => {
    await providerFor('aws', p).setVpcDnsAttribute(
      place,
      input as Arg<AwsActions, 'setVpcDnsAttribute', 1>,
      o,
    );
    return {};
  },
  'aws.createNetworkAclEntry': async (p, place, [input], o) => {
    await providerFor('aws', p).createNetworkAclEntry(
      place,
      input as Arg<AwsActions, 'createNetworkAclEntry', 1>,
      o,
    );
    return {};
  },
  'gcp.addPeering': async (p, place, [input], o) => {
    await providerFor('gcp', p).addPeering(place, input as Arg<GcpActions, 'addPeering', 1>, o);
    return {};
  },
  'gcp.insertFirewall': async (p, place, [input], o) => {
    await providerFor('gcp', p).insertFirewall(
      place,
      input as Arg<GcpActions, 'insertFirewall', 1>,
      o,
    );
    return {};
  },
  'upcloud.createPeering': async (p, place, [input], o) => {
    await providerFor('upcloud', p).createPeering(
      place,
      input as Arg<UpcloudActions, 'createPeering', 1>,
      o,
    );
    return {};
  },
  'aiven.createPeeringConnection': async (p, place, [vpcId, input], o) => {
    const peering = await providerFor('aiven', p).createPeeringConnection(
      place,
      vpcId as string,
      input as Arg<AivenActions, 'createPeeringConnection', 2>,
      o,
    );
    const out: Outputs = { aivenPeeringId: peering.id };
    const toNetwork = peering.options?.toNetworkId;
    if (typeof toNetwork === 'string' && toNetwork) out.aivenNetworkId = toNetwork;
    return out;
  },
  'azure.createPeering': async (p, place, [input], o) => {
    await providerFor('azure', p).createPeering(
      place,
      input as Arg<AzureActions, 'createPeering', 1>,
      o,
    );
    return {};
  },
  'azure.createSecurityRule': async (p, place, [input], o) => {
    await providerFor('azure', p).createSecurityRule(
      place,
      input as Arg<AzureActions, 'createSecurityRule', 1>,
      o,
    );
    return {};
  },
  'azure.syncPeering': async (p, place, [input], o) => {
    await providerFor('azure', p).syncPeering(
      place,
      input as Arg<AzureActions, 'syncPeering', 1>,
      o,
    );
    return {};
  },
  'azure.allowForwardedTraffic': async (p, place, [input], o) => {
    await providerFor('azure', p).allowForwardedTraffic(
      place,
      input as Arg<AzureActions, 'allowForwardedTraffic', 1>,
      o,
    );
    return {};
  },
  'dragonfly.createConnection': async (p, place, [input], o) => {
    const connection = await providerFor('dragonfly', p).createConnection(
      place,
      input as Arg<DragonflyActions, 'createConnection', 1>,
      o,
    );
    const out: Outputs = { connectionId: connection.id };
    const pcx = connection.options?.peerConnectionId;
    if (typeof pcx === 'string' && pcx) out.peerConnectionId = pcx;
    return out;
  },
};

export function actionImpl(cloud: string, method: string): ActionImpl {
  const impl = ACTIONS[`${cloud}.${method}`];
  if (!impl) throw new Error(`No runner action ${cloud}.${method}`);
  return impl;
}
