import type { RandomSource } from './random.js';

/** Exponential backoff parameters, named and defaulted as in p-retry. All times are milliseconds. */
export interface BackoffOptions {
  /** Exponential factor. Default 2. */
  readonly factor?: number;
  /** Delay before the first retry. Default 100. */
  readonly minTimeout?: number;
  /** Cap on any single delay. Default Infinity. */
  readonly maxTimeout?: number;
  /** Multiply each delay by a random factor in [1, 2) drawn from `random`. Default false. */
  readonly randomize?: boolean;
}

/**
 * Delay before the retry that follows `retriesConsumed` earlier retries: p-retry's formula
 * `min(round(r * minTimeout * factor ** retriesConsumed), maxTimeout)`, except that the jitter `r` comes from an
 * injected seeded source instead of `Math.random`, so a failing run replays with the same waits.
 */
export function computeBackoffDelay(retriesConsumed: number, options: BackoffOptions, random: RandomSource): number {
  const factor = options.factor ?? 2;
  const minTimeout = options.minTimeout ?? 100;
  const maxTimeout = options.maxTimeout ?? Number.POSITIVE_INFINITY;
  const jitter = options.randomize === true ? 1 + random() : 1;
  const delay = Math.round(jitter * minTimeout * factor ** Math.max(0, retriesConsumed));
  return Math.min(delay, maxTimeout);
}
