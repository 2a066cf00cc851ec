import { json, type SandboxResponse } from '../http';

/** ARM's error body: `{error:{code, message}}` (CloudError in the network spec). */
export function armError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): SandboxResponse {
  return json(status, { error: { code, message } }, headers);
}

/** Thrown by handlers for a client error; the service turns it into armError. */
export class ArmRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toResponse(): SandboxResponse {
    return armError(this.status, this.code, this.message, this.headers);
  }
}

export function badRequest(code: string, message: string): ArmRequestError {
  return new ArmRequestError(400, code, message);
}

/** NRP's wording for a required or malformed property of the request body. */
export function invalidProperty(path: string, rule: string): ArmRequestError {
  return new ArmRequestError(
    400,
    'InvalidRequestFormat',
    `Cannot parse the request. Property '${path}' ${rule}.`,
  );
}

export function resourceNotFound(
  type: string,
  name: string,
  resourceGroup: string,
): ArmRequestError {
  return new ArmRequestError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/** NRP answers for a missing child resource (peering, security rule): code NotFound. */
export function childNotFound(id: string): ArmRequestError {
  return new ArmRequestError(404, 'NotFound', `Resource ${id} not found.`);
}
