/**
 * The plan's serializable actions (`{cloud, method, args}`) mapped onto the
 * typed adapter methods. Each entry names the adapter interface it calls, so
 * a change to an adapter's signature fails the type check here, and each
 * returns the outputs later steps read (`peeringId`, `connectionId`, ...).
 */
import type { CloudProvider, CallOptions, Place } from '../providers/provider';
import type { AivenActions } from '../providers/aiven';
import type { AwsActions } from '../providers/aws';
import type { AzureActions } from '../providers/azure';
import type { DragonflyActions } from '../providers/dragonfly';
import type { GcpActions } from '../providers/gcp';
import type { UpcloudActions } from '../providers/upcloud';

export type Outputs = Record<string, string>;

type ActionImpl = (
  provider: CloudProvider,
  place: Place,
  args: unknown[],
  options: CallOptions,
) => Promise<Outputs>;

/** The adapter behind `provider`, seen through its action interface. */
function as<T>(provider: CloudProvider, method: keyof T & string): T {
  if (typeof (provider as unknown as Record<string, unknown>)[method] !== 'function')
    throw new Error(
      `The ${provider.cloud} adapter has no ${method}; the plan needs a newer extension.`,
    );
  return provider as unknown as T;
}

type Arg<T, M extends keyof T, I extends number> = T[M] extends (...a: infer P) => unknown
  ? P[I]
  : never;

export const ACTIONS: Record<string, ActionImpl> = {
  'aws.createPeering': async (p, place, [input], o) => {
    const peering = await as<AwsActions>(p, 'createPeering').createPeering(
      place,
      input as Arg<AwsActions, 'createPeering', 1>,
      o,
    );
    const out: Outputs = { peeringId: peering.id };
    if (peering.local.accountId) out.requesterAccountId = peering.local.accountId;
    return out;
  },
  'aws.acceptPeering': async (p, place, [id], o) => {
    await as<AwsActions>(p, 'acceptPeering').acceptPeering(place, id as string, o);
    return {};
  },
  'aws.createRoute': async (p, place, [input], o) => {
    await as<AwsActions>(p, 'createRoute').createRoute(
      place,
      input as Arg<AwsActions, 'createRoute', 1>,
      o,
    );
    return {};
  },
  'aws.allowIngress': async (p, place, [input], o) => {
    await as<AwsActions>(p, 'allowIngress').allowIngress(
      place,
      input as Arg<AwsActions, 'allowIngress', 1>,
      o,
    );
    return {};
  },
  'aws.modifyPeeringOptions': async (p, place, [id, input], o) => {
    await as<AwsActions>(p, 'modifyPeeringOptions').modifyPeeringOptions(
      place,
      id as string,
      input as Arg<AwsActions, 'modifyPeeringOptions', 2>,
      o,
    );
    return {};
  },
  'gcp.addPeering': async (p, place, [input], o) => {
    await as<GcpActions>(p, 'addPeering').addPeering(
      place,
      input as Arg<GcpActions, 'addPeering', 1>,
      o,
    );
    return {};
  },
  'gcp.insertFirewall': async (p, place, [input], o) => {
    await as<GcpActions>(p, 'insertFirewall').insertFirewall(
      place,
      input as Arg<GcpActions, 'insertFirewall', 1>,
      o,
    );
    return {};
  },
  'upcloud.createPeering': async (p, place, [input], o) => {
    await as<UpcloudActions>(p, 'createPeering').createPeering(
      place,
      input as Arg<UpcloudActions, 'createPeering', 1>,
      o,
    );
    return {};
  },
  'aiven.createPeeringConnection': async (p, place, [vpcId, input], o) => {
    const peering = await as<AivenActions>(p, 'createPeeringConnection').createPeeringConnection(
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
    await as<AzureActions>(p, 'createPeering').createPeering(
      place,
      input as Arg<AzureActions, 'createPeering', 1>,
      o,
    );
    return {};
  },
  'azure.createSecurityRule': async (p, place, [input], o) => {
    await as<AzureActions>(p, 'createSecurityRule').createSecurityRule(
      place,
      input as Arg<AzureActions, 'createSecurityRule', 1>,
      o,
    );
    return {};
  },
  'dragonfly.createConnection': async (p, place, [input], o) => {
    const connection = await as<DragonflyActions>(p, 'createConnection').createConnection(
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
