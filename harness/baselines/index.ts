/**
 * Per-test performance baselines (duration, throughput, peak RSS) and regression checks. Each shard writes its
 * own part (its samples plus a calibration workload timed on the same machine in the same run); one merge
 * compares the parts with the median of the last k accepted runs, allowing a spread-scaled margin
 * (3 × 1.4826 × MAD, at least 15% of the median), and `acceptRun` folds the parts into the baselines file in one
 * atomic write. Durations and throughput are compared in calibration units, so a slower CI machine is not a
 * regression. Corrupt files stop everything with an error naming them.
 *
 * @example
 * ```ts
 * import { writeBaselinePart, checkRegressions, acceptRun } from './harness/baselines/index.js';
 * // in each shard, after `playwright test --shard 2/4`:
 * await writeBaselinePart({ resultsDir: 'reports/allure-results/shard-2-of-4', partsDir: 'reports/baselines/parts', shard: 'shard-2-of-4' });
 * // in the merge, before `allure generate`:
 * const report = await checkRegressions({ baselineFile: 'reports/baselines/baselines.json', partsDir: 'reports/baselines/parts', resultsDirs });
 * // `npm run baseline:update`:
 * await acceptRun({ baselineFile: 'reports/baselines/baselines.json', partsDir: 'reports/baselines/parts', keep: 10 });
 * ```
 */
export { runCalibration, calibrationWorkload, median } from './calibration.js';
export type { Calibration, CalibrationOptions } from './calibration.js';
export { judgeMetric } from './noise-model.js';
export type { MetricDirection, MetricJudgement, MetricVerdict, NoiseModelOptions } from './noise-model.js';
export { extractPerfSamples } from './perf-sample.js';
export type { PerfSample } from './perf-sample.js';
export { readBaselineParts, writeBaselinePart } from './baseline-part.js';
export type { BaselinePart, WriteBaselinePartOptions } from './baseline-part.js';
export { readBaselineFile, writeBaselineFile } from './baseline-file.js';
export type { AcceptedSample, BaselineFile, TestBaseline } from './baseline-file.js';
export { normalizeSample } from './normalize-sample.js';
export { compareRun } from './compare-run.js';
export type { BaselineMetric, MetricComparison, TestComparison } from './compare-run.js';
export { annotateRegressions, REGRESSION_ATTACHMENT_NAME } from './annotate-regressions.js';
export { checkRegressions } from './check-regressions.js';
export type { CheckRegressionsOptions, RegressionReport } from './check-regressions.js';
export { acceptRun } from './accept-run.js';
export type { AcceptRunOptions, AcceptRunResult } from './accept-run.js';
export { BaselineFileError } from './errors.js';
export type { BaselineErrorCode } from './errors.js';
