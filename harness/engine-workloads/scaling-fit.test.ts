import { describe, expect, it } from 'vitest';
import { fitPowerLaw, renderScalingSvg } from './scaling-fit.js';

describe('fitPowerLaw', () => {
  it('recovers the exponent and constant of an exact power law', () => {
    for (const k of [0.5, 1, 1.5, 2]) {
      const points = [100, 500, 1000, 5000].map((size) => ({ size, ms: 3 * size ** k }));
      const fit = fitPowerLaw(points);
      expect(fit.exponent).toBeCloseTo(k, 10);
      expect(Math.exp(fit.intercept)).toBeCloseTo(3, 8);
      expect(fit.r2).toBeCloseTo(1, 10);
    }
  });

  it('fits noisy linear data near 1 with r2 below 1', () => {
    const fit = fitPowerLaw([
      { size: 100, ms: 12 },
      { size: 200, ms: 19 },
      { size: 400, ms: 44 },
      { size: 800, ms: 79 },
    ]);
    expect(fit.exponent).toBeGreaterThan(0.9);
    expect(fit.exponent).toBeLessThan(1.1);
    expect(fit.r2).toBeLessThan(1);
  });

  it('rejects fewer than two points, non-positive values and a single size', () => {
    expect(() => fitPowerLaw([{ size: 1, ms: 1 }])).toThrow(RangeError);
    expect(() =>
      fitPowerLaw([
        { size: 1, ms: 0 },
        { size: 2, ms: 1 },
      ]),
    ).toThrow(RangeError);
    expect(() =>
      fitPowerLaw([
        { size: 5, ms: 1 },
        { size: 5, ms: 2 },
      ]),
    ).toThrow(RangeError);
  });
});

describe('renderScalingSvg', () => {
  it('draws one dot per point and names the exponent in the title', () => {
    const points = [10, 20, 40, 80].map((size) => ({ size, ms: size * 2 }));
    const svg = renderScalingSvg(points, fitPowerLaw(points), { title: 'growth <test>', sizeLabel: 'files' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg).toContain('growth &lt;test&gt;: k = 1.000');
  });
});
