import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyRecorder } from './latency-recorder.js';

describe('LatencyRecorder', () => {
  it('gives exact nearest-rank percentiles for a small sample', () => {
    const recorder = new LatencyRecorder();
    for (let v = 100; v >= 1; v--) recorder.record(v); // 1..100 in reverse order
    expect(recorder.summarize()).toEqual({
      count: 100,
      meanMs: 50.5,
      p50Ms: 50,
      p90Ms: 90,
      p99Ms: 99,
      maxMs: 100,
      method: 'exact',
    });
  });

  it('returns undefined when nothing was recorded', () => {
    expect(new LatencyRecorder().summarize()).toBeUndefined();
  });

  it('rejects negative and non-finite latencies', () => {
    const recorder = new LatencyRecorder();
    expect(() => recorder.record(-1)).toThrow(RangeError);
    expect(() => recorder.record(Number.NaN)).toThrow(RangeError);
  });

  it('switches to an HDR histogram past the limit and stays within 0.1 % of the exact percentiles', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 60_000, noNaN: true }), { minLength: 50, maxLength: 400 }),
        (values) => {
          const exact = new LatencyRecorder();
          const hdr = new LatencyRecorder({ exactLimit: 10 });
          for (const v of values) {
            exact.record(v);
            hdr.record(v);
          }
          const e = exact.summarize()!;
          const h = hdr.summarize()!;
          expect(h.method).toBe('hdr');
          expect(h.count).toBe(e.count);
          expect(h.maxMs).toBe(e.maxMs);
          for (const key of ['p50Ms', 'p90Ms', 'p99Ms'] as const) {
            // 3 significant digits plus the µs rounding of the recorded integers.
            expect(Math.abs(h[key] - e[key])).toBeLessThanOrEqual(e[key] * 0.001 + 0.001);
          }
        },
      ),
      { seed: 20240611, numRuns: 50 },
    );
  });
});
