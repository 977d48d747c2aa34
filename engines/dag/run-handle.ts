import type { WorkflowEventListener } from './events.js';
import type { EventHub } from './event-hub.js';
import type { GlobalScheduler } from './global-scheduler.js';
import type { ContextStore, ExecutionSnapshot } from './stores/context-store.js';
import type { Clock } from '../common/index.js';
import type { NodeStatus, WorkflowStatus } from './types.js';
import type { WorkflowResult } from './workflow-result.js';

/** Control over one execution, returned by WorkflowExecutor.start and .resume. */
export interface WorkflowRunHandle {
  readonly executionId: string;
  readonly workflowId: string;
  readonly status: WorkflowStatus;
  /**
   * Settles when the run ends. Resolves for every outcome, failures included; rejects only when the run could not
   * start (for example an execution id that already exists in the store).
   */
  readonly result: Promise<WorkflowResult>;
  /**
   * Stops starting nodes. With `interrupt` (default true) running nodes are aborted with a WorkflowPausedError,
   * emit NODE_INTERRUPTED and run again, as a new attempt, after `resume()`; with `interrupt: false` they finish.
   */
  pause(options?: PauseOptions): void;
  resume(): void;
  /** Aborts running nodes, starts nothing more, and resolves the result as CANCELLED. */
  cancel(reason?: unknown): void;
  nodeStatus(nodeId: string): NodeStatus | undefined;
}

export interface PauseOptions {
  readonly interrupt?: boolean;
}

/** Everything a run needs from its executor (one object shared by all its runs). */
export interface RunEnvironment {
  readonly scheduler: GlobalScheduler;
  readonly store: ContextStore | undefined;
  readonly clock: Clock;
  readonly now: () => number;
  readonly random: () => number;
  readonly hub: EventHub;
  readonly onFinished: (run: WorkflowRunHandle) => void;
}

export interface WorkflowRunOptions {
  readonly executionId: string;
  readonly context: Readonly<Record<string, unknown>>;
  readonly concurrency: number;
  readonly onEvent: WorkflowEventListener | undefined;
  readonly signal: AbortSignal | undefined;
  /** Set when resuming a stored execution. */
  readonly snapshot: ExecutionSnapshot | undefined;
  /** When set (and a store is configured), the run first checks the id is not taken. */
  readonly checkIdIsFree: boolean;
}
