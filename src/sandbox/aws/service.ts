import type { SandboxRequest, SandboxResponse } from '../http';
import type { CloudService, SandboxContext } from '../service';
import type { AwsAction } from './call';
import { AwsApiError } from './errors';
import { NETWORK_ACTIONS } from './networkActions';
import { refuseUnknownParameters } from './parameters';
import { PEERING_ACTIONS } from './peeringActions';
import { VPC_ACTIONS } from './vpcActions';
import { credentialScope, requestParams } from './query';
import { AWS_KNOWN_REGIONS, awsScope } from './state';
import { ec2Error, ec2Response } from './xml';

const ACTIONS: Record<string, AwsAction> = {
  ...PEERING_ACTIONS,
  ...NETWORK_ACTIONS,
  ...VPC_ACTIONS,
};

/**
 * The EC2 Query API (form POST, XML) at the sandbox's root path. The caller's
 * account is the one owning the access key in the SigV4 Authorization header,
 * and the region is the header's credential scope; the signature itself is
 * not checked.
 */
export const awsService: CloudService = {
  cloud: 'aws',

  claims(req) {
    if (req.listener !== 'http' || req.path !== '/') return false;
    const scope = credentialScope(req);
    // Other AWS services (STS, ...) signed for themselves are not EC2's.
    if (scope) return scope.service === 'ec2';
    if (req.method !== 'POST' && req.method !== 'GET') return false;
    const params = requestParams(req);
    return params.has('Action') && params.has('Version');
  },

  operation: (req) => requestParams(req).get('Action') || 'unknown',

  region: (req) => credentialScope(req)?.region,

  handle(req: SandboxRequest, ctx: SandboxContext): SandboxResponse {
    try {
      return handleEc2(req, ctx);
    } catch (error) {
      if (error instanceof AwsApiError) return ec2Error(error.status, error.code, error.message);
      throw error;
    }
  },

  throttled: () => ec2Error(503, 'RequestLimitExceeded', 'Request limit exceeded.'),

  serverError: () =>
    ec2Error(
      500,
      'InternalError',
      'An internal error has occurred. The sandbox injected it; retry the request.',
    ),
};

function handleEc2(req: SandboxRequest, ctx: SandboxContext): SandboxResponse {
  if (req.method !== 'POST' && req.method !== 'GET') {
    throw new AwsApiError(
      'InvalidAction',
      `The EC2 Query API takes POST (or GET) requests, not ${req.method}.`,
    );
  }
  const credential = credentialScope(req);
  if (!credential) {
    throw new AwsApiError(
      'MissingAuthenticationToken',
      'The request must contain valid credentials: sign it with AWS Signature Version 4 (an Authorization header).',
      401,
    );
  }
  const aws = ctx.world.aws;
  const account = aws.accountsByAccessKey.get(credential.accessKeyId);
  if (!account) {
    throw new AwsApiError(
      'AuthFailure',
      'AWS was not able to validate the provided access credentials',
      401,
    );
  }
  if (!AWS_KNOWN_REGIONS.includes(credential.region)) {
    throw new AwsApiError(
      'AuthFailure',
      `Credential should be scoped to a valid region, not '${credential.region}'.`,
      401,
    );
  }
  const params = requestParams(req);
  const actionName = params.get('Action');
  if (!actionName) {
    throw new AwsApiError('MissingAction', 'The request must contain the parameter Action');
  }
  const action = Object.prototype.hasOwnProperty.call(ACTIONS, actionName)
    ? ACTIONS[actionName]
    : undefined;
  if (!action) {
    throw new AwsApiError(
      'InvalidAction',
      `The action ${actionName} is not valid for this web service.`,
    );
  }
  refuseUnknownParameters(actionName, params);
  if (params.bool('DryRun') === true) {
    throw new AwsApiError(
      'DryRunOperation',
      'Request would have succeeded, but DryRun flag is set.',
      412,
    );
  }
  const body = action({
    aws,
    account,
    scope: awsScope(aws, account.accountId, credential.region),
    params,
    now: ctx.clock.now(),
    ctx,
  });
  return ec2Response(actionName, body);
}
