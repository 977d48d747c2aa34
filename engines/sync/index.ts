/**
 * Sync primitives for the Maestro engines: a lock manager and a resource pool.
 *
 * - {@link LockManager}: named exclusive async locks, FIFO hand-off, acquire timeouts through `timeoutMs` or an
 *   `AbortSignal`, ordered multi-lock acquisition (`acquireAll`, `withLocks`), and a deadlock detector on the
 *   wait-for graph whose {@link DeadlockError} names the cycle: who holds what and who waits for what. A timeout
 *   that is not a number >= 0 is refused (`LOCK_INVALID_OPTIONS`), a handle releases only its own grant, and queueing
 *   or giving up costs O(1) per waiter.
 * - {@link Pool}: bounded pool with create/destroy/validate hooks, each bounded by its own timeout, `minIdle`,
 *   acquire timeout, idle eviction, high-water mark, leak reports with the acquiring stack, release-ownership checks
 *   and `drain({ timeoutMs })`, which settles within its bound whatever the hooks do.
 *
 * Any number of waiters may share one `AbortSignal`: it carries a single listener for all of them.
 *
 * Both take injectable {@link Clock} ({@link createManualClock} in tests) so time-dependent behaviour is
 * decided by the caller, not by a loaded machine.
 *
 * @example
 * const locks = createLockManager();
 * await locks.withLocks('job-1', ['db', 'cache'], async () => { ... }, { timeoutMs: 5_000 });
 *
 * const pool = createPool({ max: 4, create: () => openThing(), destroy: (t) => t.close() });
 * const answer = await pool.use((thing) => thing.ask('PING'), { timeoutMs: 1_000, owner: 'job-1' });
 * const report = await pool.drain({ timeoutMs: 5_000 }); // report.revoked lists leases never given back
 */
export { LockManager, createLockManager } from './lock-manager.js';
export type {
  AcquireLockOptions,
  DeadlockPolicy,
  LockGrantEvent,
  LockHandle,
  LockManagerOptions,
  LockManagerStats,
  LockSnapshotEntry,
} from './lock-manager.js';
export { Pool, createPool } from './pool.js';
export type {
  DrainOptions,
  DrainReport,
  HeldLease,
  Lease,
  PoolAcquireOptions,
  PoolHookFailure,
  PoolOptions,
  PoolState,
  PoolStats,
} from './pool-types.js';
export {
  DeadlockError,
  LockAbortedError,
  LockTimeoutError,
  LockUsageError,
  PoolAcquireAbortedError,
  PoolAcquireTimeoutError,
  PoolCreateError,
  PoolDrainedError,
  PoolHookTimeoutError,
  PoolOptionsError,
  PoolReleaseError,
  SyncError,
  describeDeadlock,
} from './errors.js';
export type { DeadlockCycle, PoolHookName, SyncErrorCode, WaitForEdge } from './errors.js';
export type { WaitStats } from './wait-stats.js';
