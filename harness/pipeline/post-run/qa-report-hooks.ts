import { readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { checkRegressions, type RegressionReport } from '../../baselines/index.js';
import {
  classifyResults,
  groupAttempts,
  keepFlakyInAllureHistory,
  readResultFiles,
  type ClassificationSummary,
} from '../../classify/index.js';
import { loadQuarantineTrendMarker, type TrendMarker } from '../../quarantine/index.js';
import { finishReportPages } from '../../report/index.js';
import {
  readRunHistory,
  recordRun,
  toRunRecord,
  writeTestHistoryViews,
  writeTrendsGlobalAttachment,
  writeTrendsView,
  type MeasuredWork,
  type MetricVerdict,
  type RunRecord,
  type RunRecordExtras,
  type TestRunEntry,
} from '../../trends/index.js';
import { reportPaths, type ReportPaths } from '../index.js';
import type { RunIdentity } from '../index.js';

export interface QaReportHooksOptions {
  /** Repository root; `paths` defaults to `reportPaths(projectRoot)`. */
  projectRoot: string;
  paths?: ReportPaths;
  runsLimit?: number;
  lastN?: number;
  /** Absolute URL of the published trends page, for per-test links (see ClassifyOptions.trendsHref). */
  trendsHref?: string;
  /** Which run this is (id, context, seeds); without it the record's id is derived from the results' time span. */
  identity?: RunIdentity;
  /** False for a run that did not finish or failed its merge check: the report is built, the history is not touched. */
  record?: boolean;
  /** Preloaded (and so already validated) quarantine marker; loaded from quarantine.yaml when absent. */
  marks?: TrendMarker;
}

export interface QaReportHooks {
  /** Pass as `beforeGenerate` to the report build: classify, regressions, record the run, trends attachment. */
  beforeGenerate: (resultsDirs: readonly string[]) => Promise<void>;
  /** Pass as `afterGenerate`: writes `<report>/trends/index.html`. */
  afterGenerate: (outputDir: string) => Promise<void>;
  /** What the last build found; `record` is the history line written (or, for an unrecorded run, the one it would be). */
  outcome: () => { summary?: ClassificationSummary; regressions?: RegressionReport; record?: RunRecord };
}

/**
 * The QA post-processing steps of the pipeline, shaped as the report build's two hooks: classify (flaky flags,
 * timeout/budget categories, run counters), regressions against the baselines, this run's line in the history,
 * the trends draft as a global attachment; after Allure has generated, the trends page inside the report.
 * `runPostRun` (post-run.ts) calls them after restoring the results, so each step sees the results as the tests
 * left them.
 */
export function createQaReportHooks(options: QaReportHooksOptions): QaReportHooks {
  const paths = options.paths ?? reportPaths(options.projectRoot);
  const lastN = options.lastN ?? 20;
  let summary: ClassificationSummary | undefined;
  let regressions: RegressionReport | undefined;
  let record: RunRecord | undefined;
  const marker = async (): Promise<TrendMarker> =>
    options.marks ?? (await loadQuarantineTrendMarker(options.projectRoot));
  return {
    beforeGenerate: async (resultsDirs) => {
      summary = await classifyResults(
        resultsDirs,
        options.trendsHref !== undefined ? { trendsHref: options.trendsHref } : {},
      );
      if (await hasBaselineParts(paths.baselinePartsDir)) {
        const identity = options.identity;
        // The run's id and context let the detector leave this run's own accepted samples out and refuse a comparison
        // across scales or workers (optional fields of its options).
        const check = {
          baselineFile: paths.baselineFile,
          partsDir: paths.baselinePartsDir,
          resultsDirs,
          ...(identity !== undefined ? { runId: identity.runId } : {}),
          ...(identity?.context !== undefined ? { context: identity.context } : {}),
        };
        regressions = await checkRegressions(check);
      }
      const extras = await recordExtras(resultsDirs, regressions, options.identity, options.record !== false);
      const identity = options.identity;
      const recordOptions = { ...(identity !== undefined ? { runId: identity.runId } : {}), extras };
      record =
        options.record === false
          ? toRunRecord(summary, recordOptions)
          : await recordRun(summary, {
              runsFile: paths.runsFile,
              ...recordOptions,
              ...(options.runsLimit !== undefined ? { limit: options.runsLimit } : {}),
            });
      // Each test's history over the last runs, on its own Allure page (its description).
      await writeTestHistoryViews(resultsDirs, await readRunHistory(paths.runsFile), { lastN });
      const draft = await writeTrendsView({
        runsFile: paths.runsFile,
        outDir: paths.trendsDir,
        lastN,
        marks: await marker(),
      });
      const first = resultsDirs[0];
      if (first !== undefined) await writeTrendsGlobalAttachment(first, draft, summary.stop ?? summary.start ?? 0);
    },
    afterGenerate: async (outputDir) => {
      await writeTrendsView({
        runsFile: paths.runsFile,
        outDir: `${outputDir}/trends`,
        lastN,
        reportHref: '../index.html',
        marks: await marker(),
      });
      // Start page title and its trends card, the dashboard's favicon.
      await finishReportPages(outputDir, { title: 'Maestro reliability report', trendsHref: 'trends/index.html' });
      // Allure's History tab shows only an error field: give this generate's flaky and failed items theirs. The
      // post-run sequence restores a rebuild's first line afterwards, so the file stays as the first build left it.
      await keepFlakyInAllureHistory(paths.allureHistoryFile);
    },
    outcome: () => ({
      ...(summary !== undefined ? { summary } : {}),
      ...(regressions !== undefined ? { regressions } : {}),
      ...(record !== undefined ? { record } : {}),
    }),
  };
}

/** Longest first-error line kept in the history. */
const MAX_ERROR_CHARS = 300;

async function recordExtras(
  resultsDirs: readonly string[],
  regressions: RegressionReport | undefined,
  identity: RunIdentity | undefined,
  complete: boolean,
): Promise<RunRecordExtras> {
  const findings = findingsByKey(regressions);
  const tests = new Map<string, Pick<TestRunEntry, 'firstError' | 'shard' | 'measured' | 'verdicts'>>();
  for (const group of groupAttempts(await readResultFiles(resultsDirs))) {
    const final = group.attempts[group.attempts.length - 1];
    const failed = group.attempts.find((a) => a.result.status === 'failed' || a.result.status === 'broken');
    const message = failed?.result.statusDetails?.message
      ?.split('\n')
      .find((l) => l.trim() !== '')
      ?.trim();
    const found = findings.get(group.key);
    tests.set(group.key, {
      ...(message !== undefined
        ? { firstError: message.length > MAX_ERROR_CHARS ? `${message.slice(0, MAX_ERROR_CHARS - 1)}…` : message }
        : {}),
      ...(final !== undefined ? { shard: basename(final.dir) } : {}),
      ...(found?.measured !== undefined ? { measured: found.measured } : {}),
      ...(found?.verdicts !== undefined ? { verdicts: found.verdicts } : {}),
    });
  }
  return {
    complete,
    ...(identity?.context !== undefined ? { context: identity.context } : {}),
    ...(identity !== undefined && identity.seeds.length > 0 ? { seeds: identity.seeds } : {}),
    tests,
  };
}

interface TestFindings {
  measured?: MeasuredWork;
  verdicts?: MetricVerdict[];
}

/** Per test key, the detector's measured work and verdicts (the run record's fields). */
export function findingsByKey(report: RegressionReport | undefined): Map<string, TestFindings> {
  return new Map(Object.entries(report?.byTest ?? {}));
}

/** The detector's one-line summary ("insufficient history (1 of 3 accepted runs)", "none in 23 judged", ...). */
export function regressionSummaryLine(report: RegressionReport | undefined): string | undefined {
  return report?.summary;
}
/** Whether this run left any baseline part (a run without perf evidence, or an interrupted one, has none). */
export async function hasBaselineParts(partsDir: string): Promise<boolean> {
  try {
    return (await readdir(partsDir)).some((name) => name.endsWith('.json'));
  } catch {
    return false;
  }
}
