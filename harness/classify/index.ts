/**
 * Post-processing of Allure results after the shards ran and before `allure generate`: flaky flag for
 * fail-then-pass-on-retry, categories for timeouts, budget failures and regressions, and the run-level counters
 * (tests, passed, failed, flaky, retried, timed out) as an Allure `*-perf.json` so they trend over history.
 *
 * @example
 * ```ts
 * import { classifyResults, reportCategories } from './harness/classify/index.js';
 * const summary = await classifyResults(['reports/allure-results/shard-1-of-2', 'reports/allure-results/shard-2-of-2'], {
 *   trendsHref: 'https://qa.example.org/maestro/trends/index.html', // optional: only absolute URLs render
 * });
 * console.log(summary.counters); // { tests: 40, passed: 37, failed: 1, flaky: 2, retried: 3, timedOut: 1, skipped: 0 }
 * // allurerc: export default { categories: { rules: [...reportCategories] }, ... }
 * ```
 */
export { classifyResults } from './classify-results.js';
export type { ClassifyOptions } from './classify-results.js';
export type {
  ClassificationSummary,
  FailureClass,
  RunCounters,
  TestOutcome,
  TestOutcomeStatus,
} from './test-outcome.js';
export { reportCategories } from './categories.js';
export { RUN_COUNTERS_FILE, TIMED_OUT_ANY_ATTEMPT, testsWithTimedOutAttempt, toPerfMetrics } from './run-counters.js';
export { readResultFiles } from './read-results.js';
export { ResultsReadError } from './errors.js';
export type { ResultsErrorCode } from './errors.js';
export type {
  AllureAttachmentRef,
  AllureLabel,
  AllureLink,
  AllureResult,
  AllureStatus,
  AllureStep,
  ResultFile,
} from './allure-result.js';
export { FAILURE_CLASS_LABEL, addLabelOnce, addLinkOnce, trendsAnchorOf } from './annotate-result.js';
export { classifyAttemptFailure, retryIndexOf, testKeyOf } from './classify-attempt.js';
export { groupAttempts, summarizeRun } from './summarize-attempts.js';
export type { TestAttempts } from './summarize-attempts.js';
export { countTests, listedTestKeys } from './count-tests.js';
export type { PlaywrightListSuite, TestCountReport } from './count-tests.js';
export { FLAKY_MESSAGE_PREFIX, SHARD_LABEL, shardOfResultsDir } from './normalize-result.js';
export { keepFlakyInAllureHistory } from './keep-flaky-in-history.js';
