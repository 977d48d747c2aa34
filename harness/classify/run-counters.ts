import { join } from 'node:path';
import type { ClassificationSummary, RunCounters } from './test-outcome.js';
import { writeFileAtomic } from '../../engines/common/index.js';

/**
 * Fixed name ending in `-perf.json`: Allure 3 reads any such file as run-level metrics and trends them over
 * its history. A fixed name means classifying twice overwrites instead of double-counting.
 */
export const RUN_COUNTERS_FILE = 'maestro-run-counters-perf.json';

const TITLES: Record<keyof RunCounters, string> = {
  tests: 'Tests',
  passed: 'Passed',
  failed: 'Failed (incl. timed out)',
  flaky: 'Flaky',
  retried: 'Retried',
  timedOut: 'Timed out',
  skipped: 'Skipped',
};

/** Allure performance records (`[{id, key, value, start, stop}]`) for the run counters. */
export function toPerfMetrics(summary: ClassificationSummary, now: number): Record<string, unknown>[] {
  const start = summary.start ?? now;
  const stop = summary.stop ?? now;
  const counters = (Object.keys(TITLES) as (keyof RunCounters)[]).map((name) => ({
    id: `maestro.run.${name}`,
    key: `maestro.run.${name}`,
    value: summary.counters[name],
    start,
    stop,
    title: TITLES[name],
    unit: 'tests',
    group: 'maestro.run',
    groupTitle: 'Run counters',
    better: name === 'passed' || name === 'tests' ? 'higher' : 'lower',
  }));
  // `timedOut` counts final timeouts; a test whose first attempt timed out and whose retry passed is flaky,
  // and its timeout is counted here, the figure the trends view shows per run.
  counters.push({
    id: `maestro.run.${TIMED_OUT_ANY_ATTEMPT}`,
    key: `maestro.run.${TIMED_OUT_ANY_ATTEMPT}`,
    value: testsWithTimedOutAttempt(summary),
    start,
    stop,
    title: 'Timed out in any attempt (incl. passed on retry)',
    unit: 'tests',
    group: 'maestro.run',
    groupTitle: 'Run counters',
    better: 'lower',
  });
  return counters;
}

/** Counter key (after `maestro.run.`) of the tests with at least one timed-out attempt. */
export const TIMED_OUT_ANY_ATTEMPT = 'timedOutAnyAttempt';

/** Tests with at least one timed-out attempt, whatever their final outcome. */
export function testsWithTimedOutAttempt(summary: Pick<ClassificationSummary, 'tests'>): number {
  return summary.tests.filter((t) => t.timedOutAttempts > 0).length;
}

/** Writes the counters file into one results folder (only one, or Allure would add them up). */
export async function writeRunCounters(dir: string, summary: ClassificationSummary, now: number): Promise<string> {
  const path = join(dir, RUN_COUNTERS_FILE);
  await writeFileAtomic(path, `${JSON.stringify(toPerfMetrics(summary, now), null, 2)}\n`);
  return path;
}
