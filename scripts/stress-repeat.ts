/**
 * `npm run stress:repeat -- [N]`: the suite's own stability proof. Runs N (default 20) consecutive
 * `CI=true STRESS_SCALE=0.25 npm run stress`, each with a fresh random STRESS_SEED, while the harness's cpu-hog chaos
 * helper spins one thread per core (2 on this machine) in this process, and prints per run the seed, failed, flaky
 * and timed-out tests, then the totals. Each run's output goes to reports/stress-repeat/run-<i>.log; the summary to
 * reports/stress-repeat/summary.{md,json}.
 *
 * Ctrl-C (or SIGTERM) stops it: the running suite gets the signal, no further run starts, and the summary of the runs
 * so far is printed (exit code 130). A second signal kills the running suite at once.
 *
 *   npm run stress:repeat -- 20
 *   npm run stress:repeat -- 5 --scale 0.5 --hog-threads 1 --run-timeout-min 20
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startCpuHog } from '../harness/chaos/index.js';
import { reportPaths } from '../harness/pipeline/index.js';
import { formatRepeatSummary, readAllureAttempts, summarizeAttempts, type RepeatRun } from './stress-repeat-results.js';
import { errorMessage } from '../engines/common/index.js';

const ROOT = resolve(import.meta.dirname, '..');
const OUT_DIR = join(reportPaths(ROOT).root, 'stress-repeat');
const RESULTS_DIR = reportPaths(ROOT).allureResults;

interface RepeatOptions {
  readonly runs: number;
  readonly scale: string;
  readonly hogThreads: number;
  readonly runTimeoutMs: number;
}

function parseOptions(argv: readonly string[]): RepeatOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      scale: { type: 'string', default: '0.25' },
      'hog-threads': { type: 'string', default: String(availableParallelism()) },
      'run-timeout-min': { type: 'string', default: '30' },
    },
  });
  const runs = Number(positionals[0] ?? '20');
  const hogThreads = Number(values['hog-threads']);
  const timeoutMin = Number(values['run-timeout-min']);
  const problems: string[] = [];
  if (!(Number.isInteger(runs) && runs >= 1 && runs <= 1000))
    problems.push(`runs must be an integer in 1..1000, got ${positionals[0]}`);
  if (!(Number.isInteger(hogThreads) && hogThreads >= 0 && hogThreads <= 64))
    problems.push(`--hog-threads must be an integer in 0..64, got ${values['hog-threads']}`);
  if (!(timeoutMin > 0)) problems.push(`--run-timeout-min must be > 0, got ${values['run-timeout-min']}`);
  if (!(Number(values.scale) > 0)) problems.push(`--scale must be > 0, got ${values.scale}`);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
  return { runs, scale: values.scale, hogThreads, runTimeoutMs: timeoutMin * 60_000 };
}

let stopRequested = false;
let current: ChildProcess | undefined;

/** One `npm run stress` with its output in `logPath`; resolves with its exit code (130 when a signal ended it). */
function runStress(seed: number, scale: string, logPath: string, timeoutMs: number): Promise<number> {
  return new Promise((resolveRun, reject) => {
    const log = createWriteStream(logPath);
    const child = spawn('npm', ['run', 'stress'], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true', STRESS_SCALE: scale, STRESS_SEED: String(seed), FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, signalled as a whole: npm does not pass a SIGTERM on to the script it runs, and an
      // orphaned suite would hold the pipes (and the cores) open.
      detached: true,
    });
    current = child;
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      log.write(`\n[stress:repeat] run exceeded ${timeoutMs / 60_000} min; sending SIGTERM\n`);
      signalGroup(child, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(child, 'SIGKILL'), 15_000);
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      log.end();
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (killTimer !== undefined) clearTimeout(killTimer);
      current = undefined;
      log.end(() => resolveRun(code ?? (signal === null ? 1 : 130)));
    });
  });
}

/** Signals every process of the suite's group (npm, the stress CLI, Playwright and its workers). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

function onSignal(signal: NodeJS.Signals): void {
  if (stopRequested) {
    process.stdout.write(`\n[stress:repeat] second ${signal}: killing the running suite\n`);
    if (current !== undefined) signalGroup(current, 'SIGKILL');
    return;
  }
  stopRequested = true;
  process.stdout.write(
    `\n[stress:repeat] ${signal}: stopping the running suite; no further run starts (again to kill it)\n`,
  );
  // The suite runs in its own process group, so a terminal's Ctrl-C reaches only this process: pass it on.
  if (current !== undefined) signalGroup(current, signal);
}

const USAGE = 'usage: npm run stress:repeat -- [N=20] [--scale 0.25] [--hog-threads K] [--run-timeout-min M]';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let options: RepeatOptions;
  try {
    options = parseOptions(argv);
  } catch (error) {
    // Bad input is one line and exit 2, never a stack.
    process.stderr.write(`stress:repeat: ${errorMessage(error)}\n${USAGE}\n`);
    return 2;
  }
  await mkdir(OUT_DIR, { recursive: true });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const hog = options.hogThreads > 0 ? await startCpuHog({ threads: options.hogThreads }) : undefined;
  const started = new Date();
  const runs: RepeatRun[] = [];
  process.stdout.write(
    `[stress:repeat] ${options.runs} run(s) of CI=true STRESS_SCALE=${options.scale} npm run stress, random seeds, ` +
      `cpu hog ${options.hogThreads} thread(s) on ${availableParallelism()} core(s); logs in ${OUT_DIR}\n`,
  );
  try {
    for (let run = 1; run <= options.runs && !stopRequested; run++) {
      const seed = randomInt(0, 2 ** 31 - 1);
      const t0 = performance.now();
      const exitCode = await runStress(seed, options.scale, join(OUT_DIR, `run-${run}.log`), options.runTimeoutMs);
      const outcome = summarizeAttempts(await readAllureAttempts(RESULTS_DIR));
      const record: RepeatRun = {
        run,
        seed,
        exitCode,
        seconds: (performance.now() - t0) / 1000,
        interrupted: stopRequested,
        outcome,
      };
      runs.push(record);
      const names = (label: string, ids: readonly string[]): string =>
        ids.length === 0 ? '' : ` ${label}: ${ids.join(', ')}`;
      process.stdout.write(
        `[stress:repeat] run ${run}/${options.runs} seed ${seed}: exit ${exitCode}, ${record.seconds.toFixed(0)} s, ${outcome.tests} tests, ` +
          `${outcome.failed.length} failed, ${outcome.flaky.length} flaky, ${outcome.timedOut.length} timed out` +
          `${names('failed', outcome.failed)}${names('flaky', outcome.flaky)}${names('timed out', outcome.timedOut)}\n`,
      );
    }
  } finally {
    const spins = hog?.spins() ?? 0;
    await hog?.release();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    const summary = formatRepeatSummary(runs, options.runs);
    const header =
      `stress:repeat, started ${started.toISOString()}, ended ${new Date().toISOString()}; scale ${options.scale}; ` +
      `cpu hog ${options.hogThreads} thread(s) (${spins} spin rounds)${stopRequested ? '; STOPPED by a signal' : ''}`;
    process.stdout.write(`\n${header}\n${summary}\n`);
    await writeFile(join(OUT_DIR, 'summary.md'), `${header}\n\n${summary}\n`);
    await writeFile(
      join(OUT_DIR, 'summary.json'),
      `${JSON.stringify({ started: started.toISOString(), options, stopped: stopRequested, hogSpins: spins, runs }, null, 2)}\n`,
    );
  }
  if (stopRequested) return 130;
  const bad =
    runs.length === 0 ||
    runs.some(
      (r) => r.exitCode !== 0 || r.outcome.failed.length > 0 || r.outcome.flaky.length > 0 || r.outcome.tests === 0,
    );
  return bad ? 1 : 0;
}

process.exitCode = await main();
