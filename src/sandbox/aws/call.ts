import type { SandboxContext } from '../service';
import type { QueryParams } from './query';
import type { AwsAccount, AwsScope, AwsState } from './state';

/** Everything one EC2 action needs: the caller's account and region, its parameters, the time. */
export interface AwsCall {
  aws: AwsState;
  account: AwsAccount;
  /** The caller's account in the region its credential scope names. */
  scope: AwsScope;
  params: QueryParams;
  now: number;
  ctx: SandboxContext;
}

/** An EC2 action: returns the response body inside `<ActionResponse>`, or throws AwsApiError. */
export type AwsAction = (call: AwsCall) => string;

export const RETURN_TRUE = '<return>true</return>';
