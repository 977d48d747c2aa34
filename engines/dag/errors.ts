import type { ValidationProblem } from './validation-problem.js';
import { CodedError } from '../common/index.js';

/** Stable codes of every error the DAG engine creates. */
export type DagErrorCode =
  | 'DAG_INVALID_WORKFLOW'
  | 'DAG_NODE_TIMEOUT'
  | 'DAG_CONDITION_FAILED'
  | 'DAG_CONDITION_SYNTAX'
  | 'DAG_STORE_CORRUPT'
  | 'DAG_STORE_WRITE'
  | 'DAG_EXECUTION_EXISTS'
  | 'DAG_EXECUTION_NOT_FOUND'
  | 'DAG_EXECUTION_ACTIVE'
  | 'DAG_RESUME_MISMATCH'
  | 'DAG_CANCELLED'
  | 'DAG_PAUSED'
  | 'DAG_NON_ERROR_THROWN';

/** Base of every DAG engine error: a stable `name`, a `code` and the underlying `cause`. */
export class DagError extends CodedError<DagErrorCode> {
  override readonly name: string = 'DagError';
}

/** Thrown before anything runs when a workflow definition has problems; `problems` lists every one. */
export class WorkflowValidationError extends DagError {
  override readonly name = 'WorkflowValidationError';
  constructor(
    readonly workflowId: string,
    readonly problems: readonly ValidationProblem[],
  ) {
    super(
      'DAG_INVALID_WORKFLOW',
      `workflow "${workflowId}" is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.message}`).join('\n'),
    );
  }
}

export class NodeTimeoutError extends DagError {
  override readonly name = 'NodeTimeoutError';
  constructor(
    readonly nodeId: string,
    readonly timeoutMs: number,
    readonly attempt: number,
  ) {
    super('DAG_NODE_TIMEOUT', `node "${nodeId}" attempt ${attempt} timed out after ${timeoutMs} ms`);
  }
}

/** A condition threw or evaluated to something that is not a boolean; the node FAILS instead of running. */
export class ConditionError extends DagError {
  override readonly name = 'ConditionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('DAG_CONDITION_FAILED', message, options);
  }
}

export class ConditionSyntaxError extends DagError {
  override readonly name = 'ConditionSyntaxError';
  constructor(
    message: string,
    readonly expression: string,
    readonly position: number,
  ) {
    super('DAG_CONDITION_SYNTAX', `${message} at position ${position} in condition "${expression}"`);
  }
}

/** A stored execution file or record cannot be read back; it is never silently replaced. */
export class ContextStoreCorruptError extends DagError {
  override readonly name = 'ContextStoreCorruptError';
  constructor(
    readonly location: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super('DAG_STORE_CORRUPT', `context store entry ${location} is corrupt: ${reason}`, options);
  }
}

export class ContextStoreWriteError extends DagError {
  override readonly name = 'ContextStoreWriteError';
  constructor(executionId: string, options?: { cause?: unknown }) {
    super('DAG_STORE_WRITE', `saving execution "${executionId}" failed`, options);
  }
}

export class ExecutionExistsError extends DagError {
  override readonly name = 'ExecutionExistsError';
  constructor(readonly executionId: string) {
    super('DAG_EXECUTION_EXISTS', `execution "${executionId}" already exists in the store; resume it instead`);
  }
}

export class ExecutionNotFoundError extends DagError {
  override readonly name = 'ExecutionNotFoundError';
  constructor(readonly executionId: string) {
    super('DAG_EXECUTION_NOT_FOUND', `execution "${executionId}" is not in the store`);
  }
}

export class ExecutionActiveError extends DagError {
  override readonly name = 'ExecutionActiveError';
  constructor(readonly executionId: string) {
    super('DAG_EXECUTION_ACTIVE', `execution "${executionId}" is still running in this executor`);
  }
}

export class ResumeMismatchError extends DagError {
  override readonly name = 'ResumeMismatchError';
  constructor(message: string) {
    super('DAG_RESUME_MISMATCH', message);
  }
}

/** Abort reason given to running nodes when their workflow is cancelled. */
export class WorkflowCancelledError extends DagError {
  override readonly name = 'WorkflowCancelledError';
  constructor(executionId: string, options?: { cause?: unknown }) {
    super('DAG_CANCELLED', `execution "${executionId}" was cancelled`, options);
  }
}

/** Abort reason given to running nodes when their workflow is paused; they run again on resume. */
export class WorkflowPausedError extends DagError {
  override readonly name = 'WorkflowPausedError';
  constructor(executionId: string) {
    super('DAG_PAUSED', `execution "${executionId}" was paused`);
  }
}

/** Wraps a thrown non-Error value so results and events always carry an Error. */
export class NonErrorThrownError extends DagError {
  override readonly name = 'NonErrorThrownError';
  constructor(readonly value: unknown) {
    super('DAG_NON_ERROR_THROWN', `a non-Error value was thrown: ${describeValue(value)}`);
  }
}

/** Returns `value` if it is an Error, otherwise wraps it in a NonErrorThrownError. */
export function toError(value: unknown): Error {
  return value instanceof Error ? value : new NonErrorThrownError(value);
}

function describeValue(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
