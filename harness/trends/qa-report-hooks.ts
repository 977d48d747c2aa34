import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { checkRegressions, type RegressionReport } from '../baselines/index.js';
import { classifyResults, keepFlakyInAllureHistory, type ClassificationSummary } from '../classify/index.js';
import { reportPaths } from '../pipeline/index.js';
import { loadQuarantineTrendMarker } from '../quarantine/index.js';
import { finishReportPages } from '../report/index.js';
import { recordRun } from './record-run.js';
import { readRunHistory } from './run-history.js';
import { writeTestHistoryViews } from './write-test-history.js';
import { writeTrendsGlobalAttachment } from './trends-global-attachment.js';
import { writeTrendsView } from './write-trends-view.js';

export interface QaReportHooksOptions {
  /** Repository root; the defaults below are under `<projectRoot>/reports`. */
  projectRoot: string;
  runsFile?: string;
  runsLimit?: number;
  lastN?: number;
  baselineFile?: string;
  partsDir?: string;
  /** Absolute URL of the published trends page, for per-test links (see ClassifyOptions.trendsHref). */
  trendsHref?: string;
}

export interface QaReportHooks {
  /** Pass as `beforeGenerate` to the report build: classify, regressions, record the run, trends attachment. */
  beforeGenerate: (resultsDirs: readonly string[]) => Promise<void>;
  /** Pass as `afterGenerate`: writes `<report>/trends/index.html`. */
  afterGenerate: (outputDir: string) => Promise<void>;
  /** What the last build found. */
  outcome: () => { summary?: ClassificationSummary; regressions?: RegressionReport };
}

/** The QA post-processing steps, shaped as the report build's two hooks (one report build = one recorded run). */
export function createQaReportHooks(options: QaReportHooksOptions): QaReportHooks {
  const reports = join(options.projectRoot, 'reports');
  const runsFile = options.runsFile ?? join(reports, 'history', 'runs.jsonl');
  const baselineFile = options.baselineFile ?? join(reports, 'baselines', 'baselines.json');
  const partsDir = options.partsDir ?? join(reports, 'baselines', 'parts');
  const lastN = options.lastN ?? 20;
  let summary: ClassificationSummary | undefined;
  let regressions: RegressionReport | undefined;
  return {
    beforeGenerate: async (resultsDirs) => {
      summary = await classifyResults(resultsDirs, options.trendsHref !== undefined ? { trendsHref: options.trendsHref } : {});
      if (await exists(partsDir)) regressions = await checkRegressions({ baselineFile, partsDir, resultsDirs });
      await recordRun(summary, { runsFile, ...(options.runsLimit !== undefined ? { limit: options.runsLimit } : {}) });
      // Each test's history on its own Allure page (reportview, #16).
      await writeTestHistoryViews(resultsDirs, await readRunHistory(runsFile), { lastN });
      // Quarantined, expired and proposed tests are marked on their rows (harness/quarantine).
      const marks = await loadQuarantineTrendMarker(options.projectRoot);
      const draft = await writeTrendsView({ runsFile, outDir: join(reports, 'trends'), lastN, marks });
      const first = resultsDirs[0];
      if (first !== undefined) await writeTrendsGlobalAttachment(first, draft);
    },
    afterGenerate: async (outputDir) => {
      const marks = await loadQuarantineTrendMarker(options.projectRoot);
      await writeTrendsView({ runsFile, outDir: join(outputDir, 'trends'), lastN, reportHref: '../index.html', marks });
      // Start page title, its trends card, the dashboard's favicon (reportview, #16).
      await finishReportPages(outputDir, { title: 'Maestro reliability report', trendsHref: 'trends/index.html' });
      await keepFlakyInAllureHistory(reportPaths(options.projectRoot).allureHistoryFile);
    },
    outcome: () => ({ ...(summary !== undefined ? { summary } : {}), ...(regressions !== undefined ? { regressions } : {}) }),
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
