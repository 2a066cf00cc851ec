import type { SandboxContext } from '../service';
import {
  GCE_LINK_BASE,
  numericId,
  type GcpOperation,
  type GcpOperationError,
  type GcpState,
} from './state';

/**
 * Global operations. A mutation returns an Operation at once; it reads
 * PENDING for the first quarter of `operationDelayMs` of sandbox clock,
 * RUNNING until the delay has passed, then DONE. Its effect is applied the
 * first time anything in the GCP sandbox is read after that moment (every
 * request settles due operations first), so advancing the sandbox clock
 * finishes operations at once.
 */

export interface NewOperation {
  project: string;
  operationType: string;
  targetLink: string;
  targetId: string;
  lockedNetworks?: string[];
  requestId?: string;
  apply?: (at: number) => GcpOperationError | undefined;
}

export function startOperation(
  state: GcpState,
  ctx: SandboxContext,
  spec: NewOperation,
): GcpOperation {
  const project = state.projects.get(spec.project);
  if (!project) throw new Error(`startOperation: unknown project ${spec.project}`);
  const now = ctx.clock.now();
  const name = `operation-${now}-${ctx.random.hex(13)}-${ctx.random.hex(8)}-${ctx.random.hex(8)}`;
  const op: GcpOperation = {
    id: numericId(ctx.random),
    name,
    project: spec.project,
    operationType: spec.operationType,
    targetLink: spec.targetLink,
    targetId: spec.targetId,
    user: `sandbox-user@${spec.project}.iam.gserviceaccount.com`,
    clientOperationId: spec.requestId,
    insertedAt: now,
    doneAt: now + Math.max(0, ctx.operationDelayMs),
    lockedNetworks: spec.lockedNetworks ?? [],
    apply: spec.apply,
    applied: false,
  };
  project.operations.set(op.name, op);
  state.pending.push(op);
  settleOperations(state, now);
  return op;
}

/** Applies, in request order, every operation whose time has come. */
export function settleOperations(state: GcpState, now: number): void {
  if (!state.pending.some((op) => op.doneAt <= now)) return;
  const due = state.pending.filter((op) => op.doneAt <= now);
  state.pending = state.pending.filter((op) => op.doneAt > now);
  for (const op of due) finish(op);
}

function finish(op: GcpOperation): void {
  if (op.applied) return;
  op.applied = true;
  op.error = op.apply?.(op.doneAt);
  op.apply = undefined;
}

export function isDone(op: GcpOperation, now: number): boolean {
  return op.applied || op.doneAt <= now;
}

/** Operations still changing peering state on any of these networks. */
export function peeringOperationInProgress(
  state: GcpState,
  networkKeys: readonly string[],
): boolean {
  return state.pending.some(
    (op) => !op.applied && op.lockedNetworks.some((k) => networkKeys.includes(k)),
  );
}

/** Finds an operation by name or by numeric id, as GCE accepts either. */
export function findOperation(
  state: GcpState,
  project: string,
  nameOrId: string,
): GcpOperation | undefined {
  const ops = state.projects.get(project)?.operations;
  if (!ops) return undefined;
  const byName = ops.get(nameOrId);
  if (byName) return byName;
  for (const op of ops.values()) if (op.id === nameOrId) return op;
  return undefined;
}

export function renderOperation(op: GcpOperation, now: number): Record<string, unknown> {
  const done = isDone(op, now);
  const elapsed = now - op.insertedAt;
  const total = Math.max(1, op.doneAt - op.insertedAt);
  // PENDING briefly (queued), then RUNNING until done, as GCE operations go.
  const pendingFor = Math.min(total / 4, 1000);
  const status = done ? 'DONE' : elapsed < pendingFor ? 'PENDING' : 'RUNNING';
  const out: Record<string, unknown> = {
    kind: 'compute#operation',
    id: op.id,
    name: op.name,
    operationType: op.operationType,
    targetLink: op.targetLink,
    targetId: op.targetId,
    status,
    user: op.user,
    progress: done
      ? 100
      : status === 'PENDING'
        ? 0
        : Math.min(99, Math.floor((elapsed / total) * 100)),
    insertTime: iso(op.insertedAt),
    selfLink: `${GCE_LINK_BASE}/projects/${op.project}/global/operations/${op.name}`,
  };
  if (op.clientOperationId) out.clientOperationId = op.clientOperationId;
  if (status !== 'PENDING') out.startTime = iso(op.insertedAt + Math.floor(pendingFor));
  if (done) out.endTime = iso(op.doneAt);
  if (done && op.error) {
    out.error = { errors: [{ code: op.error.code, message: op.error.message }] };
    out.httpErrorStatusCode = op.error.httpStatus;
    out.httpErrorMessage = op.error.httpMessage;
  }
  return out;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
