import type { LockManager } from '../../engines/sync/index.js';

/** A shared resource several streams update: a count and who wrote it last. */
export interface SharedLedger {
  count: number;
  readonly writesBy: Record<string, number>;
}

export function createSharedLedger(): SharedLedger {
  return { count: 0, writesBy: {} };
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Read, yield, write: the shape of every real lost update (read a row, await I/O, write it back). Two writers
 * that interleave between the read and the write lose one increment, so the final count proves whether the
 * critical section was exclusive.
 */
export async function incrementUnprotected(ledger: SharedLedger, writer: string): Promise<void> {
  const seen = ledger.count;
  await yieldToEventLoop();
  ledger.count = seen + 1;
  ledger.writesBy[writer] = (ledger.writesBy[writer] ?? 0) + 1;
}

/** The same read-yield-write, under the lock manager's `ledger` lock. */
export async function incrementUnderLock(
  ledger: SharedLedger,
  locks: LockManager,
  owner: string,
  writer: string,
): Promise<void> {
  await locks.withLocks(owner, ['ledger'], () => incrementUnprotected(ledger, writer));
}
