/**
 * Report: per-test evidence (metrics JSON, timeline SVG, budget table, Allure labels and `*-perf.json`
 * metrics) and the run's Allure 3 HTML report (one generate over every shard, analytics stripped,
 * served on 127.0.0.1).
 *
 * @example
 * ```ts
 * import { buildReport, serveReport } from '../report/index.js';
 * const built = await buildReport({ projectRoot: process.cwd() });
 * const server = await serveReport({ root: built.outputDir });
 * console.log(`report at ${server.url}`);
 * await server.close();
 * ```
 */
export { downsampleTimeline } from './downsample.js';
export { renderTimelineSvg } from './timeline-svg.js';
export type { TimelineSvgOptions } from './timeline-svg.js';
export { renderBudgetTableHtml, renderBudgetTableMarkdown } from './budget-table.js';
export { toAllurePerfMetrics, writePerfMetricsFile } from './allure-perf-metrics.js';
export type { AllurePerfMetric } from './allure-perf-metrics.js';
export { STRESS_CATEGORIES, parseTestId } from './stress-meta.js';
export type { StressCategory, StressMeta, StressSeverity } from './stress-meta.js';
export { STRESS_TAGS, applyAllureLabels } from './allure-labels.js';
export { PERF_ATTACHMENTS, attachPerfEvidence, findAllureResultsDir } from './attach-perf-evidence.js';
export type { PerfEvidence } from './attach-perf-evidence.js';
export { parseShardArg, shardFolderName } from './shard-folder.js';
export type { ShardSpec } from './shard-folder.js';
export { stripAnalytics, stripAnalyticsInDir } from './strip-analytics.js';
export { buildReport, listResultsDirs } from './build-report.js';
export { finishReportPages } from './finish-report-pages.js';
export type { FinishReportPagesOptions, FinishedReportPages } from './finish-report-pages.js';
export type { BuildReportOptions, BuiltReport } from './build-report.js';
export { serveReport } from './serve-report.js';
export type { ReportServer, ServeReportOptions } from './serve-report.js';
export { ReportError } from './report-errors.js';
export type { ReportErrorCode } from './report-errors.js';
