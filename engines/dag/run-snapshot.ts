import type { ExecutionSnapshot, StoredError, StoredNodeState } from './stores/context-store.js';
import { ResumeMismatchError } from './errors.js';
import type { RunState } from './run-state.js';
import type { WorkflowStatus } from './types.js';

export interface SnapshotMeta {
  readonly executionId: string;
  readonly status: WorkflowStatus;
  readonly context: Readonly<Record<string, unknown>>;
}

/** Describes the run as a snapshot object; the store makes the copy (so outputs are referenced, not cloned, here). */
export function buildSnapshot(state: RunState, meta: SnapshotMeta): ExecutionSnapshot {
  const nodes: Record<string, StoredNodeState> = {};
  for (let i = 0; i < state.workflow.size; i++) {
    const id = state.workflow.idOf(i);
    const status = state.status[i] ?? 'PENDING';
    const attempts = (state.priorAttempts[i] ?? 0) + (state.attempts[i] ?? 0);
    const error = state.errors[i];
    if (status === 'COMPLETED') {
      const artifacts = state.artifacts[i];
      nodes[id] =
        artifacts === undefined
          ? { status, attempts, output: state.outputs[i] }
          : { status, attempts, output: state.outputs[i], artifacts };
    } else if (status === 'FAILED' && error !== undefined) {
      nodes[id] = { status, attempts, error: toStoredError(error) };
    } else if (status === 'SKIPPED') {
      nodes[id] = { status, attempts, skipReason: state.skipReasons[i] ?? 'condition-false' };
    } else {
      nodes[id] = { status, attempts };
    }
  }
  return {
    version: 1,
    executionId: meta.executionId,
    workflowId: state.workflow.id,
    status: meta.status,
    context: meta.context,
    nodes,
    updatedAt: Date.now(),
  };
}

/**
 * Loads a stored execution into a fresh run state: COMPLETED and SKIPPED nodes keep their outcome and will not
 * run; every other node (FAILED, BLOCKED, and RUNNING/READY/PENDING when the process died) starts over as PENDING.
 * Returns the indexes of the restored nodes so the run can release their dependents.
 */
export function restoreSnapshot(state: RunState, snapshot: ExecutionSnapshot): number[] {
  const workflow = state.workflow;
  if (snapshot.workflowId !== workflow.id) {
    throw new ResumeMismatchError(
      `execution "${snapshot.executionId}" belongs to workflow "${snapshot.workflowId}", not "${workflow.id}"`,
    );
  }
  const storedIds = Object.keys(snapshot.nodes);
  const missing: string[] = [];
  for (let i = 0; i < workflow.size; i++)
    if (!Object.hasOwn(snapshot.nodes, workflow.idOf(i))) missing.push(workflow.idOf(i));
  const extra = storedIds.filter((id) => workflow.indexOf(id) === undefined);
  if (missing.length > 0 || extra.length > 0) {
    throw new ResumeMismatchError(
      `execution "${snapshot.executionId}" does not match workflow "${workflow.id}": ` +
        [
          missing.length > 0 ? `not stored: ${missing.join(', ')}` : '',
          extra.length > 0 ? `not in the workflow: ${extra.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; '),
    );
  }
  const restored: number[] = [];
  for (let index = 0; index < workflow.size; index++) {
    const stored = snapshot.nodes[workflow.idOf(index)] as StoredNodeState;
    state.priorAttempts[index] = stored.attempts;
    if (stored.status === 'COMPLETED') {
      state.status[index] = 'COMPLETED';
      state.outputs[index] = stored.output;
      state.artifacts[index] = stored.artifacts;
      state.restored[index] = true;
      restored.push(index);
    } else if (stored.status === 'SKIPPED') {
      state.status[index] = 'SKIPPED';
      state.skipReasons[index] = stored.skipReason ?? 'condition-false';
      state.restored[index] = true;
      restored.push(index);
    }
  }
  return restored;
}

function toStoredError(error: Error): StoredError {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string'
    ? { name: error.name, message: error.message, code }
    : { name: error.name, message: error.message };
}
