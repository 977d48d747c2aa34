import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { linearRegression, linearRegressionLine, mean, median, sampleStandardDeviation } from 'simple-statistics';
import type { MetricVerdict } from '../trends/run-record.js';
import type { MeasuredFigures } from './types.js';

/** A metric of the test's measured work the detector knows. */
export type WorkMetric = 'threadCpuMs' | 'cpuMs' | 'wallMs' | 'rssGrowthMb' | 'heapGrowthMb';

/** How one metric is judged. All of them are "lower is better". */
export interface MetricSpec {
  metric: WorkMetric;
  unit: 'ms' | 'MB';
  /** CPU and wall time vary multiplicatively (judged on logarithms); memory growth can be 0 or negative (linear). */
  scale: 'log' | 'linear';
  /** The effect-size floor: a change smaller than this share of the baseline median is never a regression. */
  minRelative: number;
  /** ... nor one smaller than this, in the metric's unit (a 0.5 ms change is timer and scheduler noise). */
  minAbsolute: number;
  /** Smallest spread assumed for the history (sd of logarithms, or in the unit), so three identical runs do not make a 1% change significant. */
  minSpread: number;
  /** False: computed and shown, never a regression (wall time, which another session's load moves). */
  judged: boolean;
}

/**
 * The test thread's CPU time is what is judged for time: measured on this machine under load, the whole process's
 * CPU time of the same work varied 10–34 % between fresh processes, much of it V8's background threads (concurrent
 * compilation, GC helpers) landing in one window or the next; the test thread's own CPU, with a perf.repeat section
 * counted at its fastest round, is the steadier figure. Process CPU and wall time are reported beside it (process
 * CPU is judged in its place for a test whose thread CPU was not measured, see judgeRun).
 */
export const DEFAULT_METRIC_SPECS: readonly MetricSpec[] = [
  { metric: 'threadCpuMs', unit: 'ms', scale: 'log', minRelative: 0.1, minAbsolute: 1, minSpread: 0.02, judged: true },
  { metric: 'cpuMs', unit: 'ms', scale: 'log', minRelative: 0.1, minAbsolute: 1, minSpread: 0.02, judged: false },
  {
    metric: 'rssGrowthMb',
    unit: 'MB',
    scale: 'linear',
    minRelative: 0.25,
    minAbsolute: 16,
    minSpread: 1,
    judged: true,
  },
  {
    metric: 'heapGrowthMb',
    unit: 'MB',
    scale: 'linear',
    minRelative: 0.25,
    minAbsolute: 16,
    minSpread: 1,
    judged: true,
  },
  { metric: 'wallMs', unit: 'ms', scale: 'log', minRelative: 0.1, minAbsolute: 5, minSpread: 0.02, judged: false },
];

export interface DetectorOptions {
  /**
   * One-sided false-alarm rate per metric and run. Default 0.005. With enough history it is split between the one-run
   * test and the two-run test (Bonferroni), so the two together still flag a steady metric at most α of the time.
   */
  alpha?: number;
  /**
   * Share of α given to the one-run test when the two-run test applies; the rest goes to the two-run test. Default
   * 0.2: on this machine single runs had outliers (a whole process 20–30 % slower), which a two-run test rarely
   * sees twice in a row, while a real slowdown stays.
   */
  singleShare?: number;
  /**
   * Share of α given to the drift test, once it applies (from `minTrendRuns` accepted runs); taken from the two-run
   * test's share. Default 0.2.
   */
  trendShare?: number;
  /** Accepted runs needed before the drift test applies. Default 5 (six points with this run, a slope on 4 df). */
  minTrendRuns?: number;
  /** Accepted runs needed before a metric is judged. Default 3. */
  minRuns?: number;
  specs?: readonly MetricSpec[];
}

/** One accepted run's value of a metric, with where it came from. History is given oldest first. */
export interface HistoryPoint {
  value: number;
  runId: string;
  runAt: string;
  commit?: string;
}

/** The two-run test: this run and the last accepted one together, against the accepted runs before them. */
export interface JointEvidence {
  previous: { runId: string; value: number };
  /** Change of the two runs' geometric (log metrics) or plain mean against the earlier runs' median, in %. */
  changePercent?: number;
  pValue: number;
  /** Accepted runs before the previous one that the pair was judged against. */
  runs: number;
}

/** The drift test: a straight line through the accepted runs and this one (logarithms for time), oldest first. */
export interface TrendEvidence {
  /** Points the line was fitted to: the accepted runs and this one. */
  runs: number;
  /** The fitted change per run, in %. */
  slopePercent: number;
  /** The fitted change from the oldest accepted run to this one, in %. */
  changePercent: number;
  /** One-sided p-value of the slope (t test on runs − 2 df). */
  pValue: number;
}

/** The run-record verdict, with what a person needs to read it: unit, the runs behind the baseline, the thresholds. */
export interface DetectorVerdict extends MetricVerdict {
  metric: WorkMetric;
  unit: 'ms' | 'MB';
  /** False for a metric that is reported only (wall time): its status is never 'regressed'. */
  judged: boolean;
  threshold?: { alpha: number; minChangePercent: number; minAbsolute: number };
  baselineRuns?: { runId: string; runAt: string; commit?: string; value: number }[];
  joint?: JointEvidence;
  trend?: TrendEvidence;
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;
const LOG_OFFSET = 1; // ln(v + 1): finite at 0, and a 1 ms (or 1 MB) offset is below every floor

function formatValue(value: number, unit: 'ms' | 'MB'): string {
  return unit === 'ms' ? `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ms` : `${value.toFixed(1)} MB`;
}

function formatP(p: number): string {
  return p < 0.001 ? 'p<0.001' : `p=${p.toFixed(3)}`;
}

const signed = (n: number): string => `${n >= 0 ? '+' : ''}${n}`;

/** Mean and spread (floored) of transformed history values. */
function moments(ys: readonly number[], minSpread: number): { m: number; s: number } {
  return { m: mean(ys), s: Math.max(sampleStandardDeviation(ys), minSpread) };
}

/**
 * Judges one metric of one test against its accepted history (oldest first) with one-sided t prediction tests on
 * the history's n values (logarithms for time), mean m and sd s:
 * - **one run**: this run's value against m + t(1−α₁, n−1) · s · √(1 + 1/n), the band a new run from the same
 *   process stays below with probability 1 − α₁;
 * - **two runs**, once n ≥ minRuns + 1: the mean of this run and the last accepted one against the n − 1 runs
 *   before them, m′ + t(1−α₂, n−2) · s′ · √(1/2 + 1/(n−1)). A slowdown that the first run after it showed too
 *   faintly to be called (and that was accepted) is called on the second, as the pair's mean has half the variance.
 * - **drift**, once n ≥ `minTrendRuns` (5): a least-squares line through the n accepted runs and this one; its slope
 *   must be significant (one-sided t test on n − 1 df, α₃) and the line must have risen by the floor from the oldest
 *   accepted run to this one, so a slowdown that crept in by steps each inside the band of the runs before it is
 *   called once it adds up within the kept runs (older runs age out of the baseline: a drift slower than the floor
 *   per `keep` runs is never called).
 * α₁ = 0.2 α (`singleShare`), α₃ = 0.2 α (`trendShare`) and α₂ = the rest when they apply, else α₁ = α. Each test flags only a value that also clears the effect-size
 * floor (`minRelative` of the baseline median and `minAbsolute`); a value at or below the baseline median is never
 * a regression (the direction rule). A significant, large enough drop of this run alone is an improvement.
 */
export function judgeMetric(
  spec: MetricSpec,
  history: readonly HistoryPoint[],
  current: number,
  options: DetectorOptions = {},
): DetectorVerdict {
  const alpha = options.alpha ?? 0.005;
  const minRuns = options.minRuns ?? 3;
  const base = { metric: spec.metric, unit: spec.unit, judged: spec.judged, current: round(current) };
  const n = history.length;
  if (n < minRuns) {
    return {
      ...base,
      status: 'insufficient-history',
      reason: `insufficient history (${n} of ${minRuns} accepted runs)`,
    };
  }
  const values = history.map((h) => h.value);
  const f = spec.scale === 'log' ? (v: number) => Math.log(Math.max(v, 0) + LOG_OFFSET) : (v: number) => v;
  const fInverse = spec.scale === 'log' ? (y: number) => Math.exp(y) - LOG_OFFSET : (y: number) => y;
  const jointApplies = n >= minRuns + 1;
  const trendApplies = jointApplies && n >= (options.minTrendRuns ?? 5);
  const singleShare = options.singleShare ?? 0.2;
  const alphaOne = jointApplies ? alpha * singleShare : alpha;
  const alphaTrend = trendApplies ? alpha * (options.trendShare ?? 0.2) : 0;
  const alphaTwo = alpha - alphaOne - alphaTrend;
  const ys = values.map(f);
  const { m, s } = moments(ys, spec.minSpread);
  const se = s * Math.sqrt(1 + 1 / n);
  const t = (f(current) - m) / se;
  const df = n - 1;
  const pWorse = 1 - tCdf(t, df);
  const pBetter = tCdf(t, df);
  const half = tQuantile(1 - alphaOne, df) * se;
  const baselineMedian = median(values);
  const clears = (delta: number, reference: number): boolean =>
    Math.abs(delta) >= spec.minAbsolute && (reference <= 0 || Math.abs(delta) / reference >= spec.minRelative);
  const percent = (delta: number, reference: number): number | undefined =>
    reference > 0 ? round((delta / reference) * 100, 1) : undefined;
  const delta = current - baselineMedian;
  const clearsFloor = clears(delta, baselineMedian);
  const changePercent = percent(delta, baselineMedian);
  const verdict: DetectorVerdict = {
    ...base,
    status: 'unchanged',
    baseline: {
      median: round(baselineMedian),
      low: round(fInverse(m - half)),
      high: round(fInverse(m + half)),
      runs: n,
    },
    ...(changePercent !== undefined ? { changePercent } : {}),
    pValue: round(delta > 0 ? pWorse : pBetter, 5),
    threshold: { alpha, minChangePercent: spec.minRelative * 100, minAbsolute: spec.minAbsolute },
    baselineRuns: history.map((h) => ({
      runId: h.runId,
      runAt: h.runAt,
      ...(h.commit !== undefined ? { commit: h.commit } : {}),
      value: h.value,
    })),
    reason: '',
  };

  // The two-run test: this run and the previous accepted one against the runs before it.
  let jointRegressed = false;
  const previous = history[n - 1];
  if (jointApplies && previous !== undefined) {
    const earlier = values.slice(0, -1);
    const e = moments(earlier.map(f), spec.minSpread);
    const pairMean = (f(previous.value) + f(current)) / 2;
    const dfJoint = earlier.length - 1;
    const pJoint = 1 - tCdf((pairMean - e.m) / (e.s * Math.sqrt(1 / 2 + 1 / earlier.length)), dfJoint);
    const earlierMedian = median(earlier);
    const pairDelta = fInverse(pairMean) - earlierMedian;
    const jointChange = percent(pairDelta, earlierMedian);
    verdict.joint = {
      previous: { runId: previous.runId, value: round(previous.value) },
      ...(jointChange !== undefined ? { changePercent: jointChange } : {}),
      pValue: round(pJoint, 5),
      runs: earlier.length,
    };
    jointRegressed =
      pJoint < alphaTwo &&
      current > baselineMedian &&
      current > earlierMedian &&
      previous.value > earlierMedian &&
      clears(current - earlierMedian, earlierMedian) &&
      clears(pairDelta, earlierMedian);
  }

  // The drift test: a slope through the accepted runs and this one, so a slowdown that crept in by small steps, each
  // inside the band of the runs before it, is called once the line has moved by more than the floor.
  let trendRegressed = false;
  if (trendApplies) {
    const trend = fitTrend([...ys, f(current)], spec.minSpread);
    const first = fInverse(trend.at(0));
    const last = fInverse(trend.at(n));
    const trendChange = percent(last - first, first);
    verdict.trend = {
      runs: n + 1,
      slopePercent: percent(last - fInverse(trend.at(n - 1)), fInverse(trend.at(n - 1))) ?? 0,
      changePercent: trendChange ?? 0,
      pValue: round(trend.pValue, 5),
    };
    trendRegressed =
      trend.pValue < alphaTrend &&
      trend.slope > 0 &&
      current > baselineMedian &&
      clears(last - first, first) &&
      clears(current - first, first);
  }

  const change =
    changePercent === undefined
      ? `${delta >= 0 ? '+' : ''}${formatValue(delta, spec.unit)}`
      : `${signed(changePercent)}%`;
  const against = `${formatValue(current, spec.unit)} vs baseline median ${formatValue(baselineMedian, spec.unit)} of ${n} runs (band ${formatValue(verdict.baseline?.low ?? 0, spec.unit)}–${formatValue(verdict.baseline?.high ?? 0, spec.unit)})`;
  const floor = `floor ${spec.minRelative * 100}% and ${formatValue(spec.minAbsolute, spec.unit)}`;
  const singleRegressed = delta > 0 && pWorse < alphaOne && clearsFloor;
  if (singleRegressed || jointRegressed || trendRegressed) {
    const joint = verdict.joint;
    const trend = verdict.trend;
    const evidence = singleRegressed
      ? `${formatP(pWorse)} < ${round(alphaOne, 4)}`
      : jointRegressed
        ? `with the previous run (${formatValue(joint?.previous.value ?? 0, spec.unit)}) the two runs are ${signed(joint?.changePercent ?? 0)}% over the ${joint?.runs ?? 0} runs before, ${formatP(joint?.pValue ?? 1)} < ${round(alphaTwo, 4)}`
        : `drifting: ${signed(trend?.changePercent ?? 0)}% along a line through the last ${trend?.runs ?? 0} runs (${signed(trend?.slopePercent ?? 0)}% a run), ${formatP(trend?.pValue ?? 1)} < ${round(alphaTrend, 4)}`;
    if (!singleRegressed) verdict.pValue = (jointRegressed ? joint?.pValue : trend?.pValue) ?? 1;
    verdict.status = spec.judged ? 'regressed' : 'unchanged';
    verdict.reason = spec.judged
      ? `${spec.metric} ${against}: ${change}, ${evidence}, beyond the ${floor} — regressed`
      : `${spec.metric} ${against}: ${change}, ${evidence} — slower, reported only (not judged: ${spec.metric === 'wallMs' ? 'other load on the machine moves it' : "background threads' share of it varies from run to run"})`;
  } else if (delta < 0 && pBetter < alphaOne && clearsFloor) {
    verdict.status = 'improved';
    verdict.reason = `${spec.metric} ${against}: ${change}, ${formatP(pBetter)} — improved`;
  } else {
    const why =
      delta <= 0
        ? 'moved in its better direction'
        : !clearsFloor
          ? `within the ${floor}`
          : `${formatP(pWorse)} ≥ ${round(alphaOne, 4)}`;
    verdict.reason = `${spec.metric} ${against}: ${change} — unchanged (${why})`;
  }
  return verdict;
}

/**
 * Least-squares line through equally spaced values (oldest first) and the one-sided p-value that its slope is > 0:
 * t = slope / (s / √Σ(x − x̄)²) on n − 2 df, the residual sd s floored at `minSpread` like the band tests' spread.
 */
function fitTrend(
  ys: readonly number[],
  minSpread: number,
): { slope: number; at: (x: number) => number; pValue: number } {
  const pointsXY = ys.map((y, x) => [x, y]);
  const line = linearRegression(pointsXY);
  const at = linearRegressionLine(line);
  const n = ys.length;
  const residuals = ys.map((y, x) => y - at(x));
  const s = Math.max(Math.sqrt(residuals.reduce((a, r) => a + r * r, 0) / (n - 2)), minSpread);
  const xMean = (n - 1) / 2;
  const sxx = ys.reduce((a, _, x) => a + (x - xMean) ** 2, 0);
  const pValue = 1 - tCdf(line.m / (s / Math.sqrt(sxx)), n - 2);
  return { slope: line.m, at, pValue };
}

/** The metric's value in a measured record, if it was measured. */
export function metricValue(figures: MeasuredFigures, metric: WorkMetric): number | undefined {
  return figures[metric];
}
