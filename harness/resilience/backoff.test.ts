import { describe, expect, it } from 'vitest';
import { computeBackoffDelay } from './backoff.js';
import { createSeededRandom } from './random.js';

describe('computeBackoffDelay', () => {
  const never = (): number => {
    throw new Error('random must not be drawn without randomize');
  };

  it('grows by the factor from minTimeout and is capped by maxTimeout', () => {
    const options = { minTimeout: 100, factor: 3, maxTimeout: 2_000 };
    expect([0, 1, 2, 3, 4].map((n) => computeBackoffDelay(n, options, never))).toEqual([100, 300, 900, 2_000, 2_000]);
  });

  it('defaults to p-retry-like factor 2 from 100 ms', () => {
    expect([0, 1, 2].map((n) => computeBackoffDelay(n, {}, never))).toEqual([100, 200, 400]);
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
