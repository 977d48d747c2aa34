import { fitPowerLaw, type PowerLawFit, type ScalingPoint } from '../../harness/engine-workloads/index.js';

/**
 * Two-sided 95 % critical values of Student's t for 1..10 degrees of freedom (standard table values; a scaling
 * test fits 4 or 5 sizes, so 2 or 3 degrees of freedom). Beyond 10 the normal value 1.96 is close enough.
 */
const T_975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228] as const;

export interface PowerLawInterval extends PowerLawFit {
  /** Standard error of the exponent (the slope of the log-log fit). */
  readonly standardError: number;
  /** 95 % confidence interval of the exponent. */
  readonly ci95: readonly [number, number];
}

/**
 * The log-log least-squares fit of `fitPowerLaw` with the slope's standard error and 95 % confidence interval,
 * so a verdict can say both how large the exponent is and how well the sizes pin it down.
 */
export function fitPowerLawWithInterval(points: readonly ScalingPoint[]): PowerLawInterval {
  const fit = fitPowerLaw(points);
  const n = points.length;
  if (n < 3)
    return {
      ...fit,
      standardError: Number.POSITIVE_INFINITY,
      ci95: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
    };
  const xs = points.map((p) => Math.log(p.size));
  const meanX = xs.reduce((s, x) => s + x, 0) / n;
  const sxx = xs.reduce((s, x) => s + (x - meanX) ** 2, 0);
  const residuals = points.map((p, i) => Math.log(p.ms) - (fit.intercept + fit.exponent * (xs[i] as number)));
  const standardError = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / (n - 2) / sxx);
  const t = T_975[n - 3] ?? 1.96;
  return { ...fit, standardError, ci95: [fit.exponent - t * standardError, fit.exponent + t * standardError] };
}

/**
 * The Theil–Sen estimate of the exponent: the median of the slopes between every pair of sizes in log-log space.
 * Unlike least squares it ignores up to ~29 % wild points, so one size measured in a lucky (or unlucky) moment cannot
 * tilt the verdict: under a CPU hog, one E2E-111 run's least-squares exponent was 1.30 because its smallest size's
 * best sample was 10 ms against 24..50 ms in other runs, while its Theil–Sen exponent was 1.04. A quadratic cost
 * still gives ~1.65 with a fixed per-run cost in front of it, so the bound keeps catching super-linear growth.
 */
export function theilSenExponent(points: readonly ScalingPoint[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const a = points[i] as ScalingPoint;
      const b = points[j] as ScalingPoint;
      if (a.size !== b.size) slopes.push((Math.log(b.ms) - Math.log(a.ms)) / (Math.log(b.size) - Math.log(a.size)));
    }
  }
  if (slopes.length === 0) throw new RangeError('a Theil–Sen estimate needs two distinct sizes');
  slopes.sort((x, y) => x - y);
  const mid = Math.floor(slopes.length / 2);
  return slopes.length % 2 === 1
    ? (slopes[mid] as number)
    : ((slopes[mid - 1] as number) + (slopes[mid] as number)) / 2;
}
