/**
 * How a node retries a failed attempt. Delay before retry n (1-based) is
 * `min(maxDelayMs, initialDelayMs * factor^(n-1))`, then jittered by ±`jitter` of itself and capped again.
 */
export interface RetryPolicy {
  /** Retries after the first attempt (a non-negative integer). */
  readonly retries: number;
  /** Default 100 ms. */
  readonly initialDelayMs?: number;
  /** Default 2 (must be >= 1). */
  readonly factor?: number;
  /** Cap for one delay. Default 30 000 ms. */
  readonly maxDelayMs?: number;
  /** Fraction in [0, 1]: the delay is scaled by a seeded random factor in [1 - jitter, 1 + jitter]. Default 0. */
  readonly jitter?: number;
  /** Whether an error is worth retrying. Default: every error. */
  readonly retryOn?: (error: Error) => boolean;
}

export interface NormalizedRetryPolicy {
  readonly retries: number;
  readonly initialDelayMs: number;
  readonly factor: number;
  readonly maxDelayMs: number;
  readonly jitter: number;
  readonly retryOn: ((error: Error) => boolean) | undefined;
}

export const DEFAULT_INITIAL_DELAY_MS = 100;
export const DEFAULT_BACKOFF_FACTOR = 2;
export const DEFAULT_MAX_DELAY_MS = 30_000;

/** Lists what is wrong with a retry policy (empty when valid). */
export function findRetryPolicyProblems(policy: RetryPolicy): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(policy.retries) || policy.retries < 0) problems.push(`retries must be a non-negative integer, got ${String(policy.retries)}`);
  checkNonNegative(problems, 'initialDelayMs', policy.initialDelayMs);
  checkNonNegative(problems, 'maxDelayMs', policy.maxDelayMs);
  if (policy.factor !== undefined && !(Number.isFinite(policy.factor) && policy.factor >= 1)) {
    problems.push(`factor must be a finite number >= 1, got ${String(policy.factor)}`);
  }
  if (policy.jitter !== undefined && !(policy.jitter >= 0 && policy.jitter <= 1)) {
    problems.push(`jitter must be within [0, 1], got ${String(policy.jitter)}`);
  }
  if (policy.retryOn !== undefined && typeof policy.retryOn !== 'function') problems.push('retryOn must be a function');
  return problems;
}

export function normalizeRetryPolicy(policy: RetryPolicy): NormalizedRetryPolicy {
  return {
    retries: policy.retries,
    initialDelayMs: policy.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS,
    factor: policy.factor ?? DEFAULT_BACKOFF_FACTOR,
    maxDelayMs: policy.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
    jitter: policy.jitter ?? 0,
    retryOn: policy.retryOn,
  };
}

/**
 * Delay in ms before retry number `retry` (1 = the first retry). `random` returns values in [0, 1) and is only
 * called when the policy has jitter, so jitter-free delays are exact and need no random source.
 */
export function computeBackoffDelay(policy: NormalizedRetryPolicy, retry: number, random: () => number): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (retry - 1));
  if (policy.jitter === 0) return Math.round(base);
  const scale = 1 - policy.jitter + 2 * policy.jitter * random();
  return Math.round(Math.min(policy.maxDelayMs, base * scale));
}

function checkNonNegative(problems: string[], field: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
    problems.push(`${field} must be a finite number >= 0, got ${String(value)}`);
  }
}
