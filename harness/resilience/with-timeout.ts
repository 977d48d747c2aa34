import pTimeout from 'p-timeout';
import { TaskTimeoutError } from './errors.js';
import { systemClock, toGlobalTimers, type Clock } from '../../engines/common/index.js';
import type { Task } from './task.js';

export interface TimeoutOptions {
  /** Message of the `TaskTimeoutError`. */
  readonly message?: string;
  readonly clock?: Clock;
}

/**
 * Wraps a task so it rejects with `TaskTimeoutError` if it has not settled within `ms`, on p-timeout.
 *
 * The inner task runs under its own signal, aborted (reason: the `TaskTimeoutError`) when the time is up and
 * whenever the caller's signal aborts, so the work really stops instead of running on unobserved. The timer is
 * cleared and the caller-signal listener removed however the task ends.
 */
export function withTimeout<T>(task: Task<T>, ms: number, options: TimeoutOptions = {}): Task<T> {
  if (!(ms > 0)) throw new RangeError(`withTimeout: ms must be a positive number, got ${ms}`);
  return async (signal) => {
    signal.throwIfAborted();
    const inner = new AbortController();
    const forwardAbort = (): void => inner.abort(signal.reason);
    signal.addEventListener('abort', forwardAbort, { once: true });
    try {
      // Started inside an async function so a task that throws synchronously still becomes a rejection.
      const running = (async () => task(inner.signal))();
      return await pTimeout(running, {
        milliseconds: ms,
        signal,
        customTimers: toGlobalTimers(options.clock ?? systemClock),
        fallback: () => {
          const error = new TaskTimeoutError(ms, options.message === undefined ? {} : { message: options.message });
          inner.abort(error);
          throw error;
        },
      });
    } finally {
      signal.removeEventListener('abort', forwardAbort);
    }
  };
}
