import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../resilience/index.js';
import { detectLeak, type HeapSample } from './detect-leak.js';
import { fitTheilSen } from './theil-sen.js';

const MB = 1024 * 1024;

/** One post-GC sample per second for `minutes`, heap = 40 MB + growth, with seeded noise and a few outliers. */
function series(
  minutes: number,
  growthMbPerMin: (minute: number) => number,
  seed: number,
  noiseMb = 0.8,
): HeapSample[] {
  const random = createSeededRandom(seed);
  const samples: HeapSample[] = [];
  for (let atMs = 0; atMs <= minutes * 60_000; atMs += 1_000) {
    const minute = atMs / 60_000;
    let mb = 40 + growthMbPerMin(minute) + (random() - 0.5) * 2 * noiseMb;
    // A GC that did not reclaim everything now and then: big upward spikes the fit must shrug off.
    if (random() < 0.03) mb += 15;
    samples.push({ atMs, heapUsedBytes: mb * MB });
  }
  return samples;
}

describe('fitTheilSen', () => {
  it('recovers an exact line and ignores a minority of wild points', () => {
    const points = Array.from({ length: 50 }, (_, x) => ({ x, y: 3 * x + 7 }));
    expect(fitTheilSen(points)).toEqual({ slope: 3, intercept: 7 });
    const corrupted = points.map((p, i) => (i % 5 === 0 ? { x: p.x, y: 10_000 } : p));
    const fit = fitTheilSen(corrupted);
    expect(fit.slope).toBeCloseTo(3, 6);
    expect(fit.intercept).toBeCloseTo(7, 6);
  });

  it('refuses fewer than two distinct x values', () => {
    expect(() => fitTheilSen([{ x: 1, y: 1 }])).toThrow(RangeError);
    expect(() =>
      fitTheilSen([
        { x: 1, y: 1 },
        { x: 1, y: 2 },
      ]),
    ).toThrow(RangeError);
  });
});

describe('detectLeak', () => {
  it('flags a steadily leaking heap (3 MB/min under noise and outliers)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const verdict = detectLeak(
        series(10, (m) => 3 * m, seed),
        { thresholdMbPerMin: 1 },
      );
      expect(verdict.status, `seed ${seed}: ${verdict.reason}`).toBe('leak');
      expect(verdict.slopeMbPerMin).toBeCloseTo(3, 0);
    }
  });

  it('does not flag a flat noisy heap', () => {
    for (const seed of [11, 12, 13, 14, 15]) {
      const verdict = detectLeak(
        series(10, () => 0, seed, 2),
        { thresholdMbPerMin: 1 },
      );
      expect(verdict.status, `seed ${seed}: ${verdict.reason}`).toBe('no-leak');
      expect(Math.abs(verdict.slopeMbPerMin ?? Number.NaN)).toBeLessThan(0.5);
    }
  });

  it('does not flag warm-up growth followed by a plateau', () => {
    // +30 MB in the first 90 s (JIT, caches), flat afterwards.
    const verdict = detectLeak(
      series(10, (m) => 20 * Math.min(m, 1.5), 21),
      { thresholdMbPerMin: 1 },
    );
    expect(verdict.warmupMs).toBe(120_000);
    expect(verdict.status, verdict.reason).toBe('no-leak');
  });

  it('does not call a one-off step after warm-up a sustained leak', () => {
    // Flat, one jump of 12 MB at minute 4, flat again: the overall fit rises, the second half does not.
    const verdict = detectLeak(
      series(10, (m) => (m >= 4 ? 12 : 0), 31, 0.3),
      { thresholdMbPerMin: 1 },
    );
    expect(verdict.status, verdict.reason).toBe('no-leak');
  });

  it('refuses to judge a window that is too short', () => {
    const verdict = detectLeak(series(0.25, (m) => 50 * m, 41));
    expect(verdict.status).toBe('insufficient-data');
    expect(verdict.slopeMbPerMin).toBeUndefined();
    expect(verdict.thresholdMbPerMin).toBe(2);
    expect(verdict.reason).toMatch(/need 10 samples over 30s/);
  });

  it('rejects a non-positive threshold', () => {
    expect(() => detectLeak([], { thresholdMbPerMin: 0 })).toThrow(RangeError);
  });
});
