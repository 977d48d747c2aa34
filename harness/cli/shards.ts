// `npm run stress:shards -- 4 [--parallel 2] [-- <extra playwright args>]`
// CI pieces of the same pipeline: `tsx harness/cli/shards.ts part shard-2-of-4` (a shard's baseline part, after
// its tests) and `tsx harness/cli/shards.ts merge` (report, merged HTML report and count check over the shard
// folders already under reports/).
//
// Runs the suite as N Playwright shards on this machine, the way the CI matrix does on N machines, then merges:
// one Allure report over every shard's results folder, one Playwright HTML report from the blobs, and a count
// check that every test Playwright lists ran exactly once.
//
// Shards run one at a time by default: the stress specs measure CPU, RSS and durations, and two shards on a
// 2-core box would compete for the cores and inflate every figure (and the baselines). `--parallel 2` halves the
// wall time when only the pass/fail outcome matters.
import { spawn } from 'node:child_process';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { writeBaselinePart } from '../baselines/index.js';
import { countTests, listedTestKeys, readResultFiles, type PlaywrightListSuite } from '../classify/index.js';
import { buildReport, listResultsDirs, shardFolderName } from '../report/index.js';
import { describeShardTimes, summarizeShardPlans } from '../sharding/index.js';
import { createQaReportHooks } from '../trends/index.js';

interface ShardsArgs {
  total: number;
  parallel: number;
  extra: string[];
}

function parseArgs(argv: readonly string[]): ShardsArgs {
  const dashDash = argv.indexOf('--');
  const own = dashDash === -1 ? [...argv] : argv.slice(0, dashDash);
  const extra = dashDash === -1 ? [] : argv.slice(dashDash + 1);
  let parallel = 1;
  const pi = own.indexOf('--parallel');
  if (pi !== -1) {
    parallel = Number(own[pi + 1]);
    own.splice(pi, 2);
  }
  const total = Number(own[0] ?? '4');
  if (!Number.isInteger(total) || total < 1) throw new RangeError(`shard count must be a positive integer, got "${own[0]}"`);
  if (!Number.isInteger(parallel) || parallel < 1) throw new RangeError(`--parallel must be a positive integer`);
  return { total, parallel, extra };
}

const root = resolve(import.meta.dirname, '..', '..');
const playwrightCli = join(dirname(createRequire(import.meta.url).resolve('@playwright/test/package.json')), 'cli.js');

function runPlaywright(args: readonly string[], options: { capture?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [playwrightCli, ...args], {
      cwd: root,
      env: { ...process.env, ...options.env },
      stdio: options.capture === true ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    });
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolvePromise({ code: code ?? 1, stdout }));
  });
}

/** Wall time of each shard's `playwright test` process, for the balance line at the end. */
const shardTimes: { label: string; ms: number }[] = [];

async function runShard(current: number, total: number, extra: readonly string[]): Promise<number> {
  const shard = shardFolderName({ current, total });
  process.stdout.write(`\n=== shard ${current}/${total} (${shard}) ===\n`);
  const started = performance.now();
  const { code } = await runPlaywright(['test', `--shard=${current}/${total}`, ...extra]);
  shardTimes.push({ label: `${current}/${total}`, ms: performance.now() - started });
  // Calibrated right after the shard, on the same machine, so its durations can be normalised.
  const resultsDir = join(root, 'reports', 'allure-results', shard);
  await writeBaselinePart({ resultsDir, partsDir: join(root, 'reports', 'baselines', 'parts'), shard }).catch((error: unknown) => {
    process.stderr.write(`shard ${shard}: no baseline part (${String(error)})\n`);
  });
  return code;
}

async function runAll(args: ShardsArgs): Promise<number[]> {
  const codes: number[] = new Array<number>(args.total).fill(0);
  let next = 1;
  const worker = async (): Promise<void> => {
    while (next <= args.total) {
      const current = next++;
      codes[current - 1] = await runShard(current, args.total, args.extra);
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.parallel, args.total) }, worker));
  return codes;
}

async function mergeBlobs(): Promise<string> {
  const blobRoot = join(root, 'reports', 'blob');
  const merged = join(root, 'reports', 'blob-merged');
  await rm(merged, { recursive: true, force: true });
  await mkdir(merged, { recursive: true });
  for (const shard of await readdir(blobRoot).catch(() => [] as string[])) {
    for (const name of await readdir(join(blobRoot, shard)).catch(() => [] as string[])) {
      if (name.endsWith('.zip')) await copyFile(join(blobRoot, shard, name), join(merged, `${shard}-${name}`));
    }
  }
  const outputDir = join(root, 'reports', 'playwright-report');
  const { code } = await runPlaywright(['merge-reports', '--reporter=html', merged], {
    env: { PLAYWRIGHT_HTML_OUTPUT_DIR: outputDir, PLAYWRIGHT_HTML_OPEN: 'never' },
  });
  if (code !== 0) throw new Error(`playwright merge-reports exited with ${code}`);
  return outputDir;
}

async function merge(codes: readonly number[], extra: readonly string[]): Promise<number> {
  const hooks = createQaReportHooks({ projectRoot: root });
  const built = await buildReport({ projectRoot: root, beforeGenerate: hooks.beforeGenerate, afterGenerate: hooks.afterGenerate });
  const htmlReport = await mergeBlobs();

  const listed = await runPlaywright(['test', '--list', '--reporter=json', ...extra], { capture: true });
  const suites = (JSON.parse(listed.stdout) as { suites: PlaywrightListSuite[] }).suites;
  const counts = countTests(listedTestKeys(suites), await readResultFiles(await listResultsDirs(join(root, 'reports', 'allure-results'))));
  // Which plan each shard ran (harness/sharding): one hash on every shard, planned beside measured times.
  const plans = await summarizeShardPlans(await listResultsDirs(join(root, 'reports', 'allure-results')));

  const { summary, regressions } = hooks.outcome();
  process.stdout.write(
    [
      '',
      ...(codes.length > 0 ? [`shards: ${codes.length} (exit codes ${codes.join(', ')})`] : []),
      `Allure report: ${built.indexHtml} (trends: ${join(built.outputDir, 'trends', 'index.html')})`,
      `Playwright HTML report: ${join(htmlReport, 'index.html')}`,
      `counters: ${JSON.stringify(summary?.counters)}`,
      `regressions: ${regressions === undefined ? 'no baseline parts' : regressions.regressed.length === 0 ? 'none' : regressions.regressed.join(', ')}`,
      ...plans.lines,
      ...(shardTimes.length > 0 ? [describeShardTimes([...shardTimes].sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true })))] : []),
      `count check: ${counts.found}/${counts.expected} tests, lost ${counts.lost.length}, duplicated ${counts.duplicated.length}, unexpected ${counts.unexpected.length} -> ${counts.ok ? 'OK' : 'MISMATCH'}`,
      ...counts.lost.map((k) => `  lost: ${k}`),
      ...counts.duplicated.map((k) => `  duplicated: ${k}`),
      ...counts.unexpected.map((k) => `  unexpected: ${k}`),
      '',
    ].join('\n'),
  );
  if (!counts.ok) return 2;
  return codes.some((c) => c !== 0) ? 1 : 0;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'part') {
    const shard = argv[1] ?? 'local';
    const path = await writeBaselinePart({
      resultsDir: join(root, 'reports', 'allure-results', shard),
      partsDir: join(root, 'reports', 'baselines', 'parts'),
      shard,
    });
    process.stdout.write(`baseline part: ${path}\n`);
    return 0;
  }
  if (argv[0] === 'merge') return merge([], argv.slice(1));
  const args = parseArgs(argv);
  // Old shard folders would be merged into this run's report (allure-playwright never cleans its folder).
  for (const sub of ['allure-results', 'blob', join('baselines', 'parts')]) await rm(join(root, 'reports', sub), { recursive: true, force: true });
  const codes = await runAll(args);
  // Another Playwright run in the same checkout (e.g. a plain `npm run stress`) writes `local/` meanwhile; merging it
  // would show its tests twice. Refuse, naming the folders, rather than delete someone else's results.
  const expected = new Set(Array.from({ length: args.total }, (_, i) => shardFolderName({ current: i + 1, total: args.total })));
  const foreign = (await listResultsDirs(join(root, 'reports', 'allure-results'))).filter((d) => !expected.has(basename(d)));
  if (foreign.length > 0) {
    throw new Error(`results folders not from this sharded run appeared meanwhile: ${foreign.join(', ')}; remove them and run \`tsx harness/cli/shards.ts merge\``);
  }
  return merge(codes, args.extra);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`stress:shards failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
