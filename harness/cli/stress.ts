/**
 * `npm run stress [-- <playwright test args>]`: clears old results, runs the suite, then always builds
 * the report, and exits with the test run's exit code.
 *
 *   npm run stress
 *   npm run stress -- --shard 1/2 -g E2E-108
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { basename, resolve } from 'node:path';
import { writeBaselinePart } from '../baselines/index.js';
import { emptyDir } from '../fixtures/index.js';
import { listResultsDirs } from '../report/index.js';
import { buildAndPrintReport, PROJECT_ROOT } from './report.js';

/** Runs `playwright test <args>` with inherited stdio; resolves with its exit code. */
export function runPlaywrightTest(args: readonly string[], cwd: string): Promise<number> {
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, 'test', ...args], { cwd, stdio: 'inherit' });
    // Ctrl-C reaches the child through the terminal's process group; forward a CI's SIGTERM explicitly.
    const forward = (): void => {
      child.kill('SIGTERM');
    };
    process.on('SIGTERM', forward);
    child.once('error', (error) => {
      process.off('SIGTERM', forward);
      reject(error);
    });
    child.once('close', (code, signal) => {
      process.off('SIGTERM', forward);
      resolvePromise(code ?? (signal === null ? 1 : 130));
    });
  });
}

async function main(args: readonly string[]): Promise<number> {
  // Every shard folder goes: results from an earlier run must not leak into this run's report.
  await emptyDir(resolve(PROJECT_ROOT, 'reports', 'allure-results'));
  const testCode = await runPlaywrightTest(args, PROJECT_ROOT);
  process.stdout.write(`\nplaywright test exited with code ${testCode}; building the report...\n`);
  await writeBaselineParts();
  try {
    await buildAndPrintReport();
  } catch (error) {
    process.stderr.write(`stress: the report could not be built: ${error instanceof Error ? error.message : String(error)}\n`);
    return testCode === 0 ? 1 : testCode;
  }
  return testCode;
}

/**
 * Each results folder's perf numbers become a baseline part (with a calibration timed now, on this machine), so
 * the report can flag regressions and `npm run baseline:update` can accept this run. A failure here is reported
 * and the report is still built: regressions are advisory, the test results are not.
 */
async function writeBaselineParts(): Promise<void> {
  const partsDir = resolve(PROJECT_ROOT, 'reports', 'baselines', 'parts');
  await emptyDir(partsDir);
  for (const resultsDir of await listResultsDirs(resolve(PROJECT_ROOT, 'reports', 'allure-results'))) {
    try {
      await writeBaselinePart({ resultsDir, partsDir, shard: basename(resultsDir) });
    } catch (error) {
      process.stderr.write(`stress: no baseline part for ${resultsDir}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

process.exitCode = await main(process.argv.slice(2));
