import { PoolReleaseError } from './errors.js';
import type { HeldLease, Lease } from './pool-types.js';
import { unrefTimer, type TimerHandle, type Clock } from '../common/index.js';

interface LoanRecord<T> {
  readonly lease: Lease<T>;
  readonly acquiredAt: number;
  readonly stack: string;
  leakTimer: TimerHandle | undefined;
}

export interface LeaseBookOptions {
  readonly pool: string;
  readonly clock: Clock;
  /** A lease held this long is reported once through `onLeak`. */
  readonly leakThresholdMs: number | undefined;
  readonly onLeak: (leak: HeldLease) => void;
}

/**
 * Who holds what: the pool's leases out on loan, with when and where (stack) each was acquired. Checks that a lease
 * comes back once and only to the pool that issued it, reports one held past the leak threshold, and lets a drain
 * revoke what was never given back. Notifies `emptied` when the last lease comes back.
 */
export class LeaseBook<T> {
  /** Called (each) whenever the last lease out comes back. */
  readonly emptied = new Set<() => void>();
  private readonly loans = new Map<number, LoanRecord<T>>();
  private readonly issued = new WeakSet<Lease<T>>();
  private readonly revoked = new WeakSet<Lease<T>>();
  private nextId = 1;

  constructor(private readonly options: LeaseBookOptions) {}

  /** Leases out now. */
  get size(): number {
    return this.loans.size;
  }

  /** A new lease for `resource`; it counts as lent only once {@link record}ed (the borrower may have given up). */
  draft(
    resource: T,
    owner: string | undefined,
    handlers: { release(lease: Lease<T>): void; destroy(lease: Lease<T>): Promise<void> },
  ): Lease<T> {
    const lease: Lease<T> = Object.freeze({
      id: this.nextId++,
      resource,
      owner,
      release: () => handlers.release(lease),
      destroy: () => handlers.destroy(lease),
    });
    return lease;
  }

  /** The borrower has `lease`: from now on it must come back, and is watched for leaking. */
  record(lease: Lease<T>, stack: string): void {
    this.issued.add(lease);
    const record: LoanRecord<T> = { lease, acquiredAt: this.options.clock.now(), stack, leakTimer: undefined };
    this.loans.set(lease.id, record);
    const threshold = this.options.leakThresholdMs;
    if (threshold === undefined) return;
    record.leakTimer = this.options.clock.setTimeout(() => {
      record.leakTimer = undefined;
      if (this.loans.get(lease.id) === record) this.options.onLeak(this.describe(record, this.options.clock.now()));
    }, threshold);
    unrefTimer(record.leakTimer);
  }

  /**
   * Takes a lease back: true if it was out, false if a drain had revoked it (the borrower finding out late is not a
   * misuse). Throws `POOL_FOREIGN_RELEASE` for a lease this pool never issued, `POOL_DOUBLE_RELEASE` for one it got.
   */
  takeBack(lease: Lease<T>): boolean {
    if (this.revoked.has(lease)) return false;
    if (!this.issued.has(lease)) {
      throw new PoolReleaseError(
        'POOL_FOREIGN_RELEASE',
        `${this.options.pool}: lease ${lease.id} was not issued by this pool`,
      );
    }
    const record = this.loans.get(lease.id);
    if (record?.lease !== lease) {
      throw new PoolReleaseError(
        'POOL_DOUBLE_RELEASE',
        `${this.options.pool}: lease ${lease.id} (owner ${lease.owner ?? 'unnamed'}) was already given back`,
      );
    }
    this.forget(record);
    if (this.loans.size === 0) for (const notify of [...this.emptied]) notify();
    return true;
  }

  /** Revokes every lease still out: their resources, to destroy, and who held them, to report. */
  revokeAll(): { readonly resources: T[]; readonly revoked: HeldLease[] } {
    const now = this.options.clock.now();
    const resources: T[] = [];
    const revoked: HeldLease[] = [];
    for (const record of [...this.loans.values()]) {
      revoked.push(this.describe(record, now));
      resources.push(record.lease.resource);
      this.forget(record);
      this.revoked.add(record.lease);
    }
    return { resources, revoked };
  }

  /** Leases held at least `thresholdMs`. */
  heldFor(thresholdMs: number): HeldLease[] {
    const now = this.options.clock.now();
    return [...this.loans.values()]
      .filter((record) => now - record.acquiredAt >= thresholdMs)
      .map((record) => this.describe(record, now));
  }

  private forget(record: LoanRecord<T>): void {
    this.loans.delete(record.lease.id);
    if (record.leakTimer !== undefined) this.options.clock.clearTimeout(record.leakTimer);
    record.leakTimer = undefined;
  }

  private describe(record: LoanRecord<T>, now: number): HeldLease {
    return {
      pool: this.options.pool,
      leaseId: record.lease.id,
      owner: record.lease.owner,
      heldMs: now - record.acquiredAt,
      acquiredAt: record.stack,
    };
  }
}
