import type { ResultFile } from './allure-result.js';
import { classifyAttemptFailure, retryIndexOf, testKeyOf } from './classify-attempt.js';
import type { ClassificationSummary, RunCounters, TestOutcome, TestOutcomeStatus } from './test-outcome.js';

/** The attempts of one test, first attempt first. */
export interface TestAttempts {
  key: string;
  attempts: ResultFile[];
}

/** Groups result files by test key; attempts are ordered by retry index, then start time. */
export function groupAttempts(files: readonly ResultFile[]): TestAttempts[] {
  const byKey = new Map<string, ResultFile[]>();
  for (const file of files) {
    const key = testKeyOf(file.result);
    const list = byKey.get(key) ?? [];
    list.push(file);
    byKey.set(key, list);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, attempts]) => ({
      key,
      attempts: attempts.sort(
        (a, b) => retryIndexOf(a.result) - retryIndexOf(b.result) || (a.result.start ?? 0) - (b.result.start ?? 0),
      ),
    }));
}

/** Decides the outcome of one test from its attempts. */
export function summarizeTest({ key, attempts }: TestAttempts): TestOutcome {
  const final = attempts[attempts.length - 1];
  if (final === undefined) throw new RangeError(`test ${key} has no attempts`);
  const result = final.result;
  const failureClass = classifyAttemptFailure(result);
  const earlierFailed = attempts.slice(0, -1).some((a) => a.result.status === 'failed' || a.result.status === 'broken');
  const outcome = outcomeOf(result.status, earlierFailed, failureClass === 'timeout');
  const durationMs =
    result.start !== undefined && result.stop !== undefined ? Math.max(0, result.stop - result.start) : undefined;
  return {
    key,
    name: result.name ?? key,
    fullName: result.fullName ?? result.name ?? key,
    outcome,
    attempts: attempts.length,
    timedOutAttempts: attempts.filter((a) => classifyAttemptFailure(a.result) === 'timeout').length,
    ...(failureClass !== undefined ? { failureClass } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(outcome !== 'passed' && outcome !== 'flaky' && result.statusDetails?.message !== undefined
      ? { message: result.statusDetails.message }
      : {}),
  };
}

function outcomeOf(status: string | undefined, earlierFailed: boolean, timedOut: boolean): TestOutcomeStatus {
  switch (status) {
    case 'passed':
      return earlierFailed ? 'flaky' : 'passed';
    case 'skipped':
      return 'skipped';
    case 'failed':
      return timedOut ? 'timedOut' : 'failed';
    default:
      return timedOut ? 'timedOut' : 'broken';
  }
}

/** Counts outcomes and spans of a whole run. */
export function summarizeRun(groups: readonly TestAttempts[]): ClassificationSummary {
  const tests = groups.map(summarizeTest);
  const counters: RunCounters = {
    tests: tests.length,
    passed: 0,
    failed: 0,
    flaky: 0,
    retried: 0,
    timedOut: 0,
    skipped: 0,
  };
  for (const t of tests) {
    if (t.attempts > 1) counters.retried += 1;
    if (t.outcome === 'passed') counters.passed += 1;
    else if (t.outcome === 'flaky') counters.flaky += 1;
    else if (t.outcome === 'skipped') counters.skipped += 1;
    else {
      counters.failed += 1;
      if (t.outcome === 'timedOut') counters.timedOut += 1;
    }
  }
  const starts = groups.flatMap((g) => g.attempts.map((a) => a.result.start)).filter(isNumber);
  const stops = groups.flatMap((g) => g.attempts.map((a) => a.result.stop)).filter(isNumber);
  return {
    counters,
    tests,
    ...(starts.length > 0 ? { start: Math.min(...starts) } : {}),
    ...(stops.length > 0 ? { stop: Math.max(...stops) } : {}),
  };
}

function isNumber(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
