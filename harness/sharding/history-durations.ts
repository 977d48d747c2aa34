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
  /** Median wall ms of the final attempt over the runs used, per test key. */
  medianMs: ReadonlyMap<string, number>;
}

/** Median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * Each test's duration from the run history as `readRunHistory` returns it (oldest first), over the newest `window`
 * runs recorded at `scale` and with `workers` (when given). It reads only `tests[].key`, `tests[].durationMs` (the final
 * attempt's wall time) and the run's `context.scale` and `context.workers`. The median keeps one slow run on a loaded
 * machine from moving a test to another shard.
 */
export function recordedDurations(
  runs: readonly Pick<RunRecord, 'tests' | 'context'>[], file: string, window: number, scale?: number, workers?: number | string,
): RecordedDurations {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`history window must be a positive integer, got ${window}`);
  // A test's duration grows with the workload scale: plan a scale-1 run from scale-1 runs. Records written before
  // runs carried their context count as this scale (there is nothing else to go by).
  const sameScale = scale === undefined ? runs : runs.filter((run) => run.context === undefined || run.context.scale === scale);
  // Two workers on two loaded cores stretch every test: plan a 1-worker run from 1-worker runs.
  const comparable = workers === undefined ? sameScale : sameScale.filter((run) => run.context === undefined || String(run.context.workers) === String(workers));
  const used = comparable.slice(-window);
  const samples = new Map<string, number[]>();
  for (const run of used) {
    for (const test of run.tests) {
      if (typeof test.durationMs !== 'number' || !Number.isFinite(test.durationMs) || test.durationMs < 0) continue;
      const list = samples.get(test.key) ?? [];
      list.push(test.durationMs);
      samples.set(test.key, list);
    }
  }
  return {
    file,
    runsInFile: runs.length,
    runsUsed: used.length,
    otherScaleRuns: runs.length - sameScale.length,
    otherWorkersRuns: sameScale.length - comparable.length,
    medianMs: new Map([...samples].map(([key, list]) => [key, median(list)])),
  };
}
