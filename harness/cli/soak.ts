/**
 * `npm run soak`: loops randomized loads for STRESS_DURATION (default 1m), prints a progress line every few
 * seconds, writes reports/soak/ (JSON summary, SVG charts, index.html) and exits non-zero on a sustained heap leak
 * or an error rate above the allowed one.
 *
 *   STRESS_DURATION=10m npm run soak
 *   STRESS_SEED=123 STRESS_DURATION=1h SOAK_LEAK_THRESHOLD_MB_PER_MIN=0.5 npm run soak
 *
 * Knobs: STRESS_DURATION (30s, 10m, 1h, 1h30m), STRESS_SEED, SOAK_LEAK_THRESHOLD_MB_PER_MIN (default 2),
 * SOAK_WARMUP (a duration; default 20 % of the run, at most 2m), SOAK_MAX_ERROR_RATE (0..1, default 0),
 * SOAK_INJECT_LEAK_MB_PER_MIN (self-check: retain this much heap per minute on purpose; default 0),
 * SOAK_REPORT_DIR (default reports/soak).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createFreshSeed, readSeedFromEnv } from '../fixtures/index.js';
import { parseCommandLine, UsageError } from '../command-line/index.js';
import { reportPaths } from '../pipeline/index.js';
import {
  SoakConfigError,
  createSoakLoads,
  formatDuration,
  obtainGarbageCollector,
  parseDuration,
  readDurationFromEnv,
  runSoak,
  writeSoakReport,
  type SoakProgress,
} from '../soak/index.js';

const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');
const MB = 1024 * 1024;

function readNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  valid: (n: number) => boolean,
  expected: string,
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || !valid(value))
    throw new SoakConfigError('SOAK_BAD_OPTION', `${name} must be ${expected}, got "${raw}"`);
  return value;
}

function formatProgress(progress: SoakProgress): string {
  return (
    `[soak] ${formatDuration(progress.elapsedMs).padStart(8)}  iterations ${String(progress.iterations).padStart(6)}  ` +
    `rss ${(progress.rssBytes / MB).toFixed(1).padStart(7)} MB  heap ${(progress.heapUsedBytes / MB).toFixed(1).padStart(7)} MB  ` +
    `errors ${progress.errors}/${progress.operations}\n`
  );
}

async function main(env: NodeJS.ProcessEnv): Promise<number> {
  const durationMs = readDurationFromEnv(env, 60_000);
  const seed = readSeedFromEnv(env) ?? createFreshSeed();
  const thresholdMbPerMin = readNumber(env, 'SOAK_LEAK_THRESHOLD_MB_PER_MIN', 2, (n) => n > 0, 'a number > 0');
  const maxErrorRate = readNumber(env, 'SOAK_MAX_ERROR_RATE', 0, (n) => n >= 0 && n <= 1, 'a number in [0, 1]');
  const injectLeakMbPerMin = readNumber(env, 'SOAK_INJECT_LEAK_MB_PER_MIN', 0, (n) => n >= 0, 'a number >= 0');
  const warmupRaw = env['SOAK_WARMUP'];
  const warmupMs = warmupRaw === undefined || warmupRaw.trim() === '' ? undefined : parseDuration(warmupRaw);
  const soakDir = env['SOAK_REPORT_DIR'];
  const reportDir = soakDir !== undefined ? resolve(PROJECT_ROOT, soakDir) : reportPaths(PROJECT_ROOT).soak;
  const gc = obtainGarbageCollector();

  process.stdout.write(
    `[soak] duration ${formatDuration(durationMs)}, seed ${seed} (replay with STRESS_SEED=${seed}), leak threshold ${thresholdMbPerMin} MB/min` +
      `${gc === undefined ? ', GC cannot be forced (heap samples include garbage)' : ''}` +
      `${injectLeakMbPerMin > 0 ? `, INJECTED LEAK ${injectLeakMbPerMin} MB/min (self-check)` : ''}\n`,
  );
  const scratchDir = await mkdtemp(join(tmpdir(), 'maestro-soak-'));
  const loads = await createSoakLoads({ scratchDir });
  // Ctrl-C or a CI's SIGTERM ends the loop early; the report is still written from what was seen.
  const stop = new AbortController();
  const onSignal = (): void => stop.abort(new Error('soak interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let result;
  try {
    result = await runSoak({
      durationMs,
      seed,
      loads,
      gc,
      injectLeakMbPerMin,
      leak: { thresholdMbPerMin, ...(warmupMs === undefined ? {} : { warmupMs }) },
      signal: stop.signal,
      onProgress: (progress) => process.stdout.write(formatProgress(progress)),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await loads.close();
    await rm(scratchDir, { recursive: true, force: true });
  }
  const files = await writeSoakReport(result, reportDir);

  const byKind = Object.entries(result.byKind)
    .map(([kind, totals]) => `${kind} ${totals.iterations}x/${totals.errors} err`)
    .join(', ');
  process.stdout.write(
    `[soak] done in ${formatDuration(result.durationMs)}: ${result.iterations} iterations (${byKind}), ` +
      `${result.operations} operations, ${result.errors} errors (${(100 * result.errorRate).toFixed(3)} %)\n` +
      `[soak] peak RSS ${(result.monitor.summary.memory.rssPeakBytes / MB).toFixed(1)} MB, event-loop delay p99 ${result.monitor.summary.eventLoop.p99Ms.toFixed(2)} ms\n` +
      `[soak] leak check: ${result.leak.status} (${result.leak.reason})\n` +
      `[soak] report: ${files.html}\n`,
  );
  for (const failure of result.failures.slice(0, 10)) process.stdout.write(`[soak]   failure: ${failure}\n`);
  let code = 0;
  if (result.leak.status === 'leak') {
    process.stderr.write(
      `[soak] FAIL: sustained heap growth ${result.leak.slopeMbPerMin?.toFixed(3)} MB/min > ${thresholdMbPerMin} MB/min\n`,
    );
    code = 1;
  }
  if (result.errorRate > maxErrorRate) {
    process.stderr.write(`[soak] FAIL: error rate ${result.errorRate} > SOAK_MAX_ERROR_RATE ${maxErrorRate}\n`);
    code = 1;
  }
  return code;
}

const USAGE =
  'usage: [STRESS_DURATION=10m] [STRESS_SEED=N] [SOAK_LEAK_THRESHOLD_MB_PER_MIN=2] [SOAK_WARMUP=2m] ' +
  '[SOAK_MAX_ERROR_RATE=0] [SOAK_INJECT_LEAK_MB_PER_MIN=0] [SOAK_REPORT_DIR=reports/soak] npm run soak';

try {
  // The soak is configured by environment only: a flag given anyway would otherwise be ignored for a whole run.
  const { values } = parseCommandLine({
    args: process.argv.slice(2),
    options: { help: { type: 'boolean', short: 'h' } },
  });
  if (values.help === true) process.stdout.write(`${USAGE}\n`);
  else process.exitCode = await main(process.env);
} catch (error) {
  if (error instanceof SoakConfigError || error instanceof UsageError) {
    process.stderr.write(`soak: ${error.message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
