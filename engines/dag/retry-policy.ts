import { DEFAULT_BACKOFF, findBackoffProblems, type BackoffOptions } from '../common/index.js';

/**
 * How a node retries a failed attempt: p-retry's options (`retries`, `factor`, `minTimeout`, `maxTimeout`,
 * `randomize`), waited as engines/common's computeBackoffDelay says, with the engine's seeded random source.
 */
export interface RetryPolicy extends BackoffOptions {
  /** Retries after the first attempt (a non-negative integer). */
  readonly retries: number;
  /** Whether an error is worth retrying. Default: every error. */
  readonly retryOn?: (error: Error) => boolean;
}

export interface NormalizedRetryPolicy extends Required<BackoffOptions> {
  readonly retries: number;
  readonly retryOn: ((error: Error) => boolean) | undefined;
}

/** Lists what is wrong with a retry policy (empty when valid). */
export function findRetryPolicyProblems(policy: RetryPolicy): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(policy.retries) || policy.retries < 0)
    problems.push(`retries must be a non-negative integer, got ${String(policy.retries)}`);
  problems.push(...findBackoffProblems(policy));
  if (policy.retryOn !== undefined && typeof policy.retryOn !== 'function') problems.push('retryOn must be a function');
  return problems;
}

export function normalizeRetryPolicy(policy: RetryPolicy): NormalizedRetryPolicy {
  return {
    retries: policy.retries,
    factor: policy.factor ?? DEFAULT_BACKOFF.factor,
    minTimeout: policy.minTimeout ?? DEFAULT_BACKOFF.minTimeout,
    maxTimeout: policy.maxTimeout ?? DEFAULT_BACKOFF.maxTimeout,
    randomize: policy.randomize ?? DEFAULT_BACKOFF.randomize,
    retryOn: policy.retryOn,
  };
}
