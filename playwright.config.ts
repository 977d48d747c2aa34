import { resolve } from 'node:path';
import { defineConfig, type ReporterDescription } from '@playwright/test';
import { readWorkersFromEnv, reportPaths } from './harness/pipeline/index.js';
import { parseShardArg, shardFolderName } from './harness/report/index.js';
import { shardReporter } from './harness/sharding/index.js';

const root = import.meta.dirname;
const paths = reportPaths(root);

// One results folder per shard so CI shards never overwrite each other and one `allure generate` later
// reads them all. Only the runner process sees --shard in its argv; Playwright re-evaluates this file in
// every worker, and the perf fixture there writes *-perf.json next to allure-playwright's results, so the
// runner hands its folder name down through the environment its workers inherit.
const SHARD_ENV = 'MAESTRO_SHARD_FOLDER';
const shard = parseShardArg(process.argv);
const shardFolder =
  shard !== undefined ? shardFolderName(shard) : (process.env[SHARD_ENV] ?? shardFolderName(undefined));
process.env[SHARD_ENV] = shardFolder;
const allureResultsDir = resolve(paths.allureResults, shardFolder);

// `playwright test --list` runs nothing, yet allure-playwright would write a "skipped" result per listed test into
// the results folder, and the next report (or shard merge) would count them as a run. Listing gets no Allure output.
const listing = process.argv.includes('--list');
const reporters: ReporterDescription[] = [
  ['list'],
  ...(listing
    ? []
    : [
        [
          'allure-playwright',
          { resultsDir: allureResultsDir, detail: false, suiteTitle: true },
        ] satisfies ReporterDescription,
      ]),
  // Plans --shard i/N by the durations in the run history (the same plan on every shard) and applies quarantine.yaml.
  // Its defaults (reports/history/runs.jsonl, quarantine.yaml) are what `npm run shards:plan` uses too.
  shardReporter(),
];
if (shard !== undefined) {
  // The blob reporter deletes its output folder at start, so each shard needs its own.
  reporters.push(['blob', { outputDir: resolve(paths.blob, shardFolder) }]);
}

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: resolve(root, 'test-results'),
  // Without it, --shard splits by file and can leave a shard with nothing to run (exit 0, silently).
  fullyParallel: true,
  forbidOnly: Boolean(process.env['CI']),
  // On CI a test that fails then passes is reported as flaky instead of hiding the first failure.
  retries: process.env['CI'] ? 1 : 0,
  // The seed's own budget for a stress test: 5 minutes.
  timeout: 5 * 60_000,
  // One worker by default: stress specs measure CPU and RSS, and on a 2-core machine a second worker
  // would compete for the same cores and inflate every figure. Set STRESS_WORKERS to trade accuracy
  // for wall time (e.g. on a larger CI runner).
  workers: readWorkersFromEnv(),
  reporter: reporters,
  globalSetup: './harness/fixtures/global-setup.ts',
  // Stress specs drive engines in-process: no browser, so no `use` block.
});
