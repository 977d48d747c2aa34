import { CodedError } from '../common/index.js';

/**
 * Errors raised by the sync primitives. Each has a stable `name` and `code` so a reporter that only sees
 * `name: message` (Playwright passes no more across the worker boundary) can still classify it.
 */
export type SyncErrorCode =
  | 'LOCK_TIMEOUT'
  | 'LOCK_ABORTED'
  | 'LOCK_REENTRY'
  | 'LOCK_NOT_HELD'
  | 'LOCK_INVALID_OPTIONS'
  | 'DEADLOCK'
  | 'POOL_ACQUIRE_TIMEOUT'
  | 'POOL_ACQUIRE_ABORTED'
  | 'POOL_CREATE_FAILED'
  | 'POOL_DOUBLE_RELEASE'
  | 'POOL_FOREIGN_RELEASE'
  | 'POOL_DRAINED'
  | 'POOL_HOOK_TIMEOUT'
  | 'POOL_INVALID_OPTIONS';

export class SyncError extends CodedError<SyncErrorCode> {
  override name: string = 'SyncError';
}

/** A lock could not be acquired before its timeout elapsed. */
export class LockTimeoutError extends SyncError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('LOCK_TIMEOUT', message, options);
    this.name = 'LockTimeoutError';
  }
}

/** The caller's AbortSignal fired while waiting for a lock; `cause` is the signal's reason. */
export class LockAbortedError extends SyncError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('LOCK_ABORTED', message, options);
    this.name = 'LockAbortedError';
  }
}

/**
 * Misuse: an owner tried to take a lock it already holds, to release one it does not hold (or through a stale
 * handle), or passed an unusable option such as `timeoutMs: NaN`.
 */
export class LockUsageError extends SyncError {
  constructor(code: 'LOCK_REENTRY' | 'LOCK_NOT_HELD' | 'LOCK_INVALID_OPTIONS', message: string) {
    super(code, message);
    this.name = 'LockUsageError';
  }
}

/** One edge of a wait-for cycle: `owner` waits for `lock`, which `heldBy` holds. */
export interface WaitForEdge {
  readonly owner: string;
  readonly waitsFor: string;
  readonly heldBy: string;
  /** Every lock `owner` holds while it waits, sorted. */
  readonly holds: readonly string[];
}

/** A deadlock: the wait-for cycle as a full path, starting at the owner whose request closed it. */
export interface DeadlockCycle {
  readonly owners: readonly string[];
  readonly edges: readonly WaitForEdge[];
}

/** Renders a cycle as `a (holds X) waits for Y held by b -> b (holds Y) waits for X held by a`. */
export function describeDeadlock(cycle: DeadlockCycle): string {
  return cycle.edges
    .map(
      (edge) =>
        `${edge.owner} (holds ${edge.holds.join(', ') || 'nothing'}) waits for ${edge.waitsFor} held by ${edge.heldBy}`,
    )
    .join(' -> ');
}

/** The request would close a wait-for cycle; it was refused so the others can proceed. */
export class DeadlockError extends SyncError {
  readonly cycle: DeadlockCycle;

  constructor(cycle: DeadlockCycle) {
    super('DEADLOCK', `deadlock: ${describeDeadlock(cycle)}`);
    this.name = 'DeadlockError';
    this.cycle = cycle;
  }
}

/** No resource became available before the acquire timeout. */
export class PoolAcquireTimeoutError extends SyncError {
  constructor(message: string) {
    super('POOL_ACQUIRE_TIMEOUT', message);
    this.name = 'PoolAcquireTimeoutError';
  }
}

/** The caller's AbortSignal fired while waiting for a resource; `cause` is the signal's reason. */
export class PoolAcquireAbortedError extends SyncError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('POOL_ACQUIRE_ABORTED', message, options);
    this.name = 'PoolAcquireAbortedError';
  }
}

/** The pool's `create` hook failed; `cause` is what it threw. */
export class PoolCreateError extends SyncError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('POOL_CREATE_FAILED', message, options);
    this.name = 'PoolCreateError';
  }
}

/** A lease was released twice, or released to a pool that never issued it. */
export class PoolReleaseError extends SyncError {
  constructor(code: 'POOL_DOUBLE_RELEASE' | 'POOL_FOREIGN_RELEASE', message: string) {
    super(code, message);
    this.name = 'PoolReleaseError';
  }
}

/** The pool is draining or drained and lends nothing more. */
export class PoolDrainedError extends SyncError {
  constructor(message: string) {
    super('POOL_DRAINED', message);
    this.name = 'PoolDrainedError';
  }
}

/** The pool hooks that may be bounded by a timeout. */
export type PoolHookName = 'create' | 'validate' | 'destroy';

/**
 * A pool hook did not settle within its bound (`createTimeoutMs`, `validateTimeoutMs`, `destroyTimeoutMs`). It is
 * reported through `onHookFailure`; a timed-out create is also the `cause` of the acquire's {@link PoolCreateError}.
 */
export class PoolHookTimeoutError extends SyncError {
  readonly hook: PoolHookName;

  constructor(pool: string, hook: PoolHookName, timeoutMs: number) {
    super('POOL_HOOK_TIMEOUT', `${pool}: ${hook} did not settle within ${timeoutMs} ms`);
    this.name = 'PoolHookTimeoutError';
    this.hook = hook;
  }
}

/** Pool options are inconsistent (e.g. `minIdle > max`) or unusable (e.g. a timeout of NaN). */
export class PoolOptionsError extends SyncError {
  constructor(message: string) {
    super('POOL_INVALID_OPTIONS', message);
    this.name = 'PoolOptionsError';
  }
}
