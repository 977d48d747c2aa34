/**
 * The report pipeline: the `reports/` paths, the run manifest (the run's id and context, written once when a run
 * starts), and the post-run sequence that `npm run stress`, `stress:shards` (and its `merge`) and `npm run report`
 * share: check every data file, restore the results as the tests left them, baseline parts, classify,
 * regressions, the run's history line, `allure generate`. Building twice from the same results changes neither
 * history nor any annotation.
 *
 * Lower layers (trends, baselines) that need the paths or the run context import `./paths.js` and
 * `./run-manifest.js` directly: this index imports them (through post-run.ts), so going through it would be a cycle.
 *
 * @example
 * ```ts
 * import { reportPaths, runPostRun } from './harness/pipeline/index.js';
 * const { built, recorded } = await runPostRun({ projectRoot: '.', writeParts: true });
 * // a rebuild from the same results: the same history, the same annotations
 * await runPostRun({ projectRoot: '.' });
 * ```
 */
export { reportPaths, type ReportPaths } from './paths.js';
export {
  RUN_ID_ENV,
  createRunManifest,
  ensureRunManifest,
  gitCommit,
  machineFingerprint,
  readRunManifest,
  workersFromEnv,
  writeRunManifest,
  type CreateRunManifestOptions,
  type EnsureRunManifestOptions,
  type RunContext,
  type RunManifest,
} from './run-manifest.js';
export { SHARD_RUN_FILE, readShardRun, writeShardRun, type ShardRun } from './shard-run.js';
export { resolveRunIdentity, type RunIdentity } from './run-identity.js';
export { readAllureHistory, type AllureHistoryEntry, type AllureHistoryFile } from './allure-history.js';
export { snapshotPathOf } from './results-snapshot.js';
export { createQaReportHooks, findingsByKey, regressionSummaryLine, type QaReportHooks, type QaReportHooksOptions } from './qa-report-hooks.js';
export { checkKeptFiles, runPostRun, type PostRunOptions, type PostRunResult } from './post-run.js';
export { exitCodeOf, trapInterrupts, type Interrupts, type StopSignal, type TrapInterruptsOptions } from './interrupts.js';
