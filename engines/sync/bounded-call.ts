import { PoolHookTimeoutError, type PoolHookName } from './errors.js';
import type { Clock } from '../common/index.js';

export interface BoundedCallOptions<R> {
  readonly pool: string;
  readonly hook: PoolHookName;
  readonly timeoutMs: number;
  readonly clock: Clock;
  /** Called once if the bound elapses first (e.g. to abort the hook's signal with the error). */
  readonly onTimeout?: (error: PoolHookTimeoutError) => void;
  /** Gets a value that arrives after the bound elapsed: nobody waits for it any more (e.g. destroy it). */
  readonly onLateValue?: (value: R) => void;
}

/**
 * Runs one pool hook, rejecting with a {@link PoolHookTimeoutError} if it has not settled within `timeoutMs`
 * (`Infinity`: no bound). A hook that ignores its abort signal, or a validate that never answers, would otherwise
 * hold its slot in the pool forever and wedge every later acquire and the drain.
 */
export function callWithin<R>(call: () => Promise<R> | R, options: BoundedCallOptions<R>): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    let timedOut = false;
    const timer = Number.isFinite(options.timeoutMs)
      ? options.clock.setTimeout(() => {
          timedOut = true;
          const error = new PoolHookTimeoutError(options.pool, options.hook, options.timeoutMs);
          reject(error);
          options.onTimeout?.(error);
        }, options.timeoutMs)
      : undefined;
    let result: Promise<R>;
    try {
      result = Promise.resolve(call());
    } catch (error) {
      result = Promise.reject(error as Error);
    }
    result.then(
      (value) => {
        if (timedOut) {
          options.onLateValue?.(value);
          return;
        }
        if (timer !== undefined) options.clock.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        if (timedOut) return;
        if (timer !== undefined) options.clock.clearTimeout(timer);
        reject(error as Error);
      },
    );
  });
}
