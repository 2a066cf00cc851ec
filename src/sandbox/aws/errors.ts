/**
 * EC2's client and server errors. Codes and their spelling come from the EC2
 * API reference's error list (errors-overview.html); note AWS's own casing
 * quirks, e.g. `InvalidVpcPeeringConnectionID.NotFound` but
 * `InvalidVpcPeeringConnectionId.Malformed`, which clients match exactly.
 */
export class AwsApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'AwsApiError';
  }
}

/** Resource kinds that share the `Invalid<X>ID.NotFound` / `.Malformed` pattern. */
interface IdKind {
  prefix: string;
  noun: string;
  notFound: string;
  malformed: string;
}

export const ID_KINDS = {
  vpc: {
    prefix: 'vpc',
    noun: 'vpc',
    notFound: 'InvalidVpcID.NotFound',
    malformed: 'InvalidVpcID.Malformed',
  },
  peering: {
    prefix: 'pcx',
    noun: 'vpcPeeringConnection',
    notFound: 'InvalidVpcPeeringConnectionID.NotFound',
    malformed: 'InvalidVpcPeeringConnectionId.Malformed',
  },
  routeTable: {
    prefix: 'rtb',
    noun: 'routeTable',
    notFound: 'InvalidRouteTableID.NotFound',
    malformed: 'InvalidRouteTableId.Malformed',
  },
  securityGroup: {
    prefix: 'sg',
    noun: 'security group',
    notFound: 'InvalidGroup.NotFound',
    malformed: 'InvalidGroupId.Malformed',
  },
  subnet: {
    prefix: 'subnet',
    noun: 'subnet',
    notFound: 'InvalidSubnetID.NotFound',
    malformed: 'InvalidSubnetID.Malformed',
  },
  networkAcl: {
    prefix: 'acl',
    noun: 'networkAcl',
    notFound: 'InvalidNetworkAclID.NotFound',
    malformed: 'InvalidNetworkAclID.Malformed',
  },
} as const satisfies Record<string, IdKind>;

export type IdKindName = keyof typeof ID_KINDS;

/** EC2 ids: the prefix, a dash, then 8 (old short form) or 17 hex digits. */
export function isWellFormedId(kind: IdKindName, id: string): boolean {
  const prefix = ID_KINDS[kind].prefix;
  if (!id.startsWith(prefix + '-')) return false;
  const rest = id.slice(prefix.length + 1);
  return (rest.length === 8 || rest.length === 17) && /^[0-9a-f]+$/.test(rest);
}

export function malformedId(kind: IdKindName, id: string): AwsApiError {
  const k = ID_KINDS[kind];
  return new AwsApiError(k.malformed, `Invalid id: "${id}" (expecting "${k.prefix}-...")`);
}

export function notFoundId(kind: IdKindName, id: string): AwsApiError {
  const k = ID_KINDS[kind];
  const message =
    kind === 'securityGroup'
      ? `The security group '${id}' does not exist`
      : `The ${k.noun} ID '${id}' does not exist`;
  return new AwsApiError(k.notFound, message);
}

/** Checks the shape of an id, as EC2 does before any lookup. */
export function requireWellFormedId(kind: IdKindName, id: string): void {
  if (!isWellFormedId(kind, id)) throw malformedId(kind, id);
}

export function missingParameter(name: string): AwsApiError {
  return new AwsApiError('MissingParameter', `The request must contain the parameter ${name}`);
}

export function invalidParameterValue(message: string): AwsApiError {
  return new AwsApiError('InvalidParameterValue', message);
}

export function invalidStateTransition(id: string, status: string, action: string): AwsApiError {
  return new AwsApiError(
    'InvalidStateTransition',
    `Invalid state transition for ${id}: a peering in state ${status} cannot be ${action}`,
  );
}

export function operationNotPermitted(message: string): AwsApiError {
  return new AwsApiError('OperationNotPermitted', message);
}
