/**
 * The post-run sequence that `npm run stress`, `stress:shards` (and its `merge`) and `npm run report` share: check
 * every data file, restore the results as the tests left them, baseline parts, classify, regressions, the run's
 * history line, `allure generate`. Building twice from the same results changes neither history nor any
 * annotation; an incomplete run is built and recorded nowhere. (Its own door beside `../index.ts`: it imports the
 * stages, which import that one.)
 *
 * @example
 * ```ts
 * import { runPostRun } from './harness/pipeline/post-run/index.js';
 * const { built, recorded } = await runPostRun({ projectRoot: '.', writeParts: true });
 * // a rebuild from the same results: the same history, the same annotations
 * await runPostRun({ projectRoot: '.' });
 * ```
 */
export { checkKeptFiles, runPostRun, type PostRunOptions, type PostRunResult } from './post-run.js';
export {
  createQaReportHooks,
  findingsByKey,
  hasBaselineParts,
  regressionSummaryLine,
  type QaReportHooks,
  type QaReportHooksOptions,
} from './qa-report-hooks.js';
