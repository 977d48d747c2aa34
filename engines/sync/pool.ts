import {
  PoolAcquireAbortedError,
  PoolAcquireTimeoutError,
  PoolCreateError,
  PoolDrainedError,
  PoolOptionsError,
  PoolReleaseError,
} from './errors.js';
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
import { systemTimers, unrefTimer, type TimerHandle, type Timers } from './timers.js';
import { createWaiter, type Waiter } from './waiter.js';

interface IdleEntry<T> {
  readonly resource: T;
  readonly since: number;
  timer: TimerHandle | undefined;
}

interface LoanRecord<T> {
  readonly lease: Lease<T>;
  readonly acquiredAt: number;
  readonly stack: string;
  leakTimer: TimerHandle | undefined;
}

interface PendingAcquire<T> {
  readonly waiter: Waiter<Lease<T>>;
  readonly owner: string | undefined;
  readonly stack: string;
}

/**
 * A bounded pool of resources with create/destroy/validate hooks. Acquires are served first come, first served;
 * a released resource goes straight to the oldest waiter. The size bound counts every resource that exists,
 * including ones still being created or destroyed, so "at most `max` sockets open" holds at every instant.
 *
 * Borrowers hold a {@link Lease}; the pool checks that each lease comes back once and only to the pool that
 * issued it, and reports leases held too long with the stack that acquired them.
 */
export class Pool<T> {
  readonly name: string;
  private readonly timers: Timers;
  private readonly minIdle: number;
  private readonly idle: IdleEntry<T>[] = [];
  private readonly loans = new Map<number, LoanRecord<T>>();
  private readonly issued = new WeakSet<Lease<T>>();
  private readonly revoked = new WeakSet<Lease<T>>();
  private readonly queue: PendingAcquire<T>[] = [];
  private readonly background = new Set<Promise<void>>();
  private readonly creation = new AbortController();
  private readonly emptied = new Set<() => void>();
  private state: PoolState = 'open';
  private nextLeaseId = 1;
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
    evicted: 0,
    leaksReported: 0,
  };

  constructor(private readonly options: PoolOptions<T>) {
    if (!Number.isInteger(options.max) || options.max < 1) throw new PoolOptionsError(`max must be an integer >= 1, got ${options.max}`);
    const minIdle = options.minIdle ?? 0;
    if (!Number.isInteger(minIdle) || minIdle < 0 || minIdle > options.max) {
      throw new PoolOptionsError(`minIdle must be an integer in [0, max=${options.max}], got ${minIdle}`);
    }
    this.name = options.name ?? 'pool';
    this.timers = options.timers ?? systemTimers;
    this.minIdle = minIdle;
  }

  /** Lends a resource, creating one if the pool is below `max`, else waiting for a release. */
  acquire(options: PoolAcquireOptions = {}): Promise<Lease<T>> {
    const stack = this.options.captureStacks === false ? '' : captureStack(this.acquire);
    if (this.state !== 'open') return Promise.reject(new PoolDrainedError(`${this.name}: acquire after drain`));
    if (options.signal?.aborted === true) {
      this.counters.aborts += 1;
      return Promise.reject(new PoolAcquireAbortedError(`${this.name}: acquire aborted`, { cause: options.signal.reason }));
    }
    const timeoutMs = options.timeoutMs ?? this.options.acquireTimeoutMs;
    // The waiter's withdraw callback needs the queue entry, which needs the waiter.
    const slot: { pending?: PendingAcquire<T> } = {};
    const waiter = createWaiter<Lease<T>>({
      signal: options.signal,
      timeoutMs,
      timers: this.timers,
      timeoutError: () => {
        this.counters.timeouts += 1;
        return new PoolAcquireTimeoutError(
          `${this.name}: no resource within ${timeoutMs ?? 0} ms (size ${this.size()}/${this.options.max}, ${this.loans.size} borrowed, ${this.queue.length} waiting)`,
        );
      },
      abortError: (reason) => {
        this.counters.aborts += 1;
        return new PoolAcquireAbortedError(`${this.name}: acquire aborted`, { cause: reason });
      },
      withdraw: () => {
        const index = slot.pending === undefined ? -1 : this.queue.indexOf(slot.pending);
        if (index !== -1) this.queue.splice(index, 1);
      },
    });
    slot.pending = { waiter, owner: options.owner, stack };
    this.queue.push(slot.pending);
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
    const record = this.takeBack(lease);
    if (record === undefined) return;
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
    const record = this.takeBack(lease);
    if (record === undefined) return Promise.resolve();
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
    if (outcomes.includes(false)) throw new PoolCreateError(`${this.name}: prefill could not create ${this.minIdle} idle resources`);
  }

  /** Leases held at least `thresholdMs` (default: the pool's `leakThresholdMs`, else all of them). */
  findLeaks(thresholdMs = this.options.leakThresholdMs ?? 0): HeldLease[] {
    const now = this.timers.now();
    return [...this.loans.values()]
      .filter((record) => now - record.acquiredAt >= thresholdMs)
      .map((record) => this.describe(record, now));
  }

  /**
   * Stops lending (pending and later acquires reject with `POOL_DRAINED`), destroys idle resources, waits for
   * borrowers to give theirs back, then revokes what is still out (destroying it, reporting it as a leak) and
   * waits for every creation and destruction in flight. Afterwards nothing the pool opened is left open.
   */
  async drain(options: DrainOptions = {}): Promise<DrainReport> {
    const destroyedBefore = this.counters.destroyed;
    if (this.state === 'open') {
      this.state = 'draining';
      this.creation.abort(new PoolDrainedError(`${this.name}: drained during creation`));
      for (const pending of this.queue.splice(0)) pending.waiter.fail(new PoolDrainedError(`${this.name}: drained while waiting`));
      for (const entry of this.idle.splice(0)) this.destroyIdleEntry(entry);
    }
    await this.waitForReturns(options);
    const now = this.timers.now();
    const revoked: HeldLease[] = [];
    for (const record of [...this.loans.values()]) {
      revoked.push(this.describe(record, now));
      this.loans.delete(record.lease.id);
      this.revoked.add(record.lease);
      this.clearLeakTimer(record);
      this.destroyResource(record.lease.resource);
    }
    while (this.background.size > 0) await Promise.all([...this.background]);
    this.state = 'drained';
    return { destroyed: this.counters.destroyed - destroyedBefore, revoked };
  }

  stats(): PoolStats {
    return {
      ...this.counters,
      state: this.state,
      size: this.size(),
      idle: this.idle.length,
      borrowed: this.loans.size,
      creating: this.creating,
      pending: this.queue.length,
    };
  }

  private size(): number {
    return this.idle.length + this.loans.size + this.creating + this.validating + this.destroying;
  }

  private dispatch(): void {
    while (this.state === 'open' && this.queue.length > 0 && this.idle.length > 0) {
      const pending = this.queue.shift();
      const entry = this.idle.pop();
      if (pending === undefined || entry === undefined) break;
      this.clearIdleTimer(entry);
      if (this.options.validate === undefined) this.lend(pending, entry.resource);
      else this.track(this.validateThenLend(pending, entry.resource));
    }
    let uncovered = this.queue.length - this.creating;
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
    const creatingForIdle = Math.max(0, this.creating - this.queue.length);
    let needed = this.minIdle - this.idle.length - creatingForIdle;
    while (needed > 0 && this.size() < this.options.max) {
      this.track(this.startCreate().then(() => undefined));
      needed -= 1;
    }
  }

  private async validateThenLend(pending: PendingAcquire<T>, resource: T): Promise<void> {
    const validate = this.options.validate;
    this.validating += 1;
    let valid = false;
    try {
      valid = validate === undefined ? true : await validate(resource);
    } catch (error) {
      this.reportHookFailure('validate', error);
    } finally {
      this.validating -= 1;
    }
    if (valid && this.state === 'open') {
      this.lend(pending, resource);
      return;
    }
    if (!valid) this.counters.validationFailures += 1;
    // Back to the head of the line: the waiter did nothing wrong and keeps its place.
    if (!pending.waiter.settled && this.state === 'open') this.queue.unshift(pending);
    this.destroyResource(resource);
    this.dispatch();
  }

  private lend(pending: PendingAcquire<T>, resource: T): void {
    const id = this.nextLeaseId++;
    const lease: Lease<T> = Object.freeze({
      id,
      resource,
      owner: pending.owner,
      release: () => this.release(lease),
      destroy: () => this.destroy(lease),
    });
    if (!pending.waiter.grant(lease)) {
      // The borrower gave up (timeout/abort) while the resource was being readied: keep it for the next one.
      this.pushIdle(resource);
      this.dispatch();
      return;
    }
    this.issued.add(lease);
    const record: LoanRecord<T> = { lease, acquiredAt: this.timers.now(), stack: pending.stack, leakTimer: undefined };
    this.loans.set(id, record);
    this.counters.acquired += 1;
    this.counters.borrowedHighWater = Math.max(this.counters.borrowedHighWater, this.loans.size);
    // Only now, with the loan recorded, does size() count this resource again.
    this.replenish();
    const threshold = this.options.leakThresholdMs;
    if (threshold !== undefined) {
      record.leakTimer = this.timers.setTimeout(() => {
        record.leakTimer = undefined;
        if (this.loans.get(id) !== record) return;
        this.counters.leaksReported += 1;
        this.options.onLeak?.(this.describe(record, this.timers.now()));
      }, threshold);
      unrefTimer(record.leakTimer);
    }
  }

  private takeBack(lease: Lease<T>): LoanRecord<T> | undefined {
    if (this.revoked.has(lease)) return undefined;
    if (!this.issued.has(lease)) {
      throw new PoolReleaseError('POOL_FOREIGN_RELEASE', `${this.name}: lease ${lease.id} was not issued by this pool`);
    }
    const record = this.loans.get(lease.id);
    if (record?.lease !== lease) {
      throw new PoolReleaseError('POOL_DOUBLE_RELEASE', `${this.name}: lease ${lease.id} (owner ${lease.owner ?? 'unnamed'}) was already given back`);
    }
    this.loans.delete(lease.id);
    this.clearLeakTimer(record);
    if (this.loans.size === 0) for (const notify of [...this.emptied]) notify();
    return record;
  }

  /** Resolves true when a resource was created (and handed on), false when creation failed. */
  private async startCreate(): Promise<boolean> {
    this.creating += 1;
    this.counters.highWater = Math.max(this.counters.highWater, this.size());
    let resource: T;
    try {
      resource = await this.options.create({ signal: this.creation.signal });
    } catch (error) {
      this.creating -= 1;
      this.counters.createFailures += 1;
      this.reportHookFailure('create', error);
      // One failed creation fails one acquire, so a dead backend surfaces as errors instead of a silent queue.
      const pending = this.queue.shift();
      pending?.waiter.fail(new PoolCreateError(`${this.name}: could not create a resource`, { cause: error }));
      this.dispatch();
      return false;
    }
    this.creating -= 1;
    this.counters.created += 1;
    if (this.state === 'open') {
      this.pushIdle(resource);
      this.dispatch();
    } else {
      this.destroyResource(resource);
    }
    return true;
  }

  private pushIdle(resource: T): void {
    const entry: IdleEntry<T> = { resource, since: this.timers.now(), timer: undefined };
    this.idle.push(entry);
    const idleTimeoutMs = this.options.idleTimeoutMs;
    if (idleTimeoutMs !== undefined) {
      entry.timer = this.timers.setTimeout(() => {
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
    const now = this.timers.now();
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
        await this.options.destroy(resource);
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

  private waitForReturns(options: DrainOptions): Promise<void> {
    if (this.loans.size === 0 || options.signal?.aborted === true || options.timeoutMs === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let timer: TimerHandle | undefined;
      const finish = (): void => {
        this.emptied.delete(finish);
        options.signal?.removeEventListener('abort', finish);
        if (timer !== undefined) this.timers.clearTimeout(timer);
        resolve();
      };
      this.emptied.add(finish);
      options.signal?.addEventListener('abort', finish, { once: true });
      if (options.timeoutMs !== undefined) timer = this.timers.setTimeout(finish, options.timeoutMs);
    });
  }

  private describe(record: LoanRecord<T>, now: number): HeldLease {
    return {
      pool: this.name,
      leaseId: record.lease.id,
      owner: record.lease.owner,
      heldMs: now - record.acquiredAt,
      acquiredAt: record.stack,
    };
  }

  private clearIdleTimer(entry: IdleEntry<T>): void {
    if (entry.timer !== undefined) this.timers.clearTimeout(entry.timer);
    entry.timer = undefined;
  }

  private clearLeakTimer(record: LoanRecord<T>): void {
    if (record.leakTimer !== undefined) this.timers.clearTimeout(record.leakTimer);
    record.leakTimer = undefined;
  }

  private reportHookFailure(hook: PoolHookFailure['hook'], error: unknown): void {
    this.options.onHookFailure?.({ pool: this.name, hook, error });
  }

  private track(promise: Promise<void>): void {
    this.background.add(promise);
    void promise.finally(() => this.background.delete(promise));
  }
}

function captureStack(below: (...args: never[]) => unknown): string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, below);
  return (holder.stack ?? '').split('\n').slice(1).map((line) => line.trim()).join('\n');
}

/** Creates a {@link Pool}; it opens nothing until the first acquire or `prefill()`. */
export function createPool<T>(options: PoolOptions<T>): Pool<T> {
  return new Pool(options);
}
