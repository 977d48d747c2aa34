/**
 * Run history and the trends view QA browses offline: per test over the last N runs, the status sequence,
 * flake rate, timeouts and an inline SVG duration sparkline, most unstable first. The history is our own JSONL
 * (one run per line, limited), kept under reports/ next to Allure's history, whose format is internal.
 *
 * @example
 * ```ts
 * import { classifyResults } from './harness/classify/index.js';
 * import { recordRun, writeTrendsView } from './harness/trends/index.js';
 * const summary = await classifyResults(dirs);
 * await recordRun(summary, { runsFile: 'reports/history/runs.jsonl', limit: 50 });
 * // each test's history on its own Allure page (its descriptionHtml), before `allure generate`:
 * await writeTestHistoryViews(dirs, await readRunHistory('reports/history/runs.jsonl'), { lastN: 20 });
 * const draft = await writeTrendsView({ runsFile: 'reports/history/runs.jsonl', outDir: 'reports/trends', lastN: 20 });
 * await writeTrendsGlobalAttachment(dirs[0], draft); // shows in the report's Global Attachments tab
 * // after `allure generate` (which empties its output folder):
 * const page = await writeTrendsView({ runsFile: 'reports/history/runs.jsonl', outDir: 'reports/allure-report/trends', lastN: 20, reportHref: '../index.html' });
 * ```
 */
export { recordRun, toRunRecord } from './record-run.js';
export type { RecordRunOptions, RunRecordExtras } from './record-run.js';
export { appendRunRecord, readRunHistory, DEFAULT_RUNS_LIMIT } from './run-history.js';
export type { AppendRunOptions } from './run-history.js';
export type { MeasuredWork, MetricVerdict, RunRecord, TestRunEntry } from './run-record.js';
export { summarizeTrends } from './summarize-trends.js';
export type { TestTrend, TrendCell } from './summarize-trends.js';
export { renderTrendsHtml } from './render-trends-html.js';
export type { RenderTrendsOptions } from './render-trends-html.js';
export { allureTestPageHrefs, writeTrendsView } from './write-trends-view.js';
export { writeTestHistoryViews } from './write-test-history.js';
export type { WriteTestHistoryOptions } from './write-test-history.js';
export { HISTORY_SECTION_MARKER, renderTestHistoryHtml, trendsRunAnchorOf } from './render-test-history.js';
export type { RenderTestHistoryOptions } from './render-test-history.js';
export type { WriteTrendsViewOptions } from './write-trends-view.js';
export { RunHistoryError } from './errors.js';
export type { TrendsErrorCode } from './errors.js';
export {
  TRENDS_ATTACHMENT_NAME,
  TRENDS_GLOBALS_FILE,
  writeTrendsGlobalAttachment,
} from './trends-global-attachment.js';
