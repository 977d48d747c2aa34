import { resolve } from 'node:path';
import { defineConfig, type ReporterDescription } from '@playwright/test';
import { parseShardArg, shardFolderName } from './harness/report/index.js';

const root = import.meta.dirname;

// Reporters live in the runner process, where process.argv carries --shard; one results folder per shard
// so CI shards never overwrite each other and one `allure generate` later reads them all.
const shard = parseShardArg(process.argv);
const shardFolder = shardFolderName(shard);
const allureResultsDir = resolve(root, 'reports', 'allure-results', shardFolder);

const reporters: ReporterDescription[] = [
  ['list'],
  ['allure-playwright', { resultsDir: allureResultsDir, detail: false, suiteTitle: true }],
];
if (shard !== undefined) {
  // The blob reporter deletes its output folder at start, so each shard needs its own.
  reporters.push(['blob', { outputDir: resolve(root, 'reports', 'blob', shardFolder) }]);
}

const workersFromEnv = process.env['STRESS_WORKERS'];

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
  workers: workersFromEnv === undefined || workersFromEnv === '' ? 1 : Number(workersFromEnv),
  reporter: reporters,
  globalSetup: './harness/fixtures/global-setup.ts',
  // Stress specs drive engines in-process: no browser, so no `use` block.
});
