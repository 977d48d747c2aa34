import { join, resolve } from 'node:path';

/**
 * Every path under `reports/` the post-run pipeline reads or writes, spelled once. CLIs, hooks and tests take a
 * `ReportPaths` instead of joining `reports/...` themselves, so moving a file is one edit here.
 */
export interface ReportPaths {
  /** `<projectRoot>/reports`. */
  root: string;
  /** Parent of the per-shard Allure results folders (`shard-1-of-4`, or `local`). */
  allureResults: string;
  /** The built Allure report (replaced on every build). */
  allureReport: string;
  /** Playwright blob reports per shard, and their merge. */
  blob: string;
  blobMerged: string;
  playwrightReport: string;
  /** Kept across runs: our run history, Allure's own history, the trends draft. */
  historyDir: string;
  runsFile: string;
  allureHistoryFile: string;
  trendsDir: string;
  /** Accepted baselines and this run's per-shard measurement parts. */
  baselinesDir: string;
  baselineFile: string;
  baselinePartsDir: string;
  /** This run's identity and context, written once when the run starts (see run-manifest.ts). */
  runManifest: string;
  /** Held while a run or a report build uses `reports/` (see run-lock.ts). */
  runLock: string;
  /** `npm run soak`'s report folder (SOAK_REPORT_DIR overrides it). */
  soak: string;
  /** Each results folder as the test run left it, restored before every build (see results-snapshot.ts). */
  resultsSnapshots: string;
}

export function reportPaths(projectRoot: string): ReportPaths {
  const root = resolve(projectRoot, 'reports');
  const historyDir = join(root, 'history');
  const baselinesDir = join(root, 'baselines');
  return {
    root,
    allureResults: join(root, 'allure-results'),
    allureReport: join(root, 'allure-report'),
    blob: join(root, 'blob'),
    blobMerged: join(root, 'blob-merged'),
    playwrightReport: join(root, 'playwright-report'),
    historyDir,
    runsFile: join(historyDir, 'runs.jsonl'),
    allureHistoryFile: join(historyDir, 'allure-history.jsonl'),
    trendsDir: join(root, 'trends'),
    baselinesDir,
    baselineFile: join(baselinesDir, 'baselines.json'),
    baselinePartsDir: join(baselinesDir, 'parts'),
    runManifest: join(root, 'maestro-run.json'),
    runLock: join(root, 'maestro-run.lock'),
    soak: join(root, 'soak'),
    resultsSnapshots: join(root, 'pipeline', 'results-snapshots'),
  };
}
