import { resolveTimers, type TimerFunctions } from './task.js';

export interface SleepOptions {
  /** Aborting rejects the sleep with the signal's reason and clears its timer. */
  readonly signal?: AbortSignal;
  readonly timers?: TimerFunctions;
}

/**
 * Waits `ms` milliseconds. It is for modelling time that passes outside the code under test (backoff, injected
 * latency, a remote's delay), never for standing in for work. Always abortable, never leaves a timer or a
 * listener behind.
 */
export function sleep(ms: number, options: SleepOptions = {}): Promise<void> {
  const { signal } = options;
  const timers = resolveTimers(options.timers);
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      timers.clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
