import pRetry, { AbortError } from 'p-retry';
import { NonRetryableError, RetryExhaustedError } from './errors.js';
import type { RandomSource } from './random.js';
import { computeBackoffDelay, sleep, type BackoffOptions, type Clock } from '../../engines/common/index.js';
import { toError, type Task } from './task.js';

export interface RetryAttemptInfo {
  /** 1 for the first call, 2 for the first retry, ... */
  readonly attempt: number;
}

export interface RetryFailureInfo extends RetryAttemptInfo {
  readonly error: Error;
  /** Retries still allowed after this one. */
  readonly retriesLeft: number;
  /** How long `withRetry` waits before the next attempt. */
  readonly delayMs: number;
}

export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt (so at most `retries + 1` calls). Default 3. */
  readonly retries?: number;
  /** Return false to stop retrying on this error (it is rethrown as is). `NonRetryableError` always stops. */
  readonly shouldRetry?: (error: Error, attempt: number) => boolean;
  /** Called before every attempt; the place to count attempts. */
  readonly onAttempt?: (info: RetryAttemptInfo) => void;
  /** Called after a failed attempt that will be retried, before the backoff wait. */
  readonly onRetry?: (info: RetryFailureInfo) => void;
  /** Source of the backoff jitter when `randomize` is set; pass a seeded one. Default `Math.random`. */
  readonly random?: RandomSource;
  readonly clock?: Clock;
}

/**
 * Wraps a task so failed attempts are retried with exponential backoff, on p-retry.
 *
 * - The caller's signal reaches every attempt and the backoff wait; aborting stops at once and rejects with the
 *   signal's reason (no `RetryExhaustedError`, no further attempt).
 * - A `NonRetryableError` (or a `shouldRetry` veto) stops at once and is rethrown unchanged.
 * - When every attempt fails, rejects with `RetryExhaustedError` (`attempts`, `cause` = last error).
 * - As in p-retry, a plain `TypeError` is a programming error and is not retried; it is rethrown unchanged.
 *
 * The backoff wait is done here rather than by p-retry because p-retry draws its jitter from `Math.random`;
 * p-retry still owns the attempt loop, the retry budget and abort handling.
 */
export function withRetry<T>(task: Task<T>, options: RetryOptions = {}): Task<T> {
  const retries = options.retries ?? 3;
  const random = options.random ?? Math.random;
  return async (signal) => {
    let attempts = 0;
    let stopped = false;
    let exhaustedBy: Error | undefined;
    try {
      return await pRetry(
        async (attempt) => {
          attempts = attempt;
          options.onAttempt?.({ attempt });
          try {
            return await task(signal);
          } catch (thrown) {
            const error = toError(thrown);
            if (signal.aborted) {
              stopped = true;
              throw new AbortError(error);
            }
            if (error instanceof NonRetryableError || options.shouldRetry?.(error, attempt) === false) {
              stopped = true;
              throw new AbortError(error);
            }
            throw error;
          }
        },
        {
          retries,
          // The backoff wait happens in shouldRetry below, with seeded jitter and an injectable clock.
          minTimeout: 0,
          signal,
          onFailedAttempt: ({ error, retriesLeft }) => {
            exhaustedBy = retriesLeft <= 0 ? error : undefined;
          },
          shouldRetry: async ({ error, attemptNumber, retriesConsumed, retriesLeft }) => {
            const delayMs = computeBackoffDelay(retriesConsumed, options, random);
            options.onRetry?.({ attempt: attemptNumber, error, retriesLeft: retriesLeft - 1, delayMs });
            if (delayMs > 0) await sleep(delayMs, { signal, clock: options.clock });
            return true;
          },
        },
      );
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (!stopped && exhaustedBy !== undefined && error === exhaustedBy)
        throw new RetryExhaustedError(attempts, error);
      throw error;
    }
  };
}
