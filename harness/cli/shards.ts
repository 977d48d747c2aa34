// `npm run stress:shards -- 4 [--parallel 2] [-- <extra playwright args>]`
// CI pieces of the same pipeline: `npm run stress:shards -- part shard-2-of-4` (a shard's baseline part, after
// its tests) and `npm run stress:shards -- merge` (count check, then the report and the merged HTML report over
// the shard folders already under reports/). Give the CI jobs one MAESTRO_RUN_ID (e.g. the workflow run id).
//
// Runs the suite as N Playwright shards on this machine, the way the CI matrix does on N machines, then merges:
// first a count check that every test Playwright lists ran exactly once, then one Allure report over every
// shard's results folder (harness/pipeline's post-run sequence) and one Playwright HTML report from the blobs.
// A merge that fails its count check builds the report but records nothing (no history line, no Allure history).
//
// Shards run one at a time by default: the stress specs measure CPU, RSS and durations, and two shards on a
// 2-core box would compete for the cores and inflate every figure (and the baselines). `--parallel 2` halves the
// wall time when only the pass/fail outcome matters.
//
// SIGINT/SIGTERM: the running shards are asked to stop, no further shard starts, the report of what ran is built
// (not recorded), exit 130/143; a second signal exits at once.
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeBaselinePart } from '../baselines/index.js';
import {
  countTests,
  listedTestKeys,
  readResultFiles,
  type PlaywrightListSuite,
  type TestCountReport,
} from '../classify/index.js';
import { readScaleFromEnv } from '../fixtures/index.js';
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
  type Interrupts,
} from '../pipeline/index.js';
import { checkKeptFiles, runPostRun, type PostRunResult } from '../pipeline/post-run/index.js';
import {
  parseCommandLine,
  startPlaywright,
  stopPlaywright,
  UsageError,
  type PlaywrightChild,
} from '../command-line/index.js';
import { listResultsDirs, shardFolderName } from '../report/index.js';
import { describeShardTimes, recordShardTimes, shardTimesFileFor, summarizeShardPlans } from '../sharding/index.js';
import { describeError, describePostRun } from './post-run-summary.js';
import { projectRoot } from './project-root.js';

interface ShardsArgs {
  total: number;
  parallel: number;
  extra: string[];
}

/** `N [--parallel P] [-- <playwright args>]`; what follows `--` goes to Playwright untouched. */
function parseShardsArgs(argv: readonly string[]): ShardsArgs {
  const dashDash = argv.indexOf('--');
  const own = dashDash === -1 ? [...argv] : argv.slice(0, dashDash);
  const extra = dashDash === -1 ? [] : argv.slice(dashDash + 1);
  const { values, positionals } = parseCommandLine({
    args: own,
    allowPositionals: true,
    strict: true,
    options: { parallel: { type: 'string' } },
  });
  if (positionals.length > 1)
    throw new UsageError(
      `one shard count expected, got "${positionals.join(' ')}" (Playwright's arguments go after --)`,
    );
  const total = Number(positionals[0] ?? '4');
  const parallel = Number(values.parallel ?? '1');
  if (!Number.isInteger(total) || total < 1)
    throw new UsageError(`shard count must be a positive integer, got "${positionals[0]}"`);
  if (!Number.isInteger(parallel) || parallel < 1)
    throw new UsageError(`--parallel must be a positive integer, got "${values.parallel ?? ''}"`);
  return { total, parallel, extra };
}

const root = projectRoot();
const paths = reportPaths(root);

/** Playwright processes running now, so a signal reaches every one of them. */
const running = new Set<PlaywrightChild>();
/** Wall time of each shard's `playwright test` process, for the balance line at the end. */
const shardTimes: { label: string; ms: number }[] = [];

async function runShard(current: number, total: number, extra: readonly string[], runId: string): Promise<number> {
  const shard = shardFolderName({ current, total });
  process.stdout.write(`\n=== shard ${current}/${total} (${shard}) ===\n`);
  const started = performance.now();
  const playwright = startPlaywright(['test', `--shard=${current}/${total}`, ...extra], {
    cwd: root,
    env: { [RUN_ID_ENV]: runId, [RUN_LOCK_OWNER_ENV]: String(process.pid) },
  });
  running.add(playwright);
  const { code } = await playwright.done.finally(() => running.delete(playwright));
  shardTimes.push({ label: `${current}/${total}`, ms: performance.now() - started });
  // Right after the shard: its tests' measured work under this run's id and context (the run manifest's).
  await writeBaselinePart({
    resultsDir: join(paths.allureResults, shard),
    partsDir: paths.baselinePartsDir,
    shard,
    manifestFile: paths.runManifest,
  }).catch((error: unknown) => {
    process.stderr.write(`shard ${shard}: no baseline part (${describeError(error)})\n`);
  });
  return code;
}

/**
 * `playwright test --list` once before the shards: it loads every spec and what it imports, which fills Playwright's
 * TypeScript transform cache. Without it the first shard after a code change compiles the suite alone (on 2026-12-04
 * under load: 25.6 s of its 58.7 s before its first test, against 6 to 7 s for the other shards), and the shards,
 * run one after another here, are not comparable. On CI every shard starts cold alike.
 */
async function warmUp(extra: readonly string[]): Promise<void> {
  const started = performance.now();
  const listing = startPlaywright(['test', '--list', '--reporter=null', ...extra], {
    cwd: root,
    stdout: 'ignore',
    stderr: 'ignore',
  });
  running.add(listing);
  const { code } = await listing.done.finally(() => running.delete(listing));
  process.stdout.write(
    `warm-up: playwright test --list took ${((performance.now() - started) / 1000).toFixed(1)} s (exit ${code}), so the first shard does not compile the suite alone\n`,
  );
}

async function runAll(args: ShardsArgs, runId: string, interrupts: Interrupts): Promise<number[]> {
  const codes: number[] = [];
  if (!interrupts.signal.aborted) await warmUp(args.extra);
  let next = 1;
  const worker = async (): Promise<void> => {
    // A signal stops the scheduling: the shards running finish stopping, no new one starts.
    while (next <= args.total && !interrupts.signal.aborted) {
      const current = next++;
      codes[current - 1] = await runShard(current, args.total, args.extra, runId);
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.parallel, args.total) }, worker));
  return codes;
}

async function mergeBlobs(): Promise<string> {
  await rm(paths.blobMerged, { recursive: true, force: true });
  await mkdir(paths.blobMerged, { recursive: true });
  for (const shard of await readdir(paths.blob).catch(() => [] as string[])) {
    for (const name of await readdir(join(paths.blob, shard)).catch(() => [] as string[])) {
      if (name.endsWith('.zip'))
        await copyFile(join(paths.blob, shard, name), join(paths.blobMerged, `${shard}-${name}`));
    }
  }
  const { code } = await startPlaywright(['merge-reports', '--reporter=html', paths.blobMerged], {
    cwd: root,
    env: { PLAYWRIGHT_HTML_OUTPUT_DIR: paths.playwrightReport, PLAYWRIGHT_HTML_OPEN: 'never' },
  }).done;
  if (code !== 0) throw new Error(`playwright merge-reports exited with ${code}`);
  return paths.playwrightReport;
}

/** Every test Playwright lists ran exactly once over the shard folders. Reads only: it runs before any write. */
async function checkCounts(extra: readonly string[]): Promise<TestCountReport> {
  const listed = await startPlaywright(['test', '--list', '--reporter=json', ...extra], {
    cwd: root,
    stdout: 'capture',
  }).done;
  let suites: PlaywrightListSuite[];
  try {
    suites = (JSON.parse(listed.stdout) as { suites: PlaywrightListSuite[] }).suites;
  } catch (cause) {
    throw new Error(`playwright test --list printed no JSON list (exit ${listed.code})`, { cause });
  }
  return countTests(listedTestKeys(suites), await readResultFiles(await listResultsDirs(paths.allureResults)));
}

/** `STRESS_SEED=… npx playwright test --shard i/N` for each shard the run recorded a seed for. */
function replayLines(result: PostRunResult, extra: readonly string[]): string[] {
  const args = extra.length > 0 ? ` ${extra.join(' ')}` : '';
  return result.identity.seeds.map(({ shard, seed }) => {
    const match = /^shard-(\d+)-of-(\d+)$/.exec(shard);
    const shardArg = match === null ? '' : ` --shard ${match[1]}/${match[2]}`;
    return `  ${shard}: seed ${seed}   replay: STRESS_SEED=${seed} npx playwright test${shardArg}${args}`;
  });
}

async function merge(codes: readonly number[], extra: readonly string[], stopped: string | undefined): Promise<number> {
  // The count check comes first: a lost or duplicated shard must not reach the history.
  const counts = await checkCounts(extra);
  const complete = counts.ok && stopped === undefined;
  const result = await runPostRun({ projectRoot: root, paths, complete, signal: hardStop.signal });
  const htmlReport = await mergeBlobs();
  const plans = await summarizeShardPlans(result.built.resultsDirs);
  // What each shard took, for the shard costs of the next plans: recorded with the run (a lost test or a stop is not).
  const times = await recordShardTimes({
    resultsDirs: result.built.resultsDirs,
    file: shardTimesFileFor(paths.runsFile),
    runId: result.identity.runId,
    scale: result.identity.context?.scale ?? readScaleFromEnv(),
    workers: result.identity.context?.workers ?? readWorkersFromEnv(),
    processMs: new Map(shardTimes.map((t) => [t.label, t.ms])),
    write: result.recorded,
  });
  process.stdout.write(
    [
      '',
      ...(codes.length > 0 ? [`shards: ${codes.length} (exit codes ${codes.join(', ')})`] : []),
      ...describePostRun(result, root),
      `Playwright HTML report: ${join(htmlReport, 'index.html')}`,
      `seeds (${result.identity.seeds.length} shard(s)):`,
      ...replayLines(result, extra),
      ...plans.lines,
      ...(shardTimes.length > 0
        ? [describeShardTimes([...shardTimes].sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true })))]
        : []),
      ...times.summary,
      `count check: ${counts.found}/${counts.expected} tests, lost ${counts.lost.length}, duplicated ${counts.duplicated.length}, unexpected ${counts.unexpected.length} -> ${counts.ok ? 'OK' : 'MISMATCH (run not recorded)'}`,
      ...counts.lost.map((k) => `  lost: ${k}`),
      ...counts.duplicated.map((k) => `  duplicated: ${k}`),
      ...counts.unexpected.map((k) => `  unexpected: ${k}`),
      '',
    ].join('\n'),
  );
  if (!counts.ok) return 2;
  return codes.some((c) => c !== 0) ? 1 : 0;
}

async function main(argv: readonly string[], interrupts: Interrupts): Promise<number> {
  // Every subcommand writes under reports/: one at a time per checkout, and never beside a running `npm run stress`.
  const lock = await acquireRunLock(paths.runLock, { command: `stress:shards ${argv.join(' ')}`.trim() });
  if (lock.replaced !== undefined)
    process.stdout.write(
      `stress:shards: took over a stale run lock of pid ${lock.replaced.pid} (${lock.replaced.command})\n`,
    );
  try {
    return await runCommand(argv, interrupts);
  } finally {
    await lock.release();
  }
}

async function runCommand(argv: readonly string[], interrupts: Interrupts): Promise<number> {
  if (argv[0] === 'part') {
    const shard = argv[1] ?? 'local';
    const path = await writeBaselinePart({
      resultsDir: join(paths.allureResults, shard),
      partsDir: paths.baselinePartsDir,
      shard,
      manifestFile: paths.runManifest,
    });
    process.stdout.write(`baseline part: ${path}\n`);
    return 0;
  }
  if (argv[0] === 'merge') return merge([], argv.slice(1), undefined);
  const args = parseShardsArgs(argv);
  // A corrupt history or baselines file would stop the merge after every shard ran: say so now.
  await checkKeptFiles(paths);
  // Old shard folders would be merged into this run's report (allure-playwright never cleans its folder).
  for (const dir of [paths.allureResults, paths.blob, paths.baselinePartsDir, paths.resultsSnapshots])
    await rm(dir, { recursive: true, force: true });
  const manifest = createRunManifest({
    projectRoot: root,
    scale: readScaleFromEnv(),
    workers: readWorkersFromEnv(),
    shardCount: args.total,
  });
  await writeRunManifest(paths.runManifest, manifest);
  const codes = await runAll(args, manifest.runId, interrupts);
  const stopped = interrupts.received();
  // Another Playwright run in the same checkout (e.g. a plain `npm run stress`) writes `local/` meanwhile; merging it
  // would show its tests twice. Refuse, naming the folders, rather than delete someone else's results.
  const expected = new Set(
    Array.from({ length: args.total }, (_, i) => shardFolderName({ current: i + 1, total: args.total })),
  );
  const foreign = (await listResultsDirs(paths.allureResults)).filter((d) => !expected.has(basename(d)));
  if (foreign.length > 0) {
    throw new Error(
      `results folders not from this sharded run appeared meanwhile: ${foreign.join(', ')}; remove them and run \`npm run stress:shards -- merge\``,
    );
  }
  if (stopped !== undefined)
    process.stdout.write(
      `\nstopped by ${stopped} after ${codes.filter((c) => c !== undefined).length} of ${args.total} shard(s); building the report of what ran...\n`,
    );
  const code = await merge(codes, args.extra, stopped);
  return stopped !== undefined ? exitCodeOf(stopped) : code;
}

/** Aborted by a second signal: stops `allure generate` too, so no child outlives this process. */
const hardStop = new AbortController();
const interrupts = trapInterrupts({
  onFirst: () => {
    for (const p of running) stopPlaywright(p);
  },
  onSecond: () => {
    for (const p of running) p.child.kill('SIGKILL');
    hardStop.abort();
  },
});
main(process.argv.slice(2), interrupts).then(
  (code) => {
    interrupts.dispose();
    process.exitCode = code;
  },
  (error: unknown) => {
    interrupts.dispose();
    process.stderr.write(`stress:shards: ${describeError(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
