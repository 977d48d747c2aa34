import { onAbort as subscribeAbort } from './abort-fanout.js';
import type { TimerHandle, Clock } from '../common/index.js';

export interface WaiterOptions {
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs?: number | undefined;
  readonly clock: Clock;
  /** Builds the rejection for an elapsed timeout. */
  readonly timeoutError: () => Error;
  /** Builds the rejection for an aborted signal. */
  readonly abortError: (reason: unknown) => Error;
  /** Takes the waiter out of whatever queue holds it; called once, before the rejection. */
  readonly withdraw: () => void;
}

/**
 * A pending grant that can be resolved by its owner (lock manager, pool) or cancelled by the caller's signal or
 * its timeout, whichever comes first. The abort subscription and the timer are always removed when it settles; many
 * waiters on one signal share a single listener (see {@link subscribeAbort}).
 */
export interface Waiter<T> {
  readonly promise: Promise<T>;
  readonly settled: boolean;
  /** Returns false when the waiter had already settled (so the grant must go to someone else). */
  grant(value: T): boolean;
  fail(error: Error): boolean;
}

export function createWaiter<T>(options: WaiterOptions): Waiter<T> {
  let settled = false;
  let timer: TimerHandle | undefined;
  let unsubscribe: (() => void) | undefined;
  let resolvePromise!: (value: T) => void;
  let rejectPromise!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => {
    resolvePromise = resolve;
    rejectPromise = reject;
  });

  const cleanup = (): void => {
    settled = true;
    if (timer !== undefined) options.clock.clearTimeout(timer);
    timer = undefined;
    unsubscribe?.();
    unsubscribe = undefined;
  };
  const cancel = (error: Error): void => {
    if (settled) return;
    cleanup();
    options.withdraw();
    rejectPromise(error);
  };
  function onAbort(): void {
    cancel(options.abortError(options.signal?.reason));
  }

  const waiter: Waiter<T> = {
    promise,
    get settled() {
      return settled;
    },
    grant(value) {
      if (settled) return false;
      cleanup();
      resolvePromise(value);
      return true;
    },
    fail(error) {
      if (settled) return false;
      cleanup();
      rejectPromise(error);
      return true;
    },
  };

  if (options.signal?.aborted === true) {
    // Settle on the next read of `promise`, after the caller has queued us, so withdraw() finds the entry.
    queueMicrotask(onAbort);
  } else {
    if (options.signal !== undefined) unsubscribe = subscribeAbort(options.signal, onAbort);
    if (options.timeoutMs !== undefined && Number.isFinite(options.timeoutMs)) {
      timer = options.clock.setTimeout(() => cancel(options.timeoutError()), Math.max(0, options.timeoutMs));
    }
  }
  return waiter;
}
