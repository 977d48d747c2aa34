/**
 * `npm run stress [-- <playwright test args>]`: a new run (its id fixed and its manifest written now, the last
 * run's results, snapshots and baseline parts cleared), the suite, then always the report (harness/pipeline's
 * post-run sequence, with this run's baseline parts), and the test run's exit code.
 *
 *   npm run stress
 *   npm run stress -- --shard 1/2 -g E2E-108
 *
 * SIGINT or SIGTERM: Playwright is asked to stop (it ends the running tests and its reporters), the report of
 * what ran is built but not recorded in the history (an incomplete run), exit 130/143; a second signal exits at once.
 */
import { rm } from 'node:fs/promises';
import { emptyDir, readScaleFromEnv } from '../fixtures/index.js';
import {
  acquireRunLock,
  createRunManifest,
  exitCodeOf,
  reportPaths,
  RUN_ID_ENV,
  RUN_LOCK_OWNER_ENV,
  trapInterrupts,
  readWorkersFromEnv,
  writeRunManifest,
  type RunLock,
} from '../pipeline/index.js';
import { startPlaywright, stopPlaywright, type PlaywrightChild } from '../command-line/index.js';
import { checkKeptFiles, runPostRun } from '../pipeline/post-run/index.js';
import { parseShardArg } from '../report/index.js';
import { describeError, describePostRun } from './post-run-summary.js';
import { projectRoot } from './project-root.js';

const root = projectRoot();
const paths = reportPaths(root);

async function main(args: readonly string[]): Promise<number> {
  let playwright: PlaywrightChild | undefined;
  // A second signal exits at once: it also stops `allure generate`, so no child outlives this process.
  const hardStop = new AbortController();
  const interrupts = trapInterrupts({
    onFirst: () => {
      if (playwright !== undefined) stopPlaywright(playwright);
    },
    onSecond: () => {
      playwright?.child.kill('SIGKILL');
      hardStop.abort();
    },
  });
  let lock: RunLock | undefined;
  try {
    // A corrupt history or baselines file would stop the report after the whole run: say so now, before anything changes.
    await checkKeptFiles(paths);
    // Another run in this checkout would empty our results folder and we theirs: refuse before touching anything.
    lock = await acquireRunLock(paths.runLock, { command: `npm run stress ${args.join(' ')}`.trim() });
    if (lock.replaced !== undefined)
      process.stdout.write(
        `stress: took over a stale run lock of pid ${lock.replaced.pid} (${lock.replaced.command})\n`,
      );
    // A new run: results, snapshots and parts of an earlier run must not leak into this run's report.
    await emptyDir(paths.allureResults);
    await rm(paths.resultsSnapshots, { recursive: true, force: true });
    await rm(paths.baselinePartsDir, { recursive: true, force: true });
    const manifest = createRunManifest({
      projectRoot: root,
      scale: readScaleFromEnv(),
      workers: readWorkersFromEnv(),
      shardCount: parseShardArg(args)?.total ?? 1,
    });
    await writeRunManifest(paths.runManifest, manifest);
    if (interrupts.received() !== undefined) return exitCodeOf(interrupts.received() ?? 'SIGINT');

    playwright = startPlaywright(['test', ...args], {
      cwd: root,
      env: { [RUN_ID_ENV]: manifest.runId, [RUN_LOCK_OWNER_ENV]: String(process.pid) },
    });
    const { code: testCode } = await playwright.done;
    const stopped = interrupts.received();
    process.stdout.write(
      stopped === undefined
        ? `\nplaywright test exited with code ${testCode}; building the report...\n`
        : `\nplaywright test stopped by ${stopped} (exit ${testCode}); building the report of what ran...\n`,
    );
    try {
      // The first signal does not cut the build short (a second one exits at once).
      const result = await runPostRun({
        projectRoot: root,
        paths,
        writeParts: stopped === undefined,
        complete: stopped === undefined,
        signal: hardStop.signal,
      });
      process.stdout.write(['', ...describePostRun(result, root), ''].join('\n'));
    } catch (error) {
      process.stderr.write(`stress: the report could not be built: ${describeError(error)}\n`);
      const received = interrupts.received();
      return received !== undefined ? exitCodeOf(received) : testCode === 0 ? 1 : testCode;
    }
    const received = interrupts.received();
    return received !== undefined ? exitCodeOf(received) : testCode;
  } finally {
    await lock?.release();
    interrupts.dispose();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`stress: ${describeError(error)}\n`);
    process.exitCode = 1;
  },
);
