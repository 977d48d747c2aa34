import type { RunRecord } from '../trends/index.js';

/** Measured durations per history key, from the last runs of the history. */
export interface RecordedDurations {
  /** The history file read. */
  file: string;
  /** Runs in the history, and how many of the newest were used. */
  runsInFile: number;
  runsUsed: number;
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
 * runs. It reads only `tests[].key` and `tests[].durationMs` (the final attempt's wall time). The median keeps one
 * slow run on a loaded machine from moving a test to another shard.
 */
export function recordedDurations(runs: readonly Pick<RunRecord, 'tests'>[], file: string, window: number): RecordedDurations {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`history window must be a positive integer, got ${window}`);
  const used = runs.slice(-window);
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
    medianMs: new Map([...samples].map(([key, list]) => [key, median(list)])),
  };
}
