import { errorWithName } from '../../engines/common/index.js';
/** Codes of the resilience errors; stable, so reports and retry predicates can match on them. */
export type ResilienceErrorCode = 'ERR_TASK_TIMEOUT' | 'ERR_NON_RETRYABLE' | 'ERR_RETRIES_EXHAUSTED';

/** A task did not settle within its time limit; its signal was aborted with this error as the reason. */
export class TaskTimeoutError extends Error {
  override readonly name = 'TaskTimeoutError';
  readonly code: ResilienceErrorCode = 'ERR_TASK_TIMEOUT';
  readonly timeoutMs: number;

  constructor(timeoutMs: number, options: { message?: string; cause?: unknown } = {}) {
    super(options.message ?? `task timed out after ${timeoutMs} ms`, { cause: options.cause });
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Thrown by a task (or produced by a `shouldRetry` veto) to stop `withRetry` at once: retrying cannot help,
 * e.g. bad input or a 404. The original error is the `cause`.
 */
export class NonRetryableError extends Error {
  override readonly name = 'NonRetryableError';
  readonly code: ResilienceErrorCode = 'ERR_NON_RETRYABLE';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
  }
}

/** Every attempt `withRetry` was allowed failed; `cause` is the last attempt's error. */
export class RetryExhaustedError extends Error {
  override readonly name = 'RetryExhaustedError';
  readonly code: ResilienceErrorCode = 'ERR_RETRIES_EXHAUSTED';
  /** Attempts made, the first one included. */
  readonly attempts: number;

  constructor(attempts: number, cause: unknown) {
    const last = errorWithName(cause);
    super(`gave up after ${attempts} attempt(s); last error: ${last}`, { cause });
    this.attempts = attempts;
  }
}
