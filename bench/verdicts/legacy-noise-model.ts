import { median } from './legacy-calibration.js';

export type MetricDirection = 'lower' | 'higher';
export type MetricVerdict = 'ok' | 'regression' | 'improvement' | 'insufficient-history';

export interface NoiseModelOptions {
  /** Accepted samples needed before judging. Default 3. */
  minSamples?: number;
  /** Threshold in robust standard deviations (1.4826 × MAD). Default 3. */
  sigmas?: number;
  /** Threshold floor as a share of the median, so a perfectly steady history does not flag 1% noise. Default 0.15. */
  minRelative?: number;
}

export interface MetricJudgement {
  verdict: MetricVerdict;
  current: number;
  median?: number;
  mad?: number;
  threshold?: number;
  /** current / median. */
  ratio?: number;
}

/**
 * Compares a value with the median of accepted history; the allowed deviation scales with the history's
 * spread (MAD), with a relative floor.
 */
export function judgeMetric(
  history: readonly number[],
  current: number,
  better: MetricDirection,
  options: NoiseModelOptions = {},
): MetricJudgement {
  if (history.length < (options.minSamples ?? 3)) return { verdict: 'insufficient-history', current };
  const m = median(history);
  const mad = median(history.map((v) => Math.abs(v - m)));
  const threshold = Math.max((options.sigmas ?? 3) * 1.4826 * mad, (options.minRelative ?? 0.15) * Math.abs(m));
  const delta = better === 'lower' ? current - m : m - current;
  const verdict: MetricVerdict = delta > threshold ? 'regression' : delta < -threshold ? 'improvement' : 'ok';
  return { verdict, current, median: m, mad, threshold, ...(m !== 0 ? { ratio: current / m } : {}) };
}
