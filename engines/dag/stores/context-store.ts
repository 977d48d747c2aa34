import type { SkipReason } from '../workflow-result.js';
import type { NodeStatus, WorkflowStatus } from '../types.js';

/** A stored error: enough to explain a failure after a restart. */
export interface StoredError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

export interface StoredNodeState {
  readonly status: NodeStatus;
  /** Attempts across every run of this execution. */
  readonly attempts: number;
  readonly output?: unknown;
  readonly artifacts?: Readonly<Record<string, unknown>>;
  readonly error?: StoredError;
  readonly skipReason?: SkipReason;
}

/** A point-in-time copy of one execution. Stores keep copies, never the live objects they were given. */
export interface ExecutionSnapshot {
  readonly version: 1;
  readonly executionId: string;
  readonly workflowId: string;
  readonly status: WorkflowStatus;
  readonly context: Readonly<Record<string, unknown>>;
  /** By node id. */
  readonly nodes: Readonly<Record<string, StoredNodeState>>;
  /** Wall-clock ms (Date.now) of the save. */
  readonly updatedAt: number;
}

/**
 * Where executions are persisted so a killed run can resume. Implementations must store snapshots (a later change
 * to an object passed to `save` must not alter what `load` returns), replace an execution atomically, and throw a
 * ContextStoreCorruptError naming the entry when it cannot be read back, never silently dropping or replacing it.
 * Many executions, possibly from many concurrent runs, share one store; saves of one execution never overlap.
 */
export interface ContextStore {
  save(snapshot: ExecutionSnapshot): Promise<void>;
  /** `undefined` when the execution is unknown. */
  load(executionId: string): Promise<ExecutionSnapshot | undefined>;
  list(): Promise<string[]>;
  delete(executionId: string): Promise<void>;
}
