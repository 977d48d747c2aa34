import { onAbort } from './abort-fanout.js';
import type { TimerHandle, Clock } from '../common/index.js';

/** The end of a bounded wait: `reached` resolves when the timeout elapses or the signal aborts. */
export interface WaitEnd {
  /** Never resolves when there is neither a timeout nor a signal. */
  readonly reached: Promise<void>;
  /** Clears the timer and the abort subscription; call it once the wait is over. */
  dispose(): void;
}

export function endOfWait(
  options: { readonly timeoutMs?: number | undefined; readonly signal?: AbortSignal | undefined },
  clock: Clock,
): WaitEnd {
  let timer: TimerHandle | undefined;
  let unsubscribe: (() => void) | undefined;
  const reached = new Promise<void>((resolve) => {
    if (options.signal?.aborted === true) {
      resolve();
      return;
    }
    if (options.signal !== undefined) unsubscribe = onAbort(options.signal, resolve);
    if (options.timeoutMs !== undefined && Number.isFinite(options.timeoutMs))
      timer = clock.setTimeout(resolve, options.timeoutMs);
  });
  return {
    reached,
    dispose: () => {
      if (timer !== undefined) clock.clearTimeout(timer);
      unsubscribe?.();
    },
  };
}

/**
 * Waits until `done()` holds, re-checked each time one of `notifiers` is called (the owner calls every callback
 * in the set when its state changes), or until `end` resolves, whichever comes first. No polling.
 */
export async function waitUntil(notifiers: Set<() => void>, done: () => boolean, end: Promise<void>): Promise<void> {
  if (done()) return;
  let notify: (() => void) | undefined;
  const reached = new Promise<void>((resolve) => {
    notify = () => {
      if (done()) resolve();
    };
    notifiers.add(notify);
  });
  try {
    await Promise.race([reached, end]);
  } finally {
    if (notify !== undefined) notifiers.delete(notify);
  }
}
