/**
 * Resilience wrappers over one task type: retry (p-retry) and timeout (p-timeout) that compose with each other and
 * with the chaos wrappers of `harness/chaos`, plus the seeded random source every random decision takes.
 *
 * @example
 * import { createSeededRandom, withRetry, withTimeout, type Task } from '../resilience/index.js';
 *
 * const fetchReport: Task<string> = async (signal) => client.get('/report', { signal });
 * const robust = withTimeout(
 *   withRetry(withTimeout(fetchReport, 2_000), { retries: 4, minTimeout: 50, randomize: true, random: createSeededRandom(7) }),
 *   10_000,
 * );
 * const report = await robust(AbortSignal.timeout(60_000));
 */
export type { Task } from './task.js';
export { toError } from './task.js';
export { TaskTimeoutError, NonRetryableError, RetryExhaustedError } from './errors.js';
export type { ResilienceErrorCode } from './errors.js';
export { createSeededRandom } from './random.js';
export type { RandomSource } from './random.js';
export { withRetry } from './with-retry.js';
export type { RetryOptions, RetryAttemptInfo, RetryFailureInfo } from './with-retry.js';
export { withTimeout } from './with-timeout.js';
export type { TimeoutOptions } from './with-timeout.js';
