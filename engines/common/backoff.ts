import type { RandomSource } from './seeded-random.js';

/**
 * Exponential backoff in p-retry's words and formula (retries are counted by the caller). All times are ms.
 * The DAG engine's RetryPolicy and the harness's withRetry both take these options and both wait what
 * {@link computeBackoffDelay} says, so a name means one thing wherever it appears.
 */
export interface BackoffOptions {
  /** Exponential factor (>= 1). Default 2. */
  readonly factor?: number;
  /** Delay before the first retry. Default 100 (p-retry's is 1000: retried in-process work is cheap to retry). */
  readonly minTimeout?: number;
  /** Cap on any one delay. Default 30 000 (p-retry's is Infinity: no wait here is unbounded). */
  readonly maxTimeout?: number;
  /** Multiply each delay by a random factor in [1, 2) drawn from the caller's seeded source. Default false. */
  readonly randomize?: boolean;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = {
  factor: 2,
  minTimeout: 100,
  maxTimeout: 30_000,
  randomize: false,
};

/**
 * Delay before the retry that follows `retriesConsumed` earlier retries (0 before the first retry): p-retry's
 * `min(round(r * minTimeout * factor ** retriesConsumed), maxTimeout)`, r = 1 without `randomize`. With it, r is
 * `1 + random()` from the injected source instead of Math.random, so a failing run replays with the same waits;
 * `random` is never called without `randomize`.
 */
export function computeBackoffDelay(retriesConsumed: number, options: BackoffOptions, random: RandomSource): number {
  const factor = options.factor ?? DEFAULT_BACKOFF.factor;
  const minTimeout = options.minTimeout ?? DEFAULT_BACKOFF.minTimeout;
  const maxTimeout = options.maxTimeout ?? DEFAULT_BACKOFF.maxTimeout;
  const r = options.randomize === true ? 1 + random() : 1;
  return Math.min(Math.round(r * minTimeout * factor ** Math.max(0, retriesConsumed)), maxTimeout);
}

/** What is wrong with backoff options, one line each (empty when valid). */
export function findBackoffProblems(options: BackoffOptions): string[] {
  const problems: string[] = [];
  const nonNegative = (field: string, value: number | undefined, finite: boolean): void => {
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && (!finite || Number.isFinite(value)))) {
      problems.push(`${field} must be a${finite ? ' finite' : ''} number >= 0, got ${String(value)}`);
    }
  };
  nonNegative('minTimeout', options.minTimeout, true);
  nonNegative('maxTimeout', options.maxTimeout, false);
  if (options.factor !== undefined && !(Number.isFinite(options.factor) && options.factor >= 1)) {
    problems.push(`factor must be a finite number >= 1, got ${String(options.factor)}`);
  }
  if (options.randomize !== undefined && typeof options.randomize !== 'boolean')
    problems.push(`randomize must be true or false, got ${String(options.randomize)}`);
  return problems;
}
