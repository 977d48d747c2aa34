import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../resilience/index.js';
import { findLatencyProblems, sampleLatency, type LatencyDistribution } from './latency.js';

function samples(distribution: LatencyDistribution, n: number, seed = 3): number[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: n }, () => sampleLatency(distribution, random));
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe('sampleLatency', () => {
  it('fixed is always the given delay', () => {
    expect(new Set(samples({ kind: 'fixed', ms: 25 }, 100))).toEqual(new Set([25]));
  });

  it('uniform stays in range with the midpoint as mean', () => {
    const values = samples({ kind: 'uniform', minMs: 10, maxMs: 50 }, 10_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...values)).toBeLessThan(50);
    // sd of the mean = 40 / sqrt(12 * 10_000) ~ 0.115; 5 sigma.
    expect(Math.abs(mean(values) - 30)).toBeLessThan(0.6);
  });

  it('exponential has the given mean, a median of mean*ln 2, and is capped', () => {
    const values = samples({ kind: 'exponential', meanMs: 40, maxMs: 10_000 }, 20_000);
    // sd of the mean = 40 / sqrt(20_000) ~ 0.28; 5 sigma.
    expect(Math.abs(mean(values) - 40)).toBeLessThan(1.5);
    const sorted = [...values].sort((a, b) => a - b);
    expect(Math.abs(sorted[10_000]! - 40 * Math.LN2)).toBeLessThan(1.5);
    const capped = samples({ kind: 'exponential', meanMs: 40, maxMs: 60 }, 5_000);
    expect(Math.max(...capped)).toBe(60);
  });

  it('consumes exactly one random number per sample whatever the kind', () => {
    for (const distribution of [
      { kind: 'fixed', ms: 1 },
      { kind: 'uniform', minMs: 0, maxMs: 1 },
      { kind: 'exponential', meanMs: 1 },
    ] satisfies LatencyDistribution[]) {
      let draws = 0;
      sampleLatency(distribution, () => {
        draws += 1;
        return 0.5;
      });
      expect(draws).toBe(1);
    }
  });

  it('reports every problem of a bad distribution', () => {
    expect(findLatencyProblems({ kind: 'uniform', minMs: -1, maxMs: -5 }, 'latency')).toEqual([
      'latency.minMs must be a finite number >= 0, got -1',
      'latency.maxMs must be a finite number >= 0, got -5',
      'latency: maxMs is below minMs',
    ]);
  });
});
