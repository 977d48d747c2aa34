/**
 * The one task type every resilience and chaos wrapper takes and returns, so they compose:
 * `withTimeout(withRetry(withChaos(task, plan, random)), 5_000)` is again a `Task<T>`.
 *
 * The signal is not optional: a wrapper that gives up on a task (timeout, caller abort) must be able to tell it
 * to stop, and a task that ignores its signal is the bug a chaos hang is designed to expose.
 */
export type Task<T> = (signal: AbortSignal) => Promise<T>;

/**
 * Timer functions a wrapper schedules with, injectable so tests can drive backoff and timeouts with fake timers
 * (the shape p-timeout's `customTimers` takes).
 */
export interface TimerFunctions {
  readonly setTimeout: typeof globalThis.setTimeout;
  readonly clearTimeout: typeof globalThis.clearTimeout;
}

/**
 * The process timers, read at call time rather than import time so `vi.useFakeTimers()` installed after this
 * module loaded is still honoured.
 */
export function resolveTimers(timers: TimerFunctions | undefined): TimerFunctions {
  return timers ?? { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
}

/** Normalises anything thrown into an `Error`, keeping the original as `cause` so nothing is lost. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(`non-error thrown: ${String(thrown)}`, { cause: thrown });
}
