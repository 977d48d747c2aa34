/**
 * The report pipeline's foundations: the `reports/` paths, the run manifest (the run's id and context, written
 * once when a run starts), each results folder's shard record, the run identity, Allure's history file, the
 * results snapshots and the CLIs' signal policy. Nothing here imports the stages (classify, baselines, trends,
 * report), so every stage may import this door. The post-run sequence itself, which imports the stages, has its own
 * door: `./post-run/index.ts`.
 *
 * @example
 * ```ts
 * import { reportPaths, readRunManifest } from './harness/pipeline/index.js';
 * const paths = reportPaths('.');
 * const manifest = await readRunManifest(paths.runManifest); // { runId, createdAt, context } or undefined
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
  runContextSchema,
  runManifestSchema,
  writeRunManifest,
  type CreateRunManifestOptions,
  type EnsureRunManifestOptions,
  type RunContext,
  type RunManifest,
} from './run-manifest.js';
export { SHARD_RUN_FILE, readShardRun, writeShardRun, type ShardRun } from './shard-run.js';
export { resolveRunIdentity, type RunIdentity } from './run-identity.js';
export {
  allureIdsOf,
  dropEntries,
  entriesOfResults,
  keepFirstEntryOfResults,
  readAllureHistory,
  restoreAllureHistory,
  type AllureHistoryEntry,
  type AllureHistoryFile,
} from './allure-history.js';
export { applyResultsRestore, planResultsRestore, snapshotPathOf, type FolderRestorePlan } from './results-snapshot.js';
export {
  exitCodeOf,
  trapInterrupts,
  type Interrupts,
  type StopSignal,
  type TrapInterruptsOptions,
} from './interrupts.js';
export {
  RUN_LOCK_OWNER_ENV,
  RunLockError,
  acquireRunLock,
  isLockHeldBy,
  type RunLock,
  type RunLockHolder,
} from './run-lock.js';
export { ScaleError, WorkersError, readScaleFromEnv, readWorkersFromEnv, scaled } from './env-knobs.js';
