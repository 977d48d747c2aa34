/**
 * The one clock every engine and the harness schedule with: monotonic time plus one-shot timers. Injected where
 * time decides an outcome (timeouts, backoff, idle eviction, leak ages), in the spirit of p-timeout's
 * `customTimers`, so a test decides time with a manual clock instead of a loaded machine's wall clock.
 *
 * @example
 *   const clock = createManualClock();
 *   const slept = sleep(100, { clock });
 *   clock.advance(100); // slept resolves
 */
export type TimerHandle = unknown;

export interface Clock {
  /** Monotonic milliseconds (performance.now() on the system clock): for durations, never for dates. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

// The globals are looked up on every call, not captured at import, so vitest's fake timers installed later still apply.
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

export interface SleepOptions {
  /** Aborting rejects the sleep with the signal's reason and clears its timer. */
  readonly signal?: AbortSignal | undefined;
  readonly clock?: Clock | undefined;
}

/**
 * Resolves after `ms` on the clock. For time that passes outside the code under test (backoff, injected latency,
 * a remote's delay), never as a stand-in for work. Always abortable; leaves no timer or listener behind.
 */
export function sleep(ms: number, options: SleepOptions = {}): Promise<void> {
  const { signal } = options;
  const clock = options.clock ?? systemClock;
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(signal?.reason as Error);
    };
    const handle = clock.setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Lets a background timer (idle eviction, leak checks) not keep the process alive. A timer someone awaits must
 * not be unref'd: exiting under a pending await would hide a hang.
 */
export function unrefTimer(handle: TimerHandle): void {
  const candidate = handle as { unref?: () => void } | null;
  if (candidate !== null && typeof candidate === 'object' && typeof candidate.unref === 'function') candidate.unref();
}

export interface RepeatOptions {
  /** Let the timer not keep the process alive (a background probe); never for a timer someone awaits. */
  readonly unref?: boolean;
}

/**
 * setInterval on a clock: calls `callback` every `ms` until the returned function is called, re-arming before each
 * call (so, as with setInterval, a slow callback shows up as a late next tick rather than a drift of the period).
 */
export function repeatEvery(clock: Clock, ms: number, callback: () => void, options: RepeatOptions = {}): () => void {
  let stopped = false;
  let handle: TimerHandle;
  const arm = (): void => {
    handle = clock.setTimeout(tick, ms);
    if (options.unref === true) unrefTimer(handle);
  };
  const tick = (): void => {
    if (stopped) return;
    arm();
    callback();
  };
  arm();
  return () => {
    stopped = true;
    clock.clearTimeout(handle);
  };
}

/** The shape p-timeout's `customTimers` and Node APIs take, backed by a clock. */
export interface GlobalTimerFunctions {
  readonly setTimeout: typeof globalThis.setTimeout;
  readonly clearTimeout: typeof globalThis.clearTimeout;
}

const adapted = new WeakMap<Clock, GlobalTimerFunctions>();

/** Adapts a clock to p-timeout's `customTimers` (one adapter per clock, so p-timeout sees a stable object). */
export function toGlobalTimers(clock: Clock): GlobalTimerFunctions {
  let timers = adapted.get(clock);
  if (timers === undefined) {
    timers = {
      // p-timeout only passes (callback, ms) and hands the result back to clearTimeout: the cast is to the global's overloads.
      setTimeout: ((callback: () => void, ms: number) =>
        clock.setTimeout(callback, ms)) as unknown as typeof globalThis.setTimeout,
      clearTimeout: ((handle: TimerHandle) => clock.clearTimeout(handle)) as typeof globalThis.clearTimeout,
    };
    adapted.set(clock, timers);
  }
  return timers;
}
