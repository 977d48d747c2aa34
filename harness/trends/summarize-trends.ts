import type { TestOutcomeStatus } from '../classify/index.js';
import type { RunRecord } from './run-record.js';

/** A test's history over the window; `absent` marks runs in which the test did not exist or was not run. */
export type TrendCell = TestOutcomeStatus | 'absent';

export interface TestTrend {
  key: string;
  name: string;
  fullName: string;
  /** One cell per run in the window, oldest first. */
  statuses: TrendCell[];
  /** Durations of the final attempt, aligned with `statuses` (undefined where absent). */
  durationsMs: (number | undefined)[];
  runs: number;
  flakyRuns: number;
  /** Runs whose final attempt did not pass (failed, broken or timed out). */
  failedRuns: number;
  /** Runs in which at least one attempt timed out (also when a retry then passed). */
  timedOutRuns: number;
  /** Every attempt that timed out, retries included. */
  timedOutAttempts: number;
  flakeRate: number;
  failRate: number;
  /** Share of runs that were not a clean first-try pass; the sort key. */
  instability: number;
}

/** Per-test trends over the last `lastN` runs, most unstable first. */
export function summarizeTrends(runs: readonly RunRecord[], lastN: number): TestTrend[] {
  const window = runs.slice(-Math.max(1, lastN));
  const byKey = new Map<string, { name: string; fullName: string }>();
  for (const run of window) for (const t of run.tests) byKey.set(t.key, { name: t.name, fullName: t.fullName });
  const trends = [...byKey.entries()].map(([key, names]) => trendOf(key, names, window));
  return trends.sort(
    (a, b) =>
      b.instability - a.instability ||
      b.flakeRate - a.flakeRate ||
      b.timedOutAttempts - a.timedOutAttempts ||
      a.fullName.localeCompare(b.fullName),
  );
}

function trendOf(key: string, names: { name: string; fullName: string }, window: readonly RunRecord[]): TestTrend {
  const entries = window.map((run) => run.tests.find((t) => t.key === key));
  const present = entries.filter((e) => e !== undefined);
  const count = (predicate: (outcome: TestOutcomeStatus) => boolean): number =>
    present.filter((e) => predicate(e.outcome)).length;
  const runs = present.length;
  const flakyRuns = count((o) => o === 'flaky');
  const failedRuns = count((o) => o === 'failed' || o === 'broken' || o === 'timedOut');
  const counted = runs - count((o) => o === 'skipped');
  return {
    key,
    ...names,
    statuses: entries.map((e) => e?.outcome ?? 'absent'),
    durationsMs: entries.map((e) => e?.durationMs),
    runs,
    flakyRuns,
    failedRuns,
    // A run counts as timed out when any attempt timed out, a flaky pass after a timeout included.
    timedOutRuns: present.filter((e) => e.timedOutAttempts > 0).length,
    timedOutAttempts: present.reduce((sum, e) => sum + e.timedOutAttempts, 0),
    flakeRate: counted > 0 ? flakyRuns / counted : 0,
    failRate: counted > 0 ? failedRuns / counted : 0,
    instability: counted > 0 ? (flakyRuns + failedRuns) / counted : 0,
  };
}
