import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { mean, median, sampleStandardDeviation } from 'simple-statistics';
import type { MetricVerdict } from '../trends/run-record.js';
import type { MeasuredFigures } from './types.js';

/** A metric of the test's measured work the detector knows. */
export type WorkMetric = 'cpuMs' | 'wallMs' | 'rssGrowthMb' | 'heapGrowthMb';

/** How one metric is judged. All four are "lower is better". */
export interface MetricSpec {
  metric: WorkMetric;
  unit: 'ms' | 'MB';
  /** CPU and wall time vary multiplicatively (judged on logarithms); memory growth can be 0 or negative (linear). */
  scale: 'log' | 'linear';
  /** The effect-size floor: a change smaller than this share of the baseline median is never a regression. */
  minRelative: number;
  /** ... nor one smaller than this, in the metric's unit (a 2 ms change of a 10 ms test is timer noise). */
  minAbsolute: number;
  /** Smallest spread assumed for the history (sd of logarithms, or in the unit), so three identical runs do not make a 1% change significant. */
  minSpread: number;
  /** False: computed and shown, never a regression (wall time, which another session's load moves). */
  judged: boolean;
}

export const DEFAULT_METRIC_SPECS: readonly MetricSpec[] = [
  { metric: 'cpuMs', unit: 'ms', scale: 'log', minRelative: 0.1, minAbsolute: 5, minSpread: 0.02, judged: true },
  { metric: 'rssGrowthMb', unit: 'MB', scale: 'linear', minRelative: 0.25, minAbsolute: 16, minSpread: 1, judged: true },
  { metric: 'heapGrowthMb', unit: 'MB', scale: 'linear', minRelative: 0.25, minAbsolute: 16, minSpread: 1, judged: true },
  { metric: 'wallMs', unit: 'ms', scale: 'log', minRelative: 0.1, minAbsolute: 5, minSpread: 0.02, judged: false },
];

export interface DetectorOptions {
  /** One-sided significance level of the prediction band. Default 0.01. */
  alpha?: number;
  /** Accepted runs needed before a metric is judged. Default 3. */
  minRuns?: number;
  specs?: readonly MetricSpec[];
}

/** One accepted run's value of a metric, with where it came from. */
export interface HistoryPoint {
  value: number;
  runId: string;
  runAt: string;
  commit?: string;
}

/** The run-record verdict, with what a person needs to read it: unit, the runs behind the baseline, the thresholds. */
export interface DetectorVerdict extends MetricVerdict {
  metric: WorkMetric;
  unit: 'ms' | 'MB';
  /** False for a metric that is reported only (wall time): its status is never 'regressed'. */
  judged: boolean;
  threshold?: { alpha: number; minChangePercent: number; minAbsolute: number };
  baselineRuns?: { runId: string; runAt: string; commit?: string; value: number }[];
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;
const LOG_OFFSET = 1; // ln(v + 1): finite at 0, and a 1 ms (or 1 MB) offset is below every floor

function formatValue(value: number, unit: 'ms' | 'MB'): string {
  return unit === 'ms' ? `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ms` : `${value.toFixed(1)} MB`;
}

function formatP(p: number): string {
  return p < 0.001 ? 'p<0.001' : `p=${p.toFixed(3)}`;
}

/**
 * Judges one metric of one test against its accepted history with a one-sided t prediction band: with the
 * history's n values (logarithms for time), mean m and sd s, a new run from the same process falls below
 * m + t(1−α, n−1) · s · √(1 + 1/n) with probability 1 − α. A value above the band (p < α) that also clears the
 * effect-size floor (both `minRelative` of the baseline median and `minAbsolute`) is a regression; a value below
 * the median is never one (the direction rule). Symmetrically, a significant, large enough drop is an improvement.
 */
export function judgeMetric(spec: MetricSpec, history: readonly HistoryPoint[], current: number, options: DetectorOptions = {}): DetectorVerdict {
  const alpha = options.alpha ?? 0.01;
  const minRuns = options.minRuns ?? 3;
  const base = { metric: spec.metric, unit: spec.unit, judged: spec.judged, current: round(current) };
  const n = history.length;
  if (n < minRuns) {
    return { ...base, status: 'insufficient-history', reason: `insufficient history (${n} of ${minRuns} accepted runs)` };
  }
  const values = history.map((h) => h.value);
  const f = spec.scale === 'log' ? (v: number) => Math.log(Math.max(v, 0) + LOG_OFFSET) : (v: number) => v;
  const fInverse = spec.scale === 'log' ? (y: number) => Math.exp(y) - LOG_OFFSET : (y: number) => y;
  const ys = values.map(f);
  const m = mean(ys);
  const s = Math.max(sampleStandardDeviation(ys), spec.minSpread);
  const se = s * Math.sqrt(1 + 1 / n);
  const t = (f(current) - m) / se;
  const df = n - 1;
  const pWorse = 1 - tCdf(t, df);
  const pBetter = tCdf(t, df);
  const half = tQuantile(1 - alpha, df) * se;
  const baselineMedian = median(values);
  const delta = current - baselineMedian;
  const relative = baselineMedian > 0 ? delta / baselineMedian : undefined;
  const clearsFloor = Math.abs(delta) >= spec.minAbsolute && (relative === undefined || Math.abs(relative) >= spec.minRelative);
  const changePercent = relative === undefined ? undefined : round(relative * 100, 1);
  const verdict: DetectorVerdict = {
    ...base,
    status: 'unchanged',
    baseline: { median: round(baselineMedian), low: round(fInverse(m - half)), high: round(fInverse(m + half)), runs: n },
    ...(changePercent !== undefined ? { changePercent } : {}),
    pValue: round(delta > 0 ? pWorse : pBetter, 5),
    threshold: { alpha, minChangePercent: spec.minRelative * 100, minAbsolute: spec.minAbsolute },
    baselineRuns: history.map((h) => ({ runId: h.runId, runAt: h.runAt, ...(h.commit !== undefined ? { commit: h.commit } : {}), value: h.value })),
    reason: '',
  };
  const change = changePercent === undefined ? `${delta >= 0 ? '+' : ''}${formatValue(delta, spec.unit)}` : `${changePercent >= 0 ? '+' : ''}${changePercent}%`;
  const against = `${formatValue(current, spec.unit)} vs baseline median ${formatValue(baselineMedian, spec.unit)} of ${n} runs (band ${formatValue(verdict.baseline?.low ?? 0, spec.unit)}–${formatValue(verdict.baseline?.high ?? 0, spec.unit)})`;
  const floor = `floor ${spec.minRelative * 100}% and ${formatValue(spec.minAbsolute, spec.unit)}`;
  if (delta > 0 && pWorse < alpha && clearsFloor) {
    verdict.status = spec.judged ? 'regressed' : 'unchanged';
    verdict.reason = spec.judged
      ? `${spec.metric} ${against}: ${change}, ${formatP(pWorse)} < ${alpha}, beyond the ${floor} — regressed`
      : `${spec.metric} ${against}: ${change}, ${formatP(pWorse)} — slower, reported only (wall time is not judged: other load on the machine moves it)`;
  } else if (delta < 0 && pBetter < alpha && clearsFloor) {
    verdict.status = 'improved';
    verdict.reason = `${spec.metric} ${against}: ${change}, ${formatP(pBetter)} — improved`;
  } else {
    const why = delta <= 0 ? 'moved in its better direction' : !clearsFloor ? `within the ${floor}` : `${formatP(pWorse)} ≥ ${alpha}`;
    verdict.reason = `${spec.metric} ${against}: ${change} — unchanged (${why})`;
  }
  return verdict;
}

/** The metric's value in a measured record, if it was measured. */
export function metricValue(figures: MeasuredFigures, metric: WorkMetric): number | undefined {
  return figures[metric];
}
