/**
 * The one task type every resilience and chaos wrapper takes and returns, so they compose:
 * `withTimeout(withRetry(withChaos(task, plan, random)), 5_000)` is again a `Task<T>`.
 *
 * The signal is not optional: a wrapper that gives up on a task (timeout, caller abort) must be able to tell it
 * to stop, and a task that ignores its signal is the bug a chaos hang is designed to expose.
 */
export type Task<T> = (signal: AbortSignal) => Promise<T>;

/** Normalises anything thrown into an `Error`, keeping the original as `cause` so nothing is lost. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(`non-error thrown: ${String(thrown)}`, { cause: thrown });
}
