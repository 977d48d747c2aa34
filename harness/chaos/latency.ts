import type { RandomSource } from '../resilience/index.js';

/** How long an injected delay lasts, in milliseconds. */
export type LatencyDistribution =
  | { readonly kind: 'fixed'; readonly ms: number }
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number }
  /** Memoryless delays with the given mean; the long tail is cut at `maxMs` (default 20 x mean). */
  | { readonly kind: 'exponential'; readonly meanMs: number; readonly maxMs?: number };

/**
 * Draws one delay. Always consumes exactly one number from `random`, whatever the distribution, so swapping the
 * distribution in a plan does not shift every later random decision of a seeded run.
 */
export function sampleLatency(distribution: LatencyDistribution, random: RandomSource): number {
  const u = random();
  switch (distribution.kind) {
    case 'fixed':
      return distribution.ms;
    case 'uniform':
      return distribution.minMs + u * (distribution.maxMs - distribution.minMs);
    case 'exponential': {
      const cap = distribution.maxMs ?? distribution.meanMs * 20;
      // Inverse CDF; 1 - u is in (0, 1], so the log is finite.
      return Math.min(cap, -distribution.meanMs * Math.log(1 - u));
    }
  }
}

/** Every problem with a distribution, described for a `ChaosPlanError`. */
export function findLatencyProblems(distribution: LatencyDistribution, where: string): string[] {
  const problems: string[] = [];
  const check = (name: string, value: number | undefined): void => {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      problems.push(`${where}.${name} must be a finite number >= 0, got ${value}`);
    }
  };
  switch (distribution.kind) {
    case 'fixed':
      check('ms', distribution.ms);
      break;
    case 'uniform':
      check('minMs', distribution.minMs);
      check('maxMs', distribution.maxMs);
      if (distribution.maxMs < distribution.minMs) problems.push(`${where}: maxMs is below minMs`);
      break;
    case 'exponential':
      check('meanMs', distribution.meanMs);
      check('maxMs', distribution.maxMs);
      break;
    default:
      problems.push(`${where}.kind must be fixed, uniform or exponential`);
  }
  return problems;
}
