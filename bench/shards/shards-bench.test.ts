import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../engines/common/index.js';
import { evaluateSplit } from './evaluate-split.js';
import { generateSkewedSuite, noisyRun } from './synthetic-suite.js';

describe('shard balance bench inputs', () => {
  it('generates the same skewed suite for a seed: a few long tests carry a large share of the time', () => {
    const suite = generateSkewedSuite(2_000, 7);
    expect(suite).toEqual(generateSkewedSuite(2_000, 7));
    const ms = suite.groups.flatMap((g) => g.tests.map((t) => t.ms)).sort((a, b) => b - a);
    expect(ms).toHaveLength(2_000);
    const total = ms.reduce((a, b) => a + b, 0);
    const top2Percent = ms.slice(0, 40).reduce((a, b) => a + b, 0);
    expect(top2Percent / total).toBeGreaterThan(0.25);
    expect(ms[1_000]).toBeLessThan(2_000);
    expect(suite.groups.some((g) => g.tests.length > 1)).toBe(true);
  });

  it('judges a plan at the true durations: never below the bound, and at exact durations no worse than the count split', () => {
    for (const seed of [1, 2, 3]) {
      const suite = generateSkewedSuite(200, seed);
      const truth = new Map(suite.groups.flatMap((g) => g.tests.map((t) => [t.planId, t.ms] as const)));
      for (const shards of [2, 4, 8]) {
        const outcome = evaluateSplit(suite.groups, truth, shards);
        expect(outcome.tests).toBe(200);
        expect(outcome.oursMs).toBeGreaterThanOrEqual(outcome.boundMs - 1e-6);
        expect(outcome.oursMs).toBeLessThanOrEqual(outcome.countSplitMs + 1e-6);
        expect(outcome.countSplitMs).toBeGreaterThanOrEqual(outcome.boundMs - 1e-6);
      }
      // Judged at a noisy run, the bound is that run's: the plan made from other durations can only be worse or equal.
      const noisy = noisyRun(suite.groups, 0.25, createSeededRandom(seed));
      const judged = evaluateSplit(suite.groups, noisy, 4);
      expect(judged.oursMs).toBeGreaterThanOrEqual(judged.boundMs - 1e-6);
      expect(judged.oracleMs).toBeGreaterThanOrEqual(judged.boundMs - 1e-6);
    }
  });

  it('simulates a noisy run from the seed alone: the same figures on every call, other figures for another seed', () => {
    const suite = generateSkewedSuite(200, 3);
    const outcome = (seed: number) => {
      const { planMs: _ignored, ...rest } = evaluateSplit(
        suite.groups,
        noisyRun(suite.groups, 0.25, createSeededRandom(seed)),
        4,
      );
      return rest;
    };
    expect(outcome(11)).toEqual(outcome(11));
    expect(outcome(12)).not.toEqual(outcome(11));
  });
});
