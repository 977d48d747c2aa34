import { fitPowerLaw, type PowerLawFit, type ScalingPoint } from '../../harness/workloads/index.js';

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
  if (n < 3) return { ...fit, standardError: Number.POSITIVE_INFINITY, ci95: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY] };
  const xs = points.map((p) => Math.log(p.size));
  const meanX = xs.reduce((s, x) => s + x, 0) / n;
  const sxx = xs.reduce((s, x) => s + (x - meanX) ** 2, 0);
  const residuals = points.map((p, i) => Math.log(p.ms) - (fit.intercept + fit.exponent * (xs[i] as number)));
  const standardError = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / (n - 2) / sxx);
  const t = T_975[n - 3] ?? 1.96;
  return { ...fit, standardError, ci95: [fit.exponent - t * standardError, fit.exponent + t * standardError] };
}
