import { describe, expect, it } from 'vitest';
import { computeBackoffDelay, createSeededRandom, DEFAULT_BACKOFF, findBackoffProblems } from './index.js';

describe('computeBackoffDelay', () => {
  const never = (): number => {
    throw new Error('random must not be drawn without randomize');
  };

  it('grows by the factor from minTimeout and is capped by maxTimeout', () => {
    const options = { minTimeout: 100, factor: 3, maxTimeout: 2_000 };
    expect([0, 1, 2, 3, 4].map((n) => computeBackoffDelay(n, options, never))).toEqual([100, 300, 900, 2_000, 2_000]);
  });

  it('defaults to factor 2 from 100 ms, capped at 30 s', () => {
    expect([0, 1, 2].map((n) => computeBackoffDelay(n, {}, never))).toEqual([100, 200, 400]);
    expect(computeBackoffDelay(20, {}, never)).toBe(30_000);
    expect(DEFAULT_BACKOFF).toEqual({ factor: 2, minTimeout: 100, maxTimeout: 30_000, randomize: false });
  });

  it('multiplies by 1 + random() with randomize, rounds, and caps after the jitter', () => {
    const options = { minTimeout: 1_000, factor: 2, maxTimeout: 3_500, randomize: true };
    expect(computeBackoffDelay(0, options, () => 0)).toBe(1_000);
    expect(computeBackoffDelay(0, options, () => 0.5)).toBe(1_500);
    expect(computeBackoffDelay(0, options, () => 0.9995)).toBe(2_000);
    expect(computeBackoffDelay(1, options, () => 0.25)).toBe(2_500);
    expect(computeBackoffDelay(1, options, () => 0.99)).toBe(3_500);
  });

  it('jitters within [1, 2) times the base, reproducibly for a seed', () => {
    const draw = (seed: number): number[] => {
      const random = createSeededRandom(seed);
      return [0, 1, 2, 3].map((n) => computeBackoffDelay(n, { minTimeout: 100, randomize: true }, random));
    };
    const delays = draw(5);
    delays.forEach((delay, n) => {
      expect(delay).toBeGreaterThanOrEqual(100 * 2 ** n);
      expect(delay).toBeLessThanOrEqual(2 * 100 * 2 ** n);
    });
    expect(draw(5)).toEqual(delays);
    expect(draw(6)).not.toEqual(delays);
  });
});

describe('findBackoffProblems', () => {
  it('accepts the edges and names every bad field', () => {
    expect(
      findBackoffProblems({ minTimeout: 0, factor: 1, maxTimeout: Number.POSITIVE_INFINITY, randomize: true }),
    ).toEqual([]);
    const problems = findBackoffProblems({
      minTimeout: Number.NaN,
      factor: 0.5,
      maxTimeout: -1,
      randomize: 'yes' as unknown as boolean,
    });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/minTimeout.*maxTimeout.*factor.*randomize/s);
  });
});
