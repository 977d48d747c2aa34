import type { RunState } from './run-state.js';
import type { NodeResult, WorkflowResult, WorkflowResultStatus } from './workflow-result.js';

export interface ResultMeta {
  readonly executionId: string;
  readonly status: WorkflowResultStatus;
  readonly resumed: boolean;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly error: Error | undefined;
  readonly listenerErrors: number;
}

/** Freezes a run's state into its typed result. */
export function buildWorkflowResult(state: RunState, meta: ResultMeta): WorkflowResult {
  const counts: Record<NodeResult['status'], number> = {
    PENDING: 0,
    READY: 0,
    RUNNING: 0,
    COMPLETED: 0,
    FAILED: 0,
    SKIPPED: 0,
    BLOCKED: 0,
  };
  const nodes = state.workflow.nodes.map((node): NodeResult => {
    const i = node.index;
    const result = buildNodeResult(state, i, node.id);
    counts[result.status]++;
    return result;
  });
  return {
    executionId: meta.executionId,
    workflowId: state.workflow.id,
    status: meta.status,
    resumed: meta.resumed,
    startedAt: meta.startedAt,
    finishedAt: meta.finishedAt,
    durationMs: meta.finishedAt - meta.startedAt,
    nodes,
    counts,
    error: meta.error,
    listenerErrors: meta.listenerErrors,
  };
}

function buildNodeResult(state: RunState, i: number, id: string): NodeResult {
  const status = state.status[i] ?? 'PENDING';
  const attempts = state.attempts[i] ?? 0;
  const startedAt = state.startedAt[i] ?? Number.NaN;
  const finishedAt = state.finishedAt[i] ?? Number.NaN;
  const timed = !Number.isNaN(startedAt) && !Number.isNaN(finishedAt);
  switch (status) {
    case 'COMPLETED': {
      const output = state.outputs[i];
      const artifacts = state.artifacts[i];
      const restored = state.restored[i] === true;
      return timed
        ? { id, attempts, status, output, artifacts, restored, startedAt, finishedAt, durationMs: finishedAt - startedAt }
        : { id, attempts, status, output, artifacts, restored };
    }
    case 'FAILED': {
      const error = state.errors[i] ?? new Error('unknown failure');
      return timed ? { id, attempts, status, error, startedAt, finishedAt, durationMs: finishedAt - startedAt } : { id, attempts, status, error };
    }
    case 'SKIPPED':
      return { id, attempts, status, reason: state.skipReasons[i] ?? 'condition-false' };
    case 'BLOCKED':
      return { id, attempts, status, blockedBy: state.blockedBy[i] ?? '' };
    default:
      return { id, attempts, status };
  }
}
