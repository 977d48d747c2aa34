import {
  DeadlockError,
  LockAbortedError,
  LockTimeoutError,
  LockUsageError,
  type DeadlockCycle,
  type WaitForEdge,
} from './errors.js';
import { timeoutProblem } from './timeout-option.js';
import { systemClock, type Clock } from '../common/index.js';
import { WaitQueue, type QueueEntry } from './wait-queue.js';
import { WaitRecorder, type WaitStats } from './wait-stats.js';
import {
  compareStrings,
  findAllCycles,
  findCycleThrough,
  type CyclePathStep,
  type WaitTarget,
} from './wait-for-graph.js';
import { createWaiter, type Waiter } from './waiter.js';

/**
 * What to do when a request would close a wait-for cycle:
 * - `'reject'`: refuse that request with a {@link DeadlockError} (it is the victim; everyone else proceeds);
 * - `'detect'`: let it wait, report the cycle through `onDeadlock` and {@link LockManager.findDeadlocks}, and
 *   leave breaking it to the caller's timeout or AbortSignal (the control case of a deadlock test).
 */
export type DeadlockPolicy = 'reject' | 'detect';

export interface LockGrantEvent {
  readonly lock: string;
  readonly owner: string;
  /** Order in which the request was made, across all locks (0, 1, 2, ...). */
  readonly requestSeq: number;
  readonly waitedMs: number;
}

export interface LockManagerOptions {
  readonly deadlockPolicy?: DeadlockPolicy;
  readonly clock?: Clock;
  /** Default acquire timeout for every request; none unless given. */
  readonly defaultTimeoutMs?: number;
  readonly onGrant?: (event: LockGrantEvent) => void;
  readonly onDeadlock?: (cycle: DeadlockCycle) => void;
}

export interface AcquireLockOptions {
  readonly signal?: AbortSignal;
  /**
   * Gives up with a {@link LockTimeoutError}; for `acquireAll` it bounds the whole multi-lock acquisition. A number
   * >= 0: `0` gives up unless the lock is free, `Infinity` waits without limit; anything else (NaN, negative, not a
   * number) is refused with `LOCK_INVALID_OPTIONS` before anything is queued.
   */
  readonly timeoutMs?: number;
}

export interface LockHandle {
  readonly owner: string;
  readonly locks: readonly string[];
  /**
   * Releases every lock of the handle; a second call throws `LOCK_NOT_HELD`. So does a stale handle (its lock was
   * released some other way and granted again, even to the same owner): it never releases the newer grant.
   */
  release(): void;
}

export interface LockSnapshotEntry {
  readonly lock: string;
  readonly holder: string | undefined;
  /** Owners queued for it, in grant order. */
  readonly waiting: readonly string[];
}

export interface LockManagerStats {
  readonly granted: number;
  readonly released: number;
  readonly timeouts: number;
  readonly aborts: number;
  readonly deadlocks: number;
  readonly waits: WaitStats;
}

interface LockRequest {
  readonly owner: string;
  readonly lock: string;
  readonly seq: number;
  readonly requestedAt: number;
  readonly waiter: Waiter<void>;
  /** Its place in the lock's queue, to leave it in O(1). */
  entry: QueueEntry<LockRequest> | undefined;
}

interface LockState {
  holder: string | undefined;
  /** Which grant the holder has (unique across the manager), so a stale handle cannot release a newer one. */
  grant: number;
  readonly queue: WaitQueue<LockRequest>;
  /** Queued requests by owner: the re-entry check in O(1). */
  readonly queuedBy: Map<string, LockRequest>;
}

/**
 * Named exclusive async locks with strict FIFO hand-off (a released lock goes straight to the oldest waiter,
 * so nobody barges in), acquire timeouts, ordered multi-lock acquisition and deadlock detection on the
 * wait-for graph (owner -> owner whose lock it waits for).
 *
 * Owners are plain strings (a task or worker id): the wait-for graph and the deadlock report are only as readable
 * as these names.
 */
export class LockManager {
  private readonly locks = new Map<string, LockState>();
  private readonly held = new Map<string, Set<string>>();
  private readonly waiting = new Map<string, Set<LockRequest>>();
  private readonly clock: Clock;
  private readonly policy: DeadlockPolicy;
  private readonly recorder = new WaitRecorder();
  private readonly reported = new Set<string>();
  private seq = 0;
  private grants = 0;
  private granted = 0;
  private released = 0;
  private timeouts = 0;
  private aborts = 0;
  private deadlocks = 0;

  constructor(private readonly options: LockManagerOptions = {}) {
    const problem = timeoutProblem('defaultTimeoutMs', options.defaultTimeoutMs);
    if (problem !== undefined) throw new LockUsageError('LOCK_INVALID_OPTIONS', problem);
    this.clock = options.clock ?? systemClock;
    this.policy = options.deadlockPolicy ?? 'reject';
  }

  /** Takes one lock for `owner`; resolves when granted. */
  async acquire(owner: string, lock: string, options: AcquireLockOptions = {}): Promise<LockHandle> {
    const timeoutMs = this.timeoutOf(options);
    await this.take(owner, lock, options.signal, timeoutMs, timeoutMs);
    return this.handle(owner, [lock]);
  }

  /**
   * Takes several locks in the global order (code-unit sorted names, duplicates merged), the classic rule that
   * makes a lock-order deadlock impossible. All or nothing: on timeout, abort or error the locks already taken
   * are released before the promise rejects.
   */
  async acquireAll(owner: string, locks: Iterable<string>, options: AcquireLockOptions = {}): Promise<LockHandle> {
    const timeoutMs = this.timeoutOf(options);
    const ordered = [...new Set(locks)].sort(compareStrings);
    const startedAt = this.clock.now();
    const taken: string[] = [];
    try {
      for (const lock of ordered) {
        const remaining = timeoutMs === undefined ? undefined : Math.max(0, timeoutMs - (this.clock.now() - startedAt));
        await this.take(owner, lock, options.signal, remaining, timeoutMs);
        taken.push(lock);
      }
    } catch (error) {
      for (const lock of taken.reverse()) this.release(owner, lock);
      throw error;
    }
    return this.handle(owner, ordered);
  }

  /** Runs `task` while holding `locks` (ordered, as {@link acquireAll}) and always releases them. */
  async withLocks<T>(
    owner: string,
    locks: Iterable<string>,
    task: () => Promise<T> | T,
    options: AcquireLockOptions = {},
  ): Promise<T> {
    const handle = await this.acquireAll(owner, locks, options);
    try {
      return await task();
    } finally {
      handle.release();
    }
  }

  /** Releases one lock held by `owner`, handing it to the oldest live waiter. */
  release(owner: string, lock: string): void {
    const state = this.locks.get(lock);
    if (state?.holder !== owner) {
      throw new LockUsageError(
        'LOCK_NOT_HELD',
        `${owner} released ${lock}, which it does not hold (holder: ${state?.holder ?? 'none'})`,
      );
    }
    state.holder = undefined;
    this.held.get(owner)?.delete(lock);
    if (this.held.get(owner)?.size === 0) this.held.delete(owner);
    this.released += 1;
    this.handOff(lock, state);
  }

  /** Every current wait-for cycle; non-empty only under the `'detect'` policy, since `'reject'` refuses them. */
  findDeadlocks(): DeadlockCycle[] {
    return findAllCycles(this.waiting.keys(), (owner) => this.targetsOf(owner)).map((steps) => this.toCycle(steps));
  }

  /** Who holds what and who waits for what, for diagnostics and reports. */
  snapshot(): LockSnapshotEntry[] {
    return [...this.locks.entries()]
      .filter(([, state]) => state.holder !== undefined || state.queue.size > 0)
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([lock, state]) => ({
        lock,
        holder: state.holder,
        waiting: [...state.queue].map((request) => request.owner),
      }));
  }

  /** Locks held by `owner`, sorted. */
  heldBy(owner: string): string[] {
    return [...(this.held.get(owner) ?? [])].sort(compareStrings);
  }

  stats(): LockManagerStats {
    return {
      granted: this.granted,
      released: this.released,
      timeouts: this.timeouts,
      aborts: this.aborts,
      deadlocks: this.deadlocks,
      waits: this.recorder.snapshot(),
    };
  }

  /** The request's timeout, or the manager's default; a bad value is misuse, refused before anything is queued. */
  private timeoutOf(options: AcquireLockOptions): number | undefined {
    const problem = timeoutProblem('timeoutMs', options.timeoutMs);
    if (problem !== undefined) throw new LockUsageError('LOCK_INVALID_OPTIONS', problem);
    return options.timeoutMs ?? this.options.defaultTimeoutMs;
  }

  /** `budgetMs` is the caller's whole timeout, named in the error (for `acquireAll`, `timeoutMs` is what is left). */
  private async take(
    owner: string,
    lock: string,
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
    budgetMs: number | undefined,
  ): Promise<void> {
    const existing = this.locks.get(lock);
    if (existing !== undefined && (existing.holder === owner || existing.queuedBy.has(owner))) {
      throw new LockUsageError('LOCK_REENTRY', `${owner} already holds or awaits ${lock}; locks are not re-entrant`);
    }
    if (signal?.aborted === true) {
      this.aborts += 1;
      throw new LockAbortedError(`${owner} gave up on ${lock}: aborted before waiting`, { cause: signal.reason });
    }
    const state = this.stateOf(lock);
    const seq = this.seq++;
    const requestedAt = this.clock.now();
    if (state.holder === undefined && state.queue.size === 0) {
      this.grant(owner, lock, state, seq, requestedAt);
      return;
    }

    const withdraw = (): void => this.withdraw(request);
    const waiter = createWaiter<void>({
      signal,
      timeoutMs,
      clock: this.clock,
      timeoutError: () => {
        this.timeouts += 1;
        return new LockTimeoutError(
          `${owner} timed out after ${budgetMs ?? 0} ms waiting for ${lock} held by ${state.holder ?? 'none'}`,
        );
      },
      abortError: (reason) => {
        this.aborts += 1;
        return new LockAbortedError(`${owner} gave up waiting for ${lock}`, { cause: reason });
      },
      withdraw,
    });
    const request: LockRequest = { owner, lock, seq, requestedAt, waiter, entry: undefined };
    request.entry = state.queue.push(request);
    state.queuedBy.set(owner, request);
    this.waitingSet(owner).add(request);

    // A new wait can close a cycle only through the holder, and only if the holder itself waits for something:
    // the common case (a busy lock whose holder is working) needs no graph search.
    const holder = state.holder;
    const steps =
      holder !== undefined && this.waiting.has(holder)
        ? findCycleThrough(owner, (candidate) => this.targetsOf(candidate))
        : undefined;
    if (steps !== undefined) {
      const cycle = this.toCycle(steps);
      this.reportDeadlock(steps, cycle);
      if (this.policy === 'reject') {
        this.withdraw(request);
        waiter.fail(new DeadlockError(cycle));
      }
    }
    await waiter.promise;
  }

  private grant(owner: string, lock: string, state: LockState, seq: number, requestedAt: number): void {
    state.holder = owner;
    state.grant = ++this.grants;
    let locks = this.held.get(owner);
    if (locks === undefined) {
      locks = new Set();
      this.held.set(owner, locks);
    }
    locks.add(lock);
    this.granted += 1;
    const waitedMs = this.clock.now() - requestedAt;
    this.recorder.record(waitedMs);
    this.options.onGrant?.({ lock, owner, requestSeq: seq, waitedMs });
  }

  private handOff(lock: string, state: LockState): void {
    while (state.holder === undefined && state.queue.size > 0) {
      const next = state.queue.shift();
      if (next === undefined) break;
      this.forgetQueued(state, next);
      this.forgetWait(next);
      if (next.waiter.settled) continue;
      this.grant(next.owner, lock, state, next.seq, next.requestedAt);
      next.waiter.grant();
    }
    if (state.holder === undefined && state.queue.size === 0) this.locks.delete(lock);
  }

  private withdraw(request: LockRequest): void {
    const state = this.locks.get(request.lock);
    if (state !== undefined) {
      if (request.entry !== undefined) state.queue.remove(request.entry);
      this.forgetQueued(state, request);
      // The withdrawn request may have been what kept the lock busy for the next waiter (it never is the holder,
      // but a now-empty queue lets the state be forgotten).
      if (state.holder === undefined) this.handOff(request.lock, state);
    }
    this.forgetWait(request);
  }

  private forgetQueued(state: LockState, request: LockRequest): void {
    if (state.queuedBy.get(request.owner) === request) state.queuedBy.delete(request.owner);
  }

  private forgetWait(request: LockRequest): void {
    const set = this.waiting.get(request.owner);
    set?.delete(request);
    if (set?.size === 0) this.waiting.delete(request.owner);
  }

  private targetsOf(owner: string): WaitTarget[] {
    const targets: WaitTarget[] = [];
    for (const request of this.waiting.get(owner) ?? []) {
      const holder = this.locks.get(request.lock)?.holder;
      if (holder !== undefined) targets.push({ lock: request.lock, heldBy: holder });
    }
    return targets;
  }

  private toCycle(steps: readonly CyclePathStep[]): DeadlockCycle {
    const edges: WaitForEdge[] = steps.map((step) => ({
      owner: step.owner,
      waitsFor: step.lock,
      heldBy: step.heldBy,
      holds: this.heldBy(step.owner),
    }));
    return { owners: steps.map((step) => step.owner), edges };
  }

  private reportDeadlock(steps: readonly CyclePathStep[], cycle: DeadlockCycle): void {
    if (this.policy === 'detect') {
      // The cycle stays in the graph under 'detect': announce each one once. Request numbers make the key, so a
      // cycle that is broken and later re-forms by new requests is announced again.
      const key = steps
        .map(
          (step) => [...(this.waiting.get(step.owner) ?? [])].find((request) => request.lock === step.lock)?.seq ?? -1,
        )
        .sort((a, b) => a - b)
        .join(',');
      if (this.reported.has(key)) return;
      this.reported.add(key);
    }
    this.deadlocks += 1;
    this.options.onDeadlock?.(cycle);
  }

  private stateOf(lock: string): LockState {
    let state = this.locks.get(lock);
    if (state === undefined) {
      state = { holder: undefined, grant: 0, queue: new WaitQueue(), queuedBy: new Map() };
      this.locks.set(lock, state);
    }
    return state;
  }

  private waitingSet(owner: string): Set<LockRequest> {
    let set = this.waiting.get(owner);
    if (set === undefined) {
      set = new Set();
      this.waiting.set(owner, set);
    }
    return set;
  }

  /** A handle for the grants `owner` holds now on `locks`; it releases those grants and no later ones. */
  private handle(owner: string, locks: readonly string[]): LockHandle {
    const grants = locks.map((lock) => this.locks.get(lock)?.grant);
    let released = false;
    return {
      owner,
      locks,
      release: () => {
        if (released) throw new LockUsageError('LOCK_NOT_HELD', `${owner} released [${locks.join(', ')}] twice`);
        released = true;
        const stale: string[] = [];
        for (let index = locks.length - 1; index >= 0; index -= 1) {
          const lock = locks[index] as string;
          const state = this.locks.get(lock);
          if (state?.holder === owner && state.grant === grants[index]) this.release(owner, lock);
          else stale.push(lock);
        }
        if (stale.length === 0) return;
        const regranted = stale.some((lock) => this.locks.get(lock)?.holder === owner);
        throw new LockUsageError(
          'LOCK_NOT_HELD',
          `${owner}'s handle for [${stale.reverse().join(', ')}] is stale: released without it` +
            (regranted ? `; ${owner}'s newer grant stays held` : ''),
        );
      },
    };
  }
}

/** Creates a {@link LockManager}. */
export function createLockManager(options: LockManagerOptions = {}): LockManager {
  return new LockManager(options);
}
