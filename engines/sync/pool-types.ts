import type { Clock } from '../common/index.js';

/** Where and by whom a resource was acquired, and for how long it has been held. */
export interface HeldLease {
  readonly pool: string;
  readonly leaseId: number;
  readonly owner: string | undefined;
  readonly heldMs: number;
  /** Stack of the `acquire` call (empty when `captureStacks` is off). */
  readonly acquiredAt: string;
}

/** Which hook failed or timed out outside any caller's await (a destroy, a background create, a validation). */
export interface PoolHookFailure {
  readonly pool: string;
  readonly hook: 'create' | 'destroy' | 'validate';
  readonly error: unknown;
}

export interface PoolOptions<T> {
  /** Shown in errors and leak reports. */
  readonly name?: string;
  /**
   * Opens one resource. The signal aborts when the pool drains mid-creation or `createTimeoutMs` elapses; a create
   * still pending then fails its acquire with `POOL_CREATE_FAILED` (cause `POOL_HOOK_TIMEOUT`) and frees its slot,
   * and a resource it delivers later is destroyed at once.
   */
  readonly create: (context: { readonly signal: AbortSignal }) => Promise<T> | T;
  /**
   * Closes one resource; a throw, or not settling within `destroyTimeoutMs`, is counted and reported through
   * `onHookFailure`, never to a borrower, and frees the slot.
   */
  readonly destroy: (resource: T) => Promise<void> | void;
  /**
   * Checked when a resource leaves the idle list to be lent: one a borrower gave back, or one created ahead of
   * demand (`prefill`, `minIdle`). A resource created because an acquire was waiting goes straight to it, unchecked:
   * it was opened a moment ago. False, a throw, or no answer within `validateTimeoutMs` destroys it and lends another.
   */
  readonly validate?: (resource: T) => Promise<boolean> | boolean;
  /** Most resources alive at once, counting ones being created, validated and destroyed. */
  readonly max: number;
  /**
   * Idle resources kept warm (within `max`): `prefill()` creates them, a lend or destroy that leaves fewer idle
   * creates replacements in the background, and idle eviction never goes below. Default 0.
   */
  readonly minIdle?: number;
  /**
   * Default acquire timeout; none unless given. Every `...Ms` option is a number >= 0 (`Infinity`: no bound); NaN,
   * a negative number or a non-number is refused with `POOL_INVALID_OPTIONS`.
   */
  readonly acquireTimeoutMs?: number;
  /** Bound on one `create`. Default 30,000 ms. */
  readonly createTimeoutMs?: number;
  /** Bound on one `validate`. Default 5,000 ms. */
  readonly validateTimeoutMs?: number;
  /** Bound on one `destroy`. Default 10,000 ms. */
  readonly destroyTimeoutMs?: number;
  /** Idle resources unused this long are destroyed (down to `minIdle`). Off unless given. */
  readonly idleTimeoutMs?: number;
  /** A lease held longer than this is reported once through `onLeak`. Off unless given. */
  readonly leakThresholdMs?: number;
  /** Record the acquiring stack for leak reports. Default true; costs a stack capture per acquire. */
  readonly captureStacks?: boolean;
  readonly clock?: Clock;
  readonly onLeak?: (leak: HeldLease) => void;
  readonly onHookFailure?: (failure: PoolHookFailure) => void;
}

export interface PoolAcquireOptions {
  readonly signal?: AbortSignal;
  /** Overrides the pool's `acquireTimeoutMs`. */
  readonly timeoutMs?: number;
  /** Who borrows it; named in leak reports. */
  readonly owner?: string;
}

/** One loan of a resource. Give it back exactly once, with `release()` or `destroy()`. */
export interface Lease<T> {
  readonly id: number;
  readonly resource: T;
  readonly owner: string | undefined;
  /** Returns the resource to the pool; a second release throws `POOL_DOUBLE_RELEASE`. */
  release(): void;
  /** Gives the resource back as broken: it is destroyed, not reused. Resolves once destroyed. */
  destroy(): Promise<void>;
}

export type PoolState = 'open' | 'draining' | 'drained';

export interface PoolStats {
  readonly state: PoolState;
  /** Resources alive now: idle + borrowed + being created, validated or destroyed. */
  readonly size: number;
  readonly idle: number;
  readonly borrowed: number;
  readonly creating: number;
  readonly validating: number;
  readonly destroying: number;
  /** Acquires waiting for a resource. */
  readonly pending: number;
  /** Most resources alive at once since the pool was created. */
  readonly highWater: number;
  /** Most resources lent out at once. */
  readonly borrowedHighWater: number;
  readonly created: number;
  readonly destroyed: number;
  readonly acquired: number;
  readonly released: number;
  readonly timeouts: number;
  readonly aborts: number;
  readonly createFailures: number;
  readonly validationFailures: number;
  readonly destroyFailures: number;
  /** Hook calls given up on after their bound (`createTimeoutMs`, `validateTimeoutMs`, `destroyTimeoutMs`). */
  readonly hookTimeouts: number;
  readonly evicted: number;
  readonly leaksReported: number;
}

export interface DrainOptions {
  /** Ends the drain (as `timeoutMs` elapsing does): remaining leases are revoked and reported, nothing more awaited. */
  readonly signal?: AbortSignal;
  /**
   * A bound on the whole drain, whatever the hooks do: waiting for borrowers, then for the creations, validations
   * and destructions in flight. `0` revokes every lease at once and waits only for hooks that settle without a
   * timer turn. Without it the drain waits for borrowers as long as they keep their leases (hooks stay bounded by
   * their own timeouts).
   */
  readonly timeoutMs?: number;
}

export interface DrainReport {
  /** Resources destroyed during the drain. */
  readonly destroyed: number;
  /** Leases still held when the wait ended: their resources were destroyed under the borrower. */
  readonly revoked: readonly HeldLease[];
  /**
   * Hook calls still in flight when the drain ended (all 0 unless its bound cut it short). The pool finishes them
   * on its own (a late resource is destroyed) and its state turns `drained` when they are done.
   */
  readonly unsettled: { readonly creating: number; readonly validating: number; readonly destroying: number };
}
