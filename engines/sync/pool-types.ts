import type { Timers } from './timers.js';

/** Where and by whom a resource was acquired, and for how long it has been held. */
export interface HeldLease {
  readonly pool: string;
  readonly leaseId: number;
  readonly owner: string | undefined;
  readonly heldMs: number;
  /** Stack of the `acquire` call (empty when `captureStacks` is off). */
  readonly acquiredAt: string;
}

/** Which hook failed outside any caller's await (a destroy, a background create, a validation). */
export interface PoolHookFailure {
  readonly pool: string;
  readonly hook: 'create' | 'destroy' | 'validate';
  readonly error: unknown;
}

export interface PoolOptions<T> {
  /** Shown in errors and leak reports. */
  readonly name?: string;
  /** Opens one resource. The signal aborts when the pool drains mid-creation. */
  readonly create: (context: { readonly signal: AbortSignal }) => Promise<T> | T;
  /** Closes one resource; a throw is counted and reported through `onHookFailure`, never to a borrower. */
  readonly destroy: (resource: T) => Promise<void> | void;
  /** Checked before an idle resource is lent again; false or a throw destroys it and lends another. */
  readonly validate?: (resource: T) => Promise<boolean> | boolean;
  /** Most resources alive at once, counting ones being created, validated and destroyed. */
  readonly max: number;
  /**
   * Idle resources kept warm (within `max`): `prefill()` creates them, a lend or destroy that leaves fewer idle
   * creates replacements in the background, and idle eviction never goes below. Default 0.
   */
  readonly minIdle?: number;
  /** Default acquire timeout; none unless given. */
  readonly acquireTimeoutMs?: number;
  /** Idle resources unused this long are destroyed (down to `minIdle`). Off unless given. */
  readonly idleTimeoutMs?: number;
  /** A lease held longer than this is reported once through `onLeak`. Off unless given. */
  readonly leakThresholdMs?: number;
  /** Record the acquiring stack for leak reports. Default true; costs a stack capture per acquire. */
  readonly captureStacks?: boolean;
  readonly timers?: Timers;
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
  readonly evicted: number;
  readonly leaksReported: number;
}

export interface DrainOptions {
  /** Stops waiting for borrowers; remaining leases are then revoked and reported. */
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export interface DrainReport {
  /** Resources destroyed during the drain. */
  readonly destroyed: number;
  /** Leases still held when the wait ended: their resources were destroyed under the borrower. */
  readonly revoked: readonly HeldLease[];
}
