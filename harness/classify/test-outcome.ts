/** Final verdict of one test over all its attempts in one run. */
export type TestOutcomeStatus = 'passed' | 'flaky' | 'failed' | 'broken' | 'timedOut' | 'skipped';

/** Why a failing attempt failed, when we can tell; drives the report's categories. */
export type FailureClass = 'timeout' | 'budget';

export interface TestOutcome {
  /** Stable across runs and shards (Allure's historyId, falling back to testCaseId, then fullName). */
  key: string;
  name: string;
  fullName: string;
  outcome: TestOutcomeStatus;
  attempts: number;
  /** Attempts (including retries) that ended in a timeout. */
  timedOutAttempts: number;
  failureClass?: FailureClass;
  /** Duration of the final attempt. */
  durationMs?: number;
  /** Message of the final attempt, when it did not pass. */
  message?: string;
}

/**
 * Run-level counters. `failed` counts every test whose final attempt did not pass (assertion failures, broken
 * and timed out); `timedOut` is the subset that timed out; `flaky` tests passed on a retry after failing and are
 * not in `passed`; `retried` counts tests that needed more than one attempt, whatever the outcome.
 */
export interface RunCounters {
  tests: number;
  passed: number;
  failed: number;
  flaky: number;
  retried: number;
  timedOut: number;
  skipped: number;
}

export interface ClassificationSummary {
  counters: RunCounters;
  /** One entry per test, sorted by key. */
  tests: TestOutcome[];
  /** Earliest start and latest stop over all attempts (epoch ms), when any attempt had them. */
  start?: number;
  stop?: number;
}
