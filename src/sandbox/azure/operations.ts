import type { SandboxContext } from '../service';
import type { AzureAsyncOperation, AzureOperationError, AzureState } from './state';

/**
 * ARM long-running operations, NRP style. A PUT answers 201/200 with an
 * `Azure-AsyncOperation` URL; a DELETE answers 202 with that and a
 * `Location` URL. The async-operation URL reads `{status:'InProgress'}` until
 * `operationDelayMs` of sandbox clock has passed, then `Succeeded` (or
 * `Failed` with the error). The operation's effect is applied the first
 * time any Azure request arrives after that moment. No Retry-After is sent
 * with these answers, so the client's own polling interval applies
 * (real NRP suggests 10 s).
 */

export interface NewAzureOperation {
  subscriptionId: string;
  location: string;
  resourceKey: string;
  apply: (at: number) => AzureOperationError | undefined;
}

export function startAzureOperation(
  state: AzureState,
  ctx: SandboxContext,
  spec: NewAzureOperation,
): AzureAsyncOperation {
  const op: AzureAsyncOperation = {
    id: ctx.random.uuid(),
    subscriptionId: spec.subscriptionId,
    location: spec.location,
    doneAt: ctx.clock.now() + Math.max(0, ctx.operationDelayMs),
    apply: spec.apply,
    applied: false,
    resourceKey: spec.resourceKey,
  };
  state.operations.set(op.id, op);
  state.pending.push(op);
  settleAzureOperations(state, ctx.clock.now());
  return op;
}

export function settleAzureOperations(state: AzureState, now: number): void {
  if (!state.pending.some((op) => op.doneAt <= now)) return;
  const due = state.pending.filter((op) => op.doneAt <= now);
  state.pending = state.pending.filter((op) => op.doneAt > now);
  for (const op of due) {
    if (op.applied) continue;
    op.applied = true;
    op.error = op.apply?.(op.doneAt);
    op.apply = undefined;
  }
}

/** The operation still running on a resource (lower-cased ARM id), if any. */
export function operationInProgress(
  state: AzureState,
  resourceKey: string,
): AzureAsyncOperation | undefined {
  return state.pending.find((op) => !op.applied && op.resourceKey === resourceKey);
}

export function asyncOperationUrl(
  base: string,
  op: AzureAsyncOperation,
  apiVersion: string,
): string {
  return `${base}/subscriptions/${op.subscriptionId}/providers/Microsoft.Network/locations/${op.location}/operations/${op.id}?api-version=${encodeURIComponent(apiVersion)}`;
}

export function operationResultUrl(
  base: string,
  op: AzureAsyncOperation,
  apiVersion: string,
): string {
  return `${base}/subscriptions/${op.subscriptionId}/providers/Microsoft.Network/locations/${op.location}/operationResults/${op.id}?api-version=${encodeURIComponent(apiVersion)}`;
}

/** The body of the Azure-AsyncOperation URL (AzureAsyncOperationResult). */
export function renderAsyncOperation(op: AzureAsyncOperation): Record<string, unknown> {
  if (!op.applied) return { status: 'InProgress' };
  if (op.error)
    return { status: 'Failed', error: { code: op.error.code, message: op.error.message } };
  return { status: 'Succeeded' };
}
