import { mkdir, readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  readBaselineFile,
  readBaselineParts,
  writeBaselinePart,
  type RegressionReport,
} from '../../baselines/index.js';
import { readResultFiles, type ClassificationSummary } from '../../classify/index.js';
import { loadQuarantineTrendMarker } from '../../quarantine/index.js';
import { buildReport, listResultsDirs, ReportError, type BuiltReport } from '../../report/index.js';
import { readRunHistory, type RunRecord } from '../../trends/index.js';
import {
  allureIdsOf,
  dropEntries,
  entriesOfResults,
  keepFirstEntryOfResults,
  readAllureHistory,
  restoreAllureHistory,
  type AllureHistoryFile,
} from '../index.js';
import { reportPaths, type ReportPaths } from '../index.js';
import { createQaReportHooks, hasBaselineParts } from './qa-report-hooks.js';
import { resolveRunIdentity, type RunIdentity } from '../index.js';
import { readRunManifest } from '../index.js';
import { applyResultsRestore, planResultsRestore } from '../index.js';
import { readShardRun } from '../index.js';
import { errorMessage } from '../../../engines/common/index.js';

export interface PostRunOptions {
  /** Repository root: holds allurerc.* and `reports/`. */
  projectRoot: string;
  /** Default `reportPaths(projectRoot)`. */
  paths?: ReportPaths;
  /**
   * Write each results folder's baseline part first (its tests' measured work, with the run's id and context):
   * right after the tests ran (`npm run stress`). A rebuild (`npm run report`) leaves the parts as they are.
   */
  writeParts?: boolean;
  /**
   * False for a run that was interrupted or whose shard merge failed its count check: the report of what ran is
   * built, but neither our run history nor Allure's records it.
   */
  complete?: boolean;
  /** Default: Allure's own lookup of allurerc.* in projectRoot. */
  configPath?: string;
  stdio?: 'inherit' | 'ignore';
  signal?: AbortSignal;
  lastN?: number;
  runsLimit?: number;
  trendsHref?: string;
  /** Problems that do not stop the build (a folder without a baseline part); default stderr. */
  warn?: (line: string) => void;
}

export interface PostRunResult {
  built: BuiltReport;
  identity: RunIdentity;
  /** Whether this build wrote the run into the history (false: an incomplete run). */
  recorded: boolean;
  /** Allure history lines of earlier builds of these same results (dropped during the generate, then put back: the run is kept once). */
  replacedAllureEntries: number;
  summary?: ClassificationSummary;
  regressions?: RegressionReport;
  record?: RunRecord;
}

/**
 * The post-run sequence every entry point shares (`npm run stress`, `stress:shards` and its `merge`, `npm run
 * report`): read and check every data file, then write. In order:
 *
 * 1. validate: the run manifest, each folder's shard record and results (and their snapshots), the run history,
 *    Allure's history, the baselines and parts, quarantine.yaml. A bad file stops the build here with an error
 *    naming file (and line), before anything is written.
 * 2. put each results folder back as the tests left it (or snapshot it, the first time);
 * 3. baseline parts (only right after a run: `writeParts`);
 * 4. drop Allure history lines appended by earlier builds of these results (put back after the generate);
 * 5. classify, regressions, the run's history line (replacing one with the same run id), the trends draft;
 * 6. `allure generate` (one over all folders), analytics stripped, the trends page inside the report.
 *
 * So building twice from the same results leaves the run history, Allure's history and the results' annotations
 * as one build does. An incomplete run (`complete: false`) is built but recorded in neither history.
 */
export async function runPostRun(options: PostRunOptions): Promise<PostRunResult> {
  const paths = options.paths ?? reportPaths(options.projectRoot);
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const complete = options.complete !== false;
  const resultsDirs = await listResultsDirs(paths.allureResults);
  if (resultsDirs.length === 0)
    throw new ReportError('NO_RESULTS', `no Allure results under ${paths.allureResults}: run the tests first`);

  // 1. Read everything the build will read, so a corrupt file stops it before the first write.
  const manifest = await readRunManifest(paths.runManifest);
  const shardRuns = await Promise.all(resultsDirs.map((dir) => readShardRun(dir)));
  const results = await readResultFiles(resultsDirs);
  const restorePlan = await planResultsRestore(resultsDirs, paths.resultsSnapshots);
  const { allureHistory } = await checkKeptFiles(paths);
  if (options.writeParts !== true && (await hasBaselineParts(paths.baselinePartsDir)))
    await readBaselineParts(paths.baselinePartsDir);
  const marks = await loadQuarantineTrendMarker(options.projectRoot);

  // 2. The results as the tests left them: every build post-processes the same input.
  await applyResultsRestore(restorePlan);

  const identity = resolveRunIdentity({ manifest, shardRuns, resultUuids: results.map((r) => r.result.uuid) });

  // 3. Right after a run: this run's measurements per folder, under the run's id and context, so the detector
  // compares like with like and baseline:update can refuse a run it already holds.
  if (options.writeParts === true) await writeBaselineParts(resultsDirs, paths.baselinePartsDir, identity, warn);

  // 4. Allure appends a line on every generate: drop the lines of earlier builds of these same results first.
  const earlier = entriesOfResults(allureHistory, allureIdsOf(results.map((r) => r.result.uuid)));
  const replacedAllureEntries = complete ? await dropEntries(allureHistory, earlier) : 0;

  // 5 and 6.
  const hooks = createQaReportHooks({
    projectRoot: options.projectRoot,
    paths,
    identity,
    record: complete,
    marks,
    ...(options.lastN !== undefined ? { lastN: options.lastN } : {}),
    ...(options.runsLimit !== undefined ? { runsLimit: options.runsLimit } : {}),
    ...(options.trendsHref !== undefined ? { trendsHref: options.trendsHref } : {}),
  });
  let built: BuiltReport;
  try {
    built = await buildReport({
      projectRoot: options.projectRoot,
      resultsRoot: paths.allureResults,
      outputDir: paths.allureReport,
      beforeGenerate: hooks.beforeGenerate,
      afterGenerate: hooks.afterGenerate,
      ...(options.configPath !== undefined ? { configPath: options.configPath } : {}),
      ...(options.stdio !== undefined ? { stdio: options.stdio } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
  } catch (error) {
    // A failed or aborted generate leaves Allure's history as it was read (the lines dropped in step 4 included).
    await restoreAllureHistory(allureHistory);
    throw error;
  }
  // Allure appended this build's line whatever we do. An unrecorded run gets the history back as it was; a rebuild
  // gets it back with the run's line as its first build wrote it (so the file does not change at all).
  if (!complete) await restoreAllureHistory(allureHistory);
  else if (replacedAllureEntries > 0) await keepFirstEntryOfResults(allureHistory, earlier);
  return { built, identity, recorded: complete, replacedAllureEntries, ...hooks.outcome() };
}

/**
 * Reads and checks the files a run keeps across runs (our run history, Allure's history, the baselines). The
 * post-run sequence does it first; `npm run stress` and `stress:shards` also do it before the suite starts, so a
 * corrupt history stops them in a second instead of after the whole run.
 */
export async function checkKeptFiles(paths: ReportPaths): Promise<{ allureHistory: AllureHistoryFile }> {
  await readRunHistory(paths.runsFile);
  const allureHistory = await readAllureHistory(paths.allureHistoryFile);
  await readBaselineFile(paths.baselineFile);
  return { allureHistory };
}

async function emptyDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await Promise.all((await readdir(dir)).map((name) => rm(join(dir, name), { recursive: true, force: true })));
}

async function writeBaselineParts(
  resultsDirs: readonly string[],
  partsDir: string,
  identity: RunIdentity,
  warn: (line: string) => void,
): Promise<void> {
  await emptyDir(partsDir);
  for (const resultsDir of resultsDirs) {
    try {
      await writeBaselinePart({
        resultsDir,
        partsDir,
        shard: basename(resultsDir),
        runId: identity.runId,
        ...(identity.context !== undefined ? { context: identity.context } : {}),
      });
    } catch (error) {
      // Regressions are advisory; the test results are not: the report is still built.
      warn(`no baseline part for ${resultsDir}: ${errorMessage(error)}`);
    }
  }
}
