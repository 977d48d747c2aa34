/**
 * Injectable clock and timers, in the spirit of p-timeout's `customTimers`: tests pass a manual clock so
 * timeouts, idle eviction and leak ages are decided by the test, not by a loaded machine's wall clock.
 */
export type TimerHandle = unknown;

export interface Timers {
  /** Monotonic milliseconds. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

// Resolved on every call so that vitest's fake timers, installed after import, still take effect.
export const systemTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/**
 * Lets a background timer (idle eviction, leak checks) not keep the process alive. Acquire timeouts are not
 * unref'd: someone awaits them, and exiting under a pending await would hide a hang.
 */
export function unrefTimer(handle: TimerHandle): void {
  const candidate = handle as { unref?: () => void } | null;
  if (candidate !== null && typeof candidate === 'object' && typeof candidate.unref === 'function') candidate.unref();
}
