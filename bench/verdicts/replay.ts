import { DEFAULT_METRIC_SPECS, judgeMetric, type HistoryPoint } from '../../harness/baselines/index.js';
import { judgeMetric as legacyJudge } from './legacy-noise-model.js';
import type { MeasuredRun, TestFigures, TestSample } from './measure-run.js';

type Reads = 'single' | 'repeatedFixed' | 'repeated';

/** One detector as the replay drives it: is this test's current figure a regression against these accepted ones? */
export interface ReplayDetector {
  readonly name: string;
  /** Which figure of a test it reads: the single timed window, a fixed-round perf.repeat, or a CPU-budget one. */
  readonly reads: Reads;
  /** The metrics that flagged it (empty: not flagged). */
  flags(
    history: readonly { figures: TestFigures; calibrationMs: number }[],
    current: { figures: TestFigures; calibrationMs: number },
  ): string[];
}

const JUDGED = DEFAULT_METRIC_SPECS.filter((s) => s.judged);

/** The new detector: CPU time and memory growth of the measured work, t prediction band + effect-size floor. */
export const newDetector = (reads: Reads): ReplayDetector => ({
  name:
    reads === 'single'
      ? 'new, one timed window'
      : reads === 'repeatedFixed'
        ? 'new, perf.repeat fixed rounds'
        : 'new, perf.repeat',
  reads,
  flags(history, current) {
    const flagged: string[] = [];
    for (const spec of JUDGED) {
      const points: HistoryPoint[] = history.map((h, i) => ({
        value: h.figures[spec.metric],
        runId: `r${i}`,
        runAt: '',
      }));
      if (judgeMetric(spec, points, current.figures[spec.metric]).status === 'regressed') flagged.push(spec.metric);
    }
    return flagged;
  },
});

/** The old detector: wall time and throughput in calibration units, absolute peak RSS; median ± max(3 × 1.4826 × MAD, 15%). */
export const legacyDetector: ReplayDetector = {
  name: 'old (calibrated wall time, median ± MAD)',
  reads: 'single',
  flags(history, current) {
    const flagged: string[] = [];
    const metrics: { name: string; better: 'lower' | 'higher'; value: (f: TestFigures, cal: number) => number }[] = [
      { name: 'duration', better: 'lower', value: (f, cal) => f.durationMs / cal },
      { name: 'throughput', better: 'higher', value: (f, cal) => (f.throughputPerSec * cal) / 1000 },
      { name: 'peakRss', better: 'lower', value: (f) => f.peakRssMb },
    ];
    for (const m of metrics) {
      const past = history.map((h) => m.value(h.figures, h.calibrationMs));
      if (legacyJudge(past, m.value(current.figures, current.calibrationMs), m.better).verdict === 'regression')
        flagged.push(m.name);
    }
    return flagged;
  },
};

export interface ReplayOptions {
  runs: readonly MeasuredRun[];
  tests: readonly string[];
  /** Accepted runs in the history (the k). */
  historyRuns: number;
  trials: number;
  random: () => number;
}

export interface ReplayFigures {
  detector: string;
  /** Test-runs judged with nothing injected, and how many were flagged (by any metric). */
  testRuns: number;
  falseRegressions: number;
  falseByMetric: Record<string, number>;
  /** Injected 25% slowdowns, and how many were flagged in the first or the second slowed run. */
  slowdowns: number;
  caughtWithinTwo: number;
  caughtFirst: number;
  /** Per slowed test: [caught within two runs, slowdowns]. */
  caughtByTest: Record<string, [number, number]>;
}

/** k + extra distinct run indexes, drawn from the seeded source. */
function drawRuns(count: number, total: number, random: () => number): number[] {
  const indexes = Array.from({ length: total }, (_, i) => i);
  for (let i = total - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [indexes[i], indexes[j]] = [indexes[j] as number, indexes[i] as number];
  }
  return indexes.slice(0, count);
}

/**
 * Replays the measured runs through each detector. False regressions: k accepted plain runs, one more plain run
 * judged, every test. Slowdowns: one test, k accepted plain runs, then two slowed runs; the first is judged, and if
 * it was not flagged it is accepted (as `baseline:update` would: it showed no regression), then the second is
 * judged against the last k. The same draws feed both detectors.
 */
export function replay(detectors: readonly ReplayDetector[], options: ReplayOptions): ReplayFigures[] {
  const { runs, tests, historyRuns: k } = options;
  if (runs.length < k + 2)
    throw new RangeError(`replaying a history of ${k} needs at least ${k + 2} measured runs, got ${runs.length}`);
  const figures = detectors.map((d) => ({
    detector: d.name,
    testRuns: 0,
    falseRegressions: 0,
    falseByMetric: {} as Record<string, number>,
    slowdowns: 0,
    caughtWithinTwo: 0,
    caughtFirst: 0,
    caughtByTest: {} as Record<string, [number, number]>,
  }));
  let reads: Reads = 'single';
  const plainOf = (run: MeasuredRun, test: string) => ({
    figures: (run.plain[test] as TestSample)[reads] as TestFigures,
    calibrationMs: run.calibrationMs,
  });
  const slowedOf = (run: MeasuredRun, test: string) => ({
    figures: (run.slowed[test] as TestSample)[reads] as TestFigures,
    calibrationMs: run.slowedCalibrationMs,
  });
  for (let trial = 0; trial < options.trials; trial++) {
    const drawn = drawRuns(k + 2, runs.length, options.random).map((i) => runs[i] as MeasuredRun);
    const history = drawn.slice(0, k);
    const first = drawn[k] as MeasuredRun;
    const second = drawn[k + 1] as MeasuredRun;
    const slowedTest = tests[Math.floor(options.random() * tests.length)] as string;
    detectors.forEach((detector, d) => {
      const f = figures[d] as ReplayFigures;
      reads = detector.reads;
      for (const test of tests) {
        const flagged = detector.flags(
          history.map((r) => plainOf(r, test)),
          plainOf(first, test),
        );
        f.testRuns++;
        if (flagged.length > 0) f.falseRegressions++;
        for (const m of flagged) f.falseByMetric[m] = (f.falseByMetric[m] ?? 0) + 1;
      }
      const past = history.map((r) => plainOf(r, slowedTest));
      f.slowdowns++;
      const byTest = (f.caughtByTest[slowedTest] ??= [0, 0]);
      byTest[1]++;
      if (detector.flags(past, slowedOf(first, slowedTest)).length > 0) {
        f.caughtFirst++;
        f.caughtWithinTwo++;
        byTest[0]++;
      } else if (
        detector.flags([...past, slowedOf(first, slowedTest)].slice(-k), slowedOf(second, slowedTest)).length > 0
      ) {
        f.caughtWithinTwo++;
        byTest[0]++;
      }
    });
  }
  return figures;
}
