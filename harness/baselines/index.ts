/**
 * Per-test performance baselines and a regression detector built for a shared, noisy machine. Each shard writes
 * its own part (the run id and context from the run manifest, and per test the CPU time, wall time and memory
 * growth of its own measured work); `checkRegressions` judges the parts against the accepted runs of the same
 * context (scale, workers, Node major, machine; others are refused with a note) with a one-sided t prediction band
 * over the history plus an effect-size floor, so a regression must be both significant and large; a metric that
 * moved in its better direction never is one. CPU time and memory growth are judged; wall time is reported.
 * `acceptRun` folds the parts into the baselines file in one atomic write, refusing a run it already holds and,
 * without `force`, one with failures or regressions. Every file read is validated (zod); a bad one is an error
 * naming the file and the field.
 *
 * @example
 * ```ts
 * import { writeBaselinePart, checkRegressions, acceptRun } from './harness/baselines/index.js';
 * const paths = reportPaths(root);
 * // in each shard, after `playwright test --shard 2/4`:
 * await writeBaselinePart({ resultsDir, partsDir: paths.baselinePartsDir, shard: 'shard-2-of-4', manifestFile: paths.runManifest });
 * // in the merge, before `allure generate`:
 * const report = await checkRegressions({ baselineFile: paths.baselineFile, partsDir: paths.baselinePartsDir, resultsDirs });
 * console.log(report.summary); // "insufficient history (1 of 3 accepted runs)", "none in 23 judged", ...
 * // `npm run baseline:update`:
 * await acceptRun({ baselineFile: paths.baselineFile, partsDir: paths.baselinePartsDir, keep: 10 });
 * ```
 */
export { DEFAULT_METRIC_SPECS, judgeMetric } from './detector.js';
export type { DetectorOptions, DetectorVerdict, HistoryPoint, MetricSpec, WorkMetric } from './detector.js';
export { judgeRun } from './judge-run.js';
export type { JudgeRunOptions, RunJudgement, RunJudgementStatus, TestJudgement } from './judge-run.js';
export { extractRunSamples } from './perf-sample.js';
export type { RunSamples } from './perf-sample.js';
export { readBaselineParts, runIdOfParts, writeBaselinePart } from './baseline-part.js';
export type { WriteBaselinePartOptions } from './baseline-part.js';
export { readBaselineFile, writeBaselineFile } from './baseline-file.js';
export type {
  AcceptedRun,
  AcceptedSample,
  BaselineFile,
  BaselinePart,
  MeasuredFigures,
  PerfSample,
  StoredRunContext,
  TestBaseline,
} from './types.js';
export { captureRunContext, contextDifferences, runIdFromResults } from './run-context.js';
export {
  annotateRegressions,
  REGRESSED_METRIC_LABEL,
  REGRESSION_ATTACHMENT_NAME,
  REGRESSION_TABLE_NAME,
} from './annotate-regressions.js';
export { renderVerdictHtml } from './render-verdict-html.js';
export { checkRegressions } from './check-regressions.js';
export type { CheckRegressionsOptions, RegressionReport } from './check-regressions.js';
export { acceptRun, MAX_KEEP, validateKeep } from './accept-run.js';
export type { AcceptRunOptions, AcceptRunResult } from './accept-run.js';
export { BaselineFileError, BaselineRefusedError } from './errors.js';
export type { BaselineErrorCode, BaselineRefusalCode } from './errors.js';
