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

type Counts = Record<NodeResult['status'], number>;

/**
 * Turns a run's final state into its typed result. `nodes` and `counts` are built on first read and then kept:
 * most callers look only at `status`, and 10,000 concurrent runs of 20 nodes would otherwise allocate 200,000
 * node results nobody reads. The run never writes its state after completing, so a late read sees the same values.
 */
export function buildWorkflowResult(state: RunState, meta: ResultMeta): WorkflowResult {
  return new LazyWorkflowResult(state, meta);
}

/**
 * `nodes` and `counts` are enumerable own accessors, so spreading, `JSON.stringify` and deep equality see them like
 * plain fields. They are defined from one shared descriptor map rather than as getters in an object literal: V8
 * builds such a literal in dictionary mode, about ten times slower to create and larger to keep.
 */
class LazyWorkflowResult implements WorkflowResult {
  readonly executionId: string;
  readonly workflowId: string;
  readonly status: WorkflowResultStatus;
  readonly resumed: boolean;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly durationMs: number;
  declare readonly nodes: readonly NodeResult[];
  declare readonly counts: Readonly<Counts>;
  readonly error: Error | undefined;
  readonly listenerErrors: number;
  readonly #state: RunState;
  #nodes: readonly NodeResult[] | undefined;
  #counts: Readonly<Counts> | undefined;

  constructor(state: RunState, meta: ResultMeta) {
    this.executionId = meta.executionId;
    this.workflowId = state.workflow.id;
    this.status = meta.status;
    this.resumed = meta.resumed;
    this.startedAt = meta.startedAt;
    this.finishedAt = meta.finishedAt;
    this.durationMs = meta.finishedAt - meta.startedAt;
    Object.defineProperties(this, LAZY_FIELDS);
    this.error = meta.error;
    this.listenerErrors = meta.listenerErrors;
    this.#state = state;
  }

  static nodesOf(result: LazyWorkflowResult): readonly NodeResult[] {
    return (result.#nodes ??= buildNodeResults(result.#state));
  }

  static countsOf(result: LazyWorkflowResult): Readonly<Counts> {
    return (result.#counts ??= countStatuses(result.#state));
  }
}

const LAZY_FIELDS: PropertyDescriptorMap = {
  nodes: {
    enumerable: true,
    get(this: LazyWorkflowResult) {
      return LazyWorkflowResult.nodesOf(this);
    },
  },
  counts: {
    enumerable: true,
    get(this: LazyWorkflowResult) {
      return LazyWorkflowResult.countsOf(this);
    },
  },
};

function buildNodeResults(state: RunState): NodeResult[] {
  const { workflow } = state;
  const results: NodeResult[] = new Array<NodeResult>(workflow.size);
  for (let i = 0; i < workflow.size; i++) results[i] = buildNodeResult(state, i, workflow.idOf(i));
  return results;
}

function countStatuses(state: RunState): Counts {
  const counts: Counts = { PENDING: 0, READY: 0, RUNNING: 0, COMPLETED: 0, FAILED: 0, SKIPPED: 0, BLOCKED: 0 };
  for (const status of state.status) counts[status]++;
  return counts;
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
        ? {
            id,
            attempts,
            status,
            output,
            artifacts,
            restored,
            startedAt,
            finishedAt,
            durationMs: finishedAt - startedAt,
          }
        : { id, attempts, status, output, artifacts, restored };
    }
    case 'FAILED': {
      const error = state.errors[i] ?? new Error('unknown failure');
      return timed
        ? { id, attempts, status, error, startedAt, finishedAt, durationMs: finishedAt - startedAt }
        : { id, attempts, status, error };
    }
    case 'SKIPPED':
      return { id, attempts, status, reason: state.skipReasons[i] ?? 'condition-false' };
    case 'BLOCKED':
      return { id, attempts, status, blockedBy: state.blockedBy[i] ?? '' };
    default:
      return { id, attempts, status };
  }
}
