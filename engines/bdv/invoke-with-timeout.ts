import pTimeout from 'p-timeout';
import { toGlobalTimers, type Clock } from '../common/index.js';
import { StepTimeoutError } from './errors.js';

/**
 * Calls `fn` and returns its value as is when it is synchronous, so a suite of synchronous steps pays for no
 * promise and no timer. Only a returned thenable is raced against the timeout (p-timeout, on `clock`'s timers); on
 * timeout, `onTimeout` runs (the scenario aborts its signal so the step can stop its own work).
 */
export function invokeWithTimeout<T>(
  fn: (...args: unknown[]) => T | PromiseLike<T>,
  thisArg: unknown,
  args: readonly unknown[],
  timeoutMs: number,
  what: string,
  clock: Clock,
  onTimeout: () => void,
  runSignal?: AbortSignal,
): T | Promise<T> {
  const value = args.length === 0 ? fn.call(thisArg) : fn.apply(thisArg, args as unknown[]);
  if (!isThenable(value)) return value;
  const error = new StepTimeoutError(timeoutMs, what);
  // An interrupted run does not wait for steps that ignore their signal: the promise is abandoned at once.
  return pTimeout(Promise.resolve(value), {
    milliseconds: timeoutMs,
    fallback: () => {
      onTimeout();
      throw error;
    },
    customTimers: toGlobalTimers(clock),
    ...(runSignal === undefined ? {} : { signal: runSignal }),
  });
}

export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
