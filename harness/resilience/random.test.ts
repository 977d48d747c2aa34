import { describe, expect, it } from 'vitest';
import { createSeededRandom } from './random.js';

describe('createSeededRandom', () => {
  it('replays the same sequence for the same seed', () => {
    const a = createSeededRandom(1234);
    const b = createSeededRandom(1234);
    const first = Array.from({ length: 100 }, () => a());
    const second = Array.from({ length: 100 }, () => b());
    expect(second).toEqual(first);
  });

  it('gives different sequences for different seeds', () => {
    const a = createSeededRandom(1);
    const b = createSeededRandom(2);
    expect(Array.from({ length: 10 }, () => a())).not.toEqual(Array.from({ length: 10 }, () => b()));
  });

  it('is uniform on [0, 1): in range, mean near 1/2, every decile populated', () => {
    const random = createSeededRandom(99);
    const n = 20_000;
    const deciles = new Array<number>(10).fill(0);
    let sum = 0;
    for (let i = 0; i < n; i += 1) {
      const x = random();
      if (x < 0 || x >= 1) throw new Error(`out of range: ${x}`);
      sum += x;
      deciles[Math.floor(x * 10)]! += 1;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.01);
    // Each decile expects 2,000 +- ~42 (1 sigma); 6 sigma bound.
    for (const count of deciles) expect(Math.abs(count - n / 10)).toBeLessThan(260);
  });
});
