import { spawn } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { reportCategories } from '../../classify/index.js';

/**
 * A tiny Playwright project with one steady test (attaching a metrics JSON and an SVG chart like the
 * harness's fixtures do), one flaky test (fails its first attempt, passes the retry, via a marker file) whose
 * title carries HTML, and one test that always times out. Used by the browser test of the QA report.
 */
export const FIXED_TITLES = {
  steady: 'steady passes with metrics',
  flaky: 'flaky <script>window.__pwned=1</script> fails first',
  hang: 'hangs until the timeout',
} as const;

const CONFIG = `import { defineConfig } from '@playwright/test';
export default defineConfig({
  testDir: './tests', retries: 1, timeout: 1000, workers: 1, fullyParallel: true,
  reporter: [['allure-playwright', { resultsDir: process.env.RESULTS_DIR, detail: false }]],
});
`;

const SPEC = `import { test, expect } from '@playwright/test';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
test(${JSON.stringify(FIXED_TITLES.steady)}, async ({}, testInfo) => {
  const started = performance.now();
  let acc = 0;
  for (let i = 0; i < 200000; i += 1) acc = (acc + i * i) % 1000003;
  const durationMs = performance.now() - started;
  await testInfo.attach('metrics.json', { contentType: 'application/json', body: JSON.stringify({
    schemaVersion: 1, title: testInfo.title, durationMs, itemsProcessed: 200000,
    throughputPerSec: 200000 / Math.max(durationMs, 0.001) * 1000, memory: { rssPeakMb: process.memoryUsage().rss / 1048576 }, checksum: acc }) });
  await testInfo.attach('timeline.svg', { contentType: 'image/svg+xml', body:
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><title>CPU timeline</title><polyline fill="none" stroke="blue" points="0,30 50,10 100,20 200,5"/></svg>' });
  expect(acc).toBeGreaterThanOrEqual(0);
});
test(${JSON.stringify(FIXED_TITLES.flaky)}, async () => {
  const marker = join(process.env.MARKER_DIR ?? '.', 'flaky-' + (process.env.RUN_ID ?? '0'));
  if (!existsSync(marker)) {
    writeFileSync(marker, 'first attempt ran');
    expect('first attempt').toBe('a retry');
  }
});
test(${JSON.stringify(FIXED_TITLES.hang)}, async () => {
  await new Promise<void>(() => {});
});
`;

/** Writes the project into `dir` (node_modules linked to this repository's) and the Allure config for it. */
export async function writeFixedProject(dir: string, repoNodeModules: string): Promise<void> {
  await mkdir(join(dir, 'tests'), { recursive: true });
  await mkdir(join(dir, 'markers'), { recursive: true });
  await symlink(repoNodeModules, join(dir, 'node_modules'), 'dir');
  await writeFile(join(dir, 'package.json'), '{"type":"module","name":"qa-fixed-run"}\n');
  await writeFile(join(dir, 'playwright.config.ts'), CONFIG);
  await writeFile(join(dir, 'tests', 'fixed.spec.ts'), SPEC);
  await writeFile(
    join(dir, 'allurerc.mjs'),
    `export default ${JSON.stringify({
      name: 'QA fixed run',
      output: './reports/allure-report',
      historyPath: './reports/history/allure-history.jsonl',
      historyLimit: 10,
      categories: { rules: reportCategories },
      plugins: { awesome: { options: { reportLanguage: 'en', singleFile: false } } },
    })};\n`,
  );
}

/** Runs the project's Playwright once into `resultsDir`; resolves with the exit code (1 expected: a test times out). */
export function runFixedProject(dir: string, resultsDir: string, runId: string, signal?: AbortSignal): Promise<number> {
  const cli = join(dirname(createRequire(import.meta.url).resolve('@playwright/test/package.json')), 'cli.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'test'], {
      cwd: dir,
      env: { ...process.env, RESULTS_DIR: resultsDir, MARKER_DIR: join(dir, 'markers'), RUN_ID: runId, CI: '' },
      stdio: 'ignore',
      ...(signal === undefined ? {} : { signal }),
    });
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
}
