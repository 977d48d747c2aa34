import { callWithin } from './bounded-call.js';
import {
  PoolAcquireAbortedError,
  PoolAcquireTimeoutError,
  PoolCreateError,
  PoolDrainedError,
  PoolHookTimeoutError,
  PoolOptionsError,
} from './errors.js';
import { LeaseBook } from './lease-book.js';
import type {
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
import { timeoutProblem } from './timeout-option.js';
import { systemClock, unrefTimer, type TimerHandle, type Clock } from '../common/index.js';
import { WaitQueue, type QueueEntry } from './wait-queue.js';
import { endOfWait, waitUntil } from './wait-until.js';
import { createWaiter, type Waiter } from './waiter.js';

const DEFAULT_CREATE_TIMEOUT_MS = 30_000;
const DEFAULT_VALIDATE_TIMEOUT_MS = 5_000;
const DEFAULT_DESTROY_TIMEOUT_MS = 10_000;
const TIMEOUT_OPTIONS = [
  'acquireTimeoutMs',
  'idleTimeoutMs',
  'leakThresholdMs',
  'createTimeoutMs',
  'validateTimeoutMs',
  'destroyTimeoutMs',
] as const;

interface IdleEntry<T> {
  readonly resource: T;
  readonly since: number;
  timer: TimerHandle | undefined;
}

interface PendingAcquire<T> {
  readonly waiter: Waiter<Lease<T>>;
  readonly owner: string | undefined;
  readonly stack: string;
  /** Its place in the queue while it waits there (not while a resource is being validated for it). */
  entry: QueueEntry<PendingAcquire<T>> | undefined;
}

/**
 * A bounded pool of resources with create/destroy/validate hooks. Acquires are served first come, first served;
 * a released resource goes straight to the oldest waiter. The size bound counts every resource that exists,
 * including ones still being created or destroyed, so "at most `max` sockets open" holds at every instant.
 *
 * Borrowers hold a {@link Lease}; the pool checks that each lease comes back once and only to the pool that
 * issued it, and reports leases held too long with the stack that acquired them.
 *
 * Every hook call is bounded (`createTimeoutMs`, `validateTimeoutMs`, `destroyTimeoutMs`), so a hook that never
 * settles costs its slot for a while, never for good, and `drain({ timeoutMs })` is a bound on the whole drain.
 */
export class Pool<T> {
  readonly name: string;
  private readonly clock: Clock;
  private readonly minIdle: number;
  private readonly idle: IdleEntry<T>[] = [];
  private readonly loans: LeaseBook<T>;
  private readonly queue = new WaitQueue<PendingAcquire<T>>();
  /** Acquires whose resource is being validated (out of the queue meanwhile). */
  private readonly beingValidated = new Set<PendingAcquire<T>>();
  private readonly background = new Set<Promise<void>>();
  /** One per creation in flight; a drain aborts them all. */
  private readonly creations = new Set<AbortController>();
  private readonly quiet = new Set<() => void>();
  private readonly createTimeoutMs: number;
  private readonly validateTimeoutMs: number;
  private readonly destroyTimeoutMs: number;
  private state: PoolState = 'open';
  /** A drain has returned; the state turns `drained` once the hooks it left in flight settle. */
  private drainReturned = false;
  private creating = 0;
  private validating = 0;
  private destroying = 0;
  private counters = {
    highWater: 0,
    borrowedHighWater: 0,
    created: 0,
    destroyed: 0,
    acquired: 0,
    released: 0,
    timeouts: 0,
    aborts: 0,
    createFailures: 0,
    validationFailures: 0,
    destroyFailures: 0,
    hookTimeouts: 0,
    evicted: 0,
    leaksReported: 0,
  };

  constructor(private readonly options: PoolOptions<T>) {
    if (!Number.isInteger(options.max) || options.max < 1)
      throw new PoolOptionsError(`max must be an integer >= 1, got ${options.max}`);
    const minIdle = options.minIdle ?? 0;
    if (!Number.isInteger(minIdle) || minIdle < 0 || minIdle > options.max) {
      throw new PoolOptionsError(`minIdle must be an integer in [0, max=${options.max}], got ${minIdle}`);
    }
    for (const option of TIMEOUT_OPTIONS) {
      const problem = timeoutProblem(option, options[option]);
      if (problem !== undefined) throw new PoolOptionsError(problem);
    }
    this.createTimeoutMs = options.createTimeoutMs ?? DEFAULT_CREATE_TIMEOUT_MS;
    this.validateTimeoutMs = options.validateTimeoutMs ?? DEFAULT_VALIDATE_TIMEOUT_MS;
    this.destroyTimeoutMs = options.destroyTimeoutMs ?? DEFAULT_DESTROY_TIMEOUT_MS;
    this.name = options.name ?? 'pool';
    this.clock = options.clock ?? systemClock;
    this.minIdle = minIdle;
    this.loans = new LeaseBook<T>({
      pool: this.name,
      clock: this.clock,
      leakThresholdMs: options.leakThresholdMs,
      onLeak: (leak) => {
        this.counters.leaksReported += 1;
        this.options.onLeak?.(leak);
      },
    });
  }

  /** Lends a resource, creating one if the pool is below `max`, else waiting for a release. */
  acquire(options: PoolAcquireOptions = {}): Promise<Lease<T>> {
    const stack = this.options.captureStacks === false ? '' : captureStack(this.acquire);
    if (this.state !== 'open') return Promise.reject(new PoolDrainedError(`${this.name}: acquire after drain`));
    const problem = timeoutProblem('timeoutMs', options.timeoutMs);
    if (problem !== undefined) return Promise.reject(new PoolOptionsError(`${this.name}: acquire ${problem}`));
    if (options.signal?.aborted === true) {
      this.counters.aborts += 1;
      return Promise.reject(
        new PoolAcquireAbortedError(`${this.name}: acquire aborted`, { cause: options.signal.reason }),
      );
    }
    const timeoutMs = options.timeoutMs ?? this.options.acquireTimeoutMs;
    // The waiter's withdraw callback needs the queue entry, which needs the waiter.
    const slot: { pending?: PendingAcquire<T> } = {};
    const waiter = createWaiter<Lease<T>>({
      signal: options.signal,
      timeoutMs,
      clock: this.clock,
      timeoutError: () => {
        this.counters.timeouts += 1;
        return new PoolAcquireTimeoutError(
          `${this.name}: no resource within ${timeoutMs ?? 0} ms (size ${this.size()}/${this.options.max}, ${this.loans.size} borrowed, ${this.queue.size} waiting)`,
        );
      },
      abortError: (reason) => {
        this.counters.aborts += 1;
        return new PoolAcquireAbortedError(`${this.name}: acquire aborted`, { cause: reason });
      },
      withdraw: () => {
        const entry = slot.pending?.entry;
        if (entry !== undefined) this.queue.remove(entry);
      },
    });
    const pending: PendingAcquire<T> = { waiter, owner: options.owner, stack, entry: undefined };
    slot.pending = pending;
    pending.entry = this.queue.push(pending);
    this.dispatch();
    return waiter.promise;
  }

  /** Runs `task` with a borrowed resource and always gives it back; a throw from `task` destroys it. */
  async use<R>(task: (resource: T) => Promise<R> | R, options: PoolAcquireOptions = {}): Promise<R> {
    const lease = await this.acquire(options);
    let result: R;
    try {
      result = await task(lease.resource);
    } catch (error) {
      // The resource may be half-way through a protocol exchange; reusing it could poison the next borrower.
      await lease.destroy();
      throw error;
    }
    lease.release();
    return result;
  }

  /** Same as `lease.release()`; throws for a lease this pool did not issue or already got back. */
  release(lease: Lease<T>): void {
    if (!this.loans.takeBack(lease)) return;
    this.counters.released += 1;
    if (this.state === 'open') {
      this.pushIdle(lease.resource);
      this.dispatch();
    } else {
      this.destroyResource(lease.resource);
    }
  }

  /** Same as `lease.destroy()`. */
  destroy(lease: Lease<T>): Promise<void> {
    if (!this.loans.takeBack(lease)) return Promise.resolve();
    this.counters.released += 1;
    return this.destroyAndWait(lease.resource);
  }

  /** Creates resources until `minIdle` are idle (or `max` is reached); rejects if a creation fails. */
  async prefill(): Promise<void> {
    const missing = Math.min(this.minIdle - this.idle.length - this.creating, this.options.max - this.size());
    const created: Promise<boolean>[] = [];
    for (let index = 0; index < missing; index += 1) {
      const creation = this.startCreate();
      this.track(creation.then(() => undefined));
      created.push(creation);
    }
    const outcomes = await Promise.all(created);
    if (outcomes.includes(false))
      throw new PoolCreateError(`${this.name}: prefill could not create ${this.minIdle} idle resources`);
  }

  /** Leases held at least `thresholdMs` (default: the pool's `leakThresholdMs`, else all of them). */
  findLeaks(thresholdMs = this.options.leakThresholdMs ?? 0): HeldLease[] {
    return this.loans.heldFor(thresholdMs);
  }

  /**
   * Stops lending (pending and later acquires reject with `POOL_DRAINED`), aborts creations in flight, destroys idle
   * resources, waits for borrowers to give theirs back, then revokes what is still out (destroying it, reporting it
   * as a leak) and waits for every creation, validation and destruction in flight. Afterwards nothing the pool
   * opened is left open, unless `timeoutMs` or `signal` ended the drain first: `unsettled` then counts the hook
   * calls still running (the pool finishes them on its own and destroys whatever they deliver).
   */
  async drain(options: DrainOptions = {}): Promise<DrainReport> {
    const problem = timeoutProblem('timeoutMs', options.timeoutMs);
    if (problem !== undefined) throw new PoolOptionsError(`${this.name}: drain ${problem}`);
    const destroyedBefore = this.counters.destroyed;
    if (this.state === 'open') {
      this.state = 'draining';
      for (const creation of this.creations)
        creation.abort(new PoolDrainedError(`${this.name}: drained during creation`));
      for (const pending of [...this.queue.drain(), ...this.beingValidated]) {
        pending.entry = undefined;
        pending.waiter.fail(new PoolDrainedError(`${this.name}: drained while waiting`));
      }
      for (const entry of this.idle.splice(0)) this.destroyIdleEntry(entry);
    }
    const end = endOfWait(options, this.clock);
    try {
      if (options.timeoutMs !== 0) await waitUntil(this.loans.emptied, () => this.loans.size === 0, end.reached);
      const { resources, revoked } = this.loans.revokeAll();
      for (const resource of resources) this.destroyResource(resource);
      await waitUntil(this.quiet, () => this.background.size === 0, end.reached);
      this.drainReturned = true;
      if (this.background.size === 0) this.state = 'drained';
      return {
        destroyed: this.counters.destroyed - destroyedBefore,
        revoked,
        unsettled: { creating: this.creating, validating: this.validating, destroying: this.destroying },
      };
    } finally {
      end.dispose();
    }
  }

  stats(): PoolStats {
    return {
      ...this.counters,
      state: this.state,
      size: this.size(),
      idle: this.idle.length,
      borrowed: this.loans.size,
      creating: this.creating,
      validating: this.validating,
      destroying: this.destroying,
      pending: this.queue.size,
    };
  }

  private size(): number {
    return this.idle.length + this.loans.size + this.creating + this.validating + this.destroying;
  }

  private dispatch(): void {
    while (this.state === 'open' && this.queue.size > 0 && this.idle.length > 0) {
      const pending = this.queue.shift();
      const entry = this.idle.pop();
      if (pending === undefined || entry === undefined) break;
      this.clearIdleTimer(entry);
      if (this.options.validate === undefined) this.lend(pending, entry.resource);
      else this.track(this.validateThenLend(pending, entry.resource));
    }
    let uncovered = this.queue.size - this.creating;
    while (this.state === 'open' && uncovered > 0 && this.size() < this.options.max) {
      this.track(this.startCreate().then(() => undefined));
      uncovered -= 1;
    }
  }

  /**
   * Keeps `minIdle` resources idle (within `max`) as borrowers take them, like HikariCP's minimumIdle. Called after
   * a lend or a destroy, never after a failed creation, so a dead backend does not turn into a creation loop.
   */
  private replenish(): void {
    if (this.state !== 'open' || this.minIdle === 0) return;
    const creatingForIdle = Math.max(0, this.creating - this.queue.size);
    let needed = this.minIdle - this.idle.length - creatingForIdle;
    while (needed > 0 && this.size() < this.options.max) {
      this.track(this.startCreate().then(() => undefined));
      needed -= 1;
    }
  }

  private async validateThenLend(pending: PendingAcquire<T>, resource: T): Promise<void> {
    const validate = this.options.validate;
    pending.entry = undefined;
    this.beingValidated.add(pending);
    this.validating += 1;
    let valid = false;
    try {
      valid =
        validate === undefined ||
        (await callWithin(() => validate(resource), {
          pool: this.name,
          hook: 'validate',
          timeoutMs: this.validateTimeoutMs,
          clock: this.clock,
        }));
    } catch (error) {
      this.reportHookFailure('validate', error);
    } finally {
      this.validating -= 1;
      this.beingValidated.delete(pending);
    }
    if (valid && this.state === 'open') {
      this.lend(pending, resource);
      return;
    }
    if (!valid) this.counters.validationFailures += 1;
    // Back to the head of the line: the waiter did nothing wrong and keeps its place.
    if (!pending.waiter.settled && this.state === 'open') pending.entry = this.queue.unshift(pending);
    this.destroyResource(resource);
    this.dispatch();
  }

  private lend(pending: PendingAcquire<T>, resource: T): void {
    const lease = this.loans.draft(resource, pending.owner, {
      release: (given) => this.release(given),
      destroy: (given) => this.destroy(given),
    });
    if (!pending.waiter.grant(lease)) {
      // The borrower gave up (timeout/abort) while the resource was being readied: keep it for the next one.
      this.pushIdle(resource);
      this.dispatch();
      return;
    }
    this.loans.record(lease, pending.stack);
    this.counters.acquired += 1;
    this.counters.borrowedHighWater = Math.max(this.counters.borrowedHighWater, this.loans.size);
    // Only now, with the loan recorded, does size() count this resource again.
    this.replenish();
  }

  /**
   * Resolves true when a resource was created (and handed on), false when creation failed or timed out. A resource
   * created while an acquire waits goes straight to the oldest waiter, without validation (see `validate`).
   */
  private async startCreate(): Promise<boolean> {
    this.creating += 1;
    this.counters.highWater = Math.max(this.counters.highWater, this.size());
    const controller = new AbortController();
    if (this.state !== 'open') controller.abort(new PoolDrainedError(`${this.name}: drained during creation`));
    this.creations.add(controller);
    let resource: T;
    try {
      resource = await callWithin(() => this.options.create({ signal: controller.signal }), {
        pool: this.name,
        hook: 'create',
        timeoutMs: this.createTimeoutMs,
        clock: this.clock,
        onTimeout: (error) => controller.abort(error),
        // Its acquire already failed; the slot was freed. Count it and close it.
        onLateValue: (late) => {
          this.counters.created += 1;
          this.destroyResource(late);
        },
      });
    } catch (error) {
      this.creations.delete(controller);
      this.creating -= 1;
      this.counters.createFailures += 1;
      this.reportHookFailure('create', error);
      // One failed creation fails one acquire, so a dead backend surfaces as errors instead of a silent queue.
      const pending = this.queue.shift();
      if (pending !== undefined) pending.entry = undefined;
      pending?.waiter.fail(new PoolCreateError(`${this.name}: could not create a resource`, { cause: error }));
      this.dispatch();
      return false;
    }
    this.creations.delete(controller);
    this.creating -= 1;
    this.counters.created += 1;
    if (this.state !== 'open') {
      this.destroyResource(resource);
      return true;
    }
    const waiting = this.queue.shift();
    if (waiting === undefined) {
      this.pushIdle(resource);
      this.dispatch();
    } else {
      waiting.entry = undefined;
      this.lend(waiting, resource);
    }
    return true;
  }

  private pushIdle(resource: T): void {
    const entry: IdleEntry<T> = { resource, since: this.clock.now(), timer: undefined };
    this.idle.push(entry);
    const idleTimeoutMs = this.options.idleTimeoutMs;
    if (idleTimeoutMs !== undefined) {
      entry.timer = this.clock.setTimeout(() => {
        entry.timer = undefined;
        this.evictExpired();
      }, idleTimeoutMs);
      unrefTimer(entry.timer);
      this.evictExpired();
    }
  }

  /** Destroys the longest-idle resources past `idleTimeoutMs`, never going below `minIdle`. */
  private evictExpired(): void {
    const idleTimeoutMs = this.options.idleTimeoutMs;
    if (idleTimeoutMs === undefined || this.state !== 'open') return;
    const now = this.clock.now();
    // `idle` is a stack (most recently used on top), so the oldest entries sit at the bottom.
    while (this.idle.length > this.minIdle) {
      const oldest = this.idle[0];
      if (oldest === undefined || now - oldest.since < idleTimeoutMs) break;
      this.idle.shift();
      this.counters.evicted += 1;
      this.destroyIdleEntry(oldest);
    }
  }

  private destroyIdleEntry(entry: IdleEntry<T>): void {
    this.clearIdleTimer(entry);
    this.destroyResource(entry.resource);
  }

  private destroyResource(resource: T): void {
    void this.destroyAndWait(resource);
  }

  /** Never rejects: a failing destroy is counted and reported, and the slot is freed either way. */
  private destroyAndWait(resource: T): Promise<void> {
    this.destroying += 1;
    const done = (async () => {
      try {
        await callWithin(() => this.options.destroy(resource), {
          pool: this.name,
          hook: 'destroy',
          timeoutMs: this.destroyTimeoutMs,
          clock: this.clock,
        });
      } catch (error) {
        this.counters.destroyFailures += 1;
        this.reportHookFailure('destroy', error);
      } finally {
        this.destroying -= 1;
        this.counters.destroyed += 1;
      }
      this.dispatch();
      this.replenish();
    })();
    this.track(done);
    return done;
  }

  private clearIdleTimer(entry: IdleEntry<T>): void {
    if (entry.timer !== undefined) this.clock.clearTimeout(entry.timer);
    entry.timer = undefined;
  }

  private reportHookFailure(hook: PoolHookFailure['hook'], error: unknown): void {
    if (error instanceof PoolHookTimeoutError) this.counters.hookTimeouts += 1;
    this.options.onHookFailure?.({ pool: this.name, hook, error });
  }

  private track(promise: Promise<void>): void {
    this.background.add(promise);
    void promise.finally(() => {
      this.background.delete(promise);
      if (this.background.size > 0) return;
      if (this.drainReturned && this.state === 'draining') this.state = 'drained';
      for (const notify of [...this.quiet]) notify();
    });
  }
}

function captureStack(below: (...args: never[]) => unknown): string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, below);
  return (holder.stack ?? '')
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .join('\n');
}

/** Creates a {@link Pool}; it opens nothing until the first acquire or `prefill()`. */
export function createPool<T>(options: PoolOptions<T>): Pool<T> {
  return new Pool(options);
}
