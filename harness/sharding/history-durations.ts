import type { RunRecord } from '../trends/index.js';

/** Measured durations per history key, from the last runs of the history. */
export interface RecordedDurations {
  /** The history file read. */
  file: string;
  /** Runs in the history, and how many of the newest were used. */
  runsInFile: number;
  runsUsed: number;
  /** Runs left out because they were recorded at another STRESS_SCALE (their durations would mislead the plan). */
  otherScaleRuns: number;
  /** Runs at this scale left out because they ran with another worker count (tests sharing the cores take longer). */
  otherWorkersRuns: number;
  /** Runs left out because the machine was far more or less loaded than in the newest run (see `slowdownOf`). */
  otherLoadRuns: number;
  /**
   * Durations left out because they were recorded before the test's workload changed (its `workload-changed`
   * annotation), per history key: they measured another test under the same name.
   */
  staleDurations: ReadonlyMap<string, number>;
  /** Median wall ms of the final attempt over the runs used, per test key. */
  medianMs: ReadonlyMap<string, number>;
}

/** Median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

type HistoryRun = Pick<RunRecord, 'tests' | 'context'> & { readonly timestamp?: number };

/** Per history key, the instant (epoch ms) its test's workload last changed: durations recorded before it are stale. */
export type WorkloadChanges = ReadonlyMap<string, number>;

/**
 * Every history key of the tests that declare a workload change (their `workload-changed` annotation), with the
 * instant of the change; with `asOf`, only the changes made by then (a replay of an older run knows no later change).
 */
export function workloadChanges(
  groups: readonly { tests: readonly { historyKeys: readonly string[]; workloadChangedAt?: number }[] }[],
  asOf = Infinity,
): Map<string, number> {
  const changes = new Map<string, number>();
  for (const test of groups.flatMap((g) => g.tests))
    if (test.workloadChangedAt !== undefined && test.workloadChangedAt <= asOf)
      for (const key of test.historyKeys) changes.set(key, test.workloadChangedAt);
  return changes;
}

/** Whether a run recorded before `changedAt` (or at an unknown time, when there is a change to go by). */
function recordedBefore(run: HistoryRun, changedAt: number | undefined): boolean {
  return changedAt !== undefined && !(run.timestamp !== undefined && run.timestamp >= changedAt);
}

function durationsOf(run: HistoryRun, changes?: WorkloadChanges): Map<string, number> {
  const out = new Map<string, number>();
  for (const test of run.tests) {
    if (recordedBefore(run, changes?.get(test.key))) continue;
    if (typeof test.durationMs === 'number' && Number.isFinite(test.durationMs) && test.durationMs >= 0)
      out.set(test.key, test.durationMs);
  }
  return out;
}

/** How many recorded durations of each changed key the runs hold from before its change. */
function staleOf(runs: readonly HistoryRun[], changes: WorkloadChanges): Map<string, number> {
  const stale = new Map<string, number>();
  for (const run of runs)
    for (const test of run.tests)
      if (test.durationMs !== undefined && recordedBefore(run, changes.get(test.key)))
        stale.set(test.key, (stale.get(test.key) ?? 0) + 1);
  return stale;
}

function mediansOf(runs: readonly HistoryRun[], changes?: WorkloadChanges): Map<string, number> {
  const samples = new Map<string, number[]>();
  for (const run of runs) {
    for (const [key, ms] of durationsOf(run, changes)) samples.set(key, [...(samples.get(key) ?? []), ms]);
  }
  return new Map([...samples].map(([key, list]) => [key, median(list)]));
}

/**
 * How much slower than usual a run's tests ran: the median over its tests of its duration / that test's median in
 * `medians` (1: as usual, 3: three times slower, as on this 2-core machine at load average 18). Undefined when no test
 * of the run has a positive median to compare with.
 */
export function slowdownOf(
  run: HistoryRun,
  medians: ReadonlyMap<string, number>,
  changes?: WorkloadChanges,
): number | undefined {
  const ratios = [...durationsOf(run, changes)].flatMap(([key, ms]) => {
    const usual = medians.get(key);
    return usual !== undefined && usual > 0 ? [ms / usual] : [];
  });
  return ratios.length > 0 ? median(ratios) : undefined;
}

/**
 * The fewest runs a load-band plan rests on when the history has them: one run's per-test noise is large under load
 * (on 2026-12-06 one test took 17.7 s in one run and 2.5 to 5.7 s in the others), so a newest run alone in its band
 * is planned from the runs nearest to its load instead.
 */
export const MIN_SIMILAR_RUNS = 3;

/**
 * Each test's duration from the run history as `readRunHistory` returns it (oldest first), over the newest `window`
 * runs recorded at `scale` and with `workers` (when given). It reads only `tests[].key`, `tests[].durationMs` (the final
 * attempt's wall time) and the run's `context.scale` and `context.workers`. The median keeps one slow run on a loaded
 * machine from moving a test to another shard. With `loadBand` (e.g. 2), only the runs whose `slowdownOf` is within
 * that factor of the newest run's take part: on a shared machine load does not slow every test alike (on 2026-12-04
 * at load average 18 the two scaling tests ran 8x slower, the others about 3x), so a plan for the machine as it is
 * now comes from the runs that met a load like the newest one did (at least `MIN_SIMILAR_RUNS`: the nearest in load
 * when fewer fall in the band); the choice depends on the history file alone, so every shard makes it alike. With
 * `changes` (history key -> when that test's workload changed, from its `workload-changed` annotation), a test's durations recorded before its change count nowhere, neither in its median
 * nor in a run's slowdown: a test made four times cheaper would otherwise be planned at its old duration until its
 * new runs outnumbered the old in the window.
 */
export function recordedDurations(
  runs: readonly HistoryRun[],
  file: string,
  window: number,
  scale?: number,
  workers?: number | string,
  loadBand?: number,
  changes: WorkloadChanges = new Map(),
): RecordedDurations {
  if (!Number.isInteger(window) || window < 1)
    throw new RangeError(`history window must be a positive integer, got ${window}`);
  // A test's duration grows with the workload scale: plan a scale-1 run from scale-1 runs. Records written before
  // runs carried their context count as this scale (there is nothing else to go by).
  const sameScale =
    scale === undefined ? runs : runs.filter((run) => run.context === undefined || run.context.scale === scale);
  // Two workers on two loaded cores stretch every test: plan a 1-worker run from 1-worker runs.
  const comparable =
    workers === undefined
      ? sameScale
      : sameScale.filter((run) => run.context === undefined || String(run.context.workers) === String(workers));
  if (loadBand !== undefined && !(loadBand >= 1))
    throw new RangeError(`load band must be a factor of at least 1, got ${loadBand}`);
  let similar = comparable;
  const newest = comparable.at(-1);
  if (loadBand !== undefined && newest !== undefined) {
    const usual = mediansOf(comparable, changes);
    const now = slowdownOf(newest, usual, changes);
    if (now !== undefined) {
      const slowdowns = comparable.map((run) => slowdownOf(run, usual, changes));
      const within = comparable.filter((_, i) => {
        const f = slowdowns[i];
        return f === undefined || (f <= now * loadBand && f >= now / loadBand);
      });
      // The newest run alone (or nearly) in its band: its own per-test noise would be the plan. Take the runs nearest
      // to its load instead, the newer first on a tie, in history order.
      const distance = (i: number): number => Math.abs(Math.log((slowdowns[i] ?? now) / now));
      const nearest = new Set(
        comparable
          .map((_, i) => i)
          .sort((a, b) => distance(a) - distance(b) || b - a)
          .slice(0, MIN_SIMILAR_RUNS),
      );
      similar =
        within.length >= Math.min(MIN_SIMILAR_RUNS, comparable.length)
          ? within
          : comparable.filter((_, i) => nearest.has(i));
    }
  }
  const used = similar.slice(-window);
  return {
    file,
    runsInFile: runs.length,
    runsUsed: used.length,
    otherScaleRuns: runs.length - sameScale.length,
    otherWorkersRuns: sameScale.length - comparable.length,
    otherLoadRuns: comparable.length - similar.length,
    staleDurations: staleOf(used, changes),
    medianMs: mediansOf(used, changes),
  };
}
