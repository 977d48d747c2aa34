import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { startMonitor, type MonitorResult } from '../monitor/index.js';
import { createSeededRandom } from '../resilience/index.js';
import { detectLeak, type HeapSample, type LeakDetectionOptions, type LeakVerdict } from './detect-leak.js';
import { SoakConfigError } from './errors.js';
import { SOAK_LOAD_KINDS, type SoakLoadKind, type SoakLoadOutcome, type SoakLoads } from './soak-loads.js';
import { errorWithName } from '../../engines/common/index.js';

export interface SoakProgress {
  readonly elapsedMs: number;
  readonly iterations: number;
  readonly operations: number;
  readonly errors: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
}

/** Operations and errors in one sampling window, for the error-rate chart. */
export interface ErrorWindow {
  /** End of the window, ms since start. */
  readonly atMs: number;
  readonly operations: number;
  readonly errors: number;
}

export interface KindTotals {
  readonly iterations: number;
  readonly operations: number;
  readonly errors: number;
  readonly busyMs: number;
}

export interface RunSoakOptions {
  readonly durationMs: number;
  readonly seed: number;
  readonly loads: SoakLoads;
  /** Which loads to cycle through (picked at random, seeded). Default all. */
  readonly kinds?: readonly SoakLoadKind[];
  /** A progress callback every this many ms. Default 5 000. */
  readonly progressIntervalMs?: number;
  /** Post-GC heap sample (and error window) period. Default max(1 s, duration / 1 000). */
  readonly heapSampleIntervalMs?: number;
  /** Monitor period (RSS, heap, event-loop delay). Default max(250 ms, duration / 2 000). */
  readonly monitorIntervalMs?: number;
  readonly leak?: LeakDetectionOptions;
  /** Forces a full GC before each heap sample (see obtainGarbageCollector). */
  readonly gc?: (() => void) | undefined;
  /**
   * Self-check: retain this much extra heap per minute, on purpose, so a run shows the detector firing.
   * Default 0.
   */
  readonly injectLeakMbPerMin?: number;
  readonly onProgress?: (progress: SoakProgress) => void;
  /** Stops the loop early (the run still reports what it saw). */
  readonly signal?: AbortSignal;
}

export interface SoakResult {
  readonly seed: number;
  readonly startedAt: string;
  readonly requestedDurationMs: number;
  readonly durationMs: number;
  readonly aborted: boolean;
  readonly iterations: number;
  readonly operations: number;
  readonly errors: number;
  readonly errorRate: number;
  readonly byKind: Readonly<Record<SoakLoadKind, KindTotals>>;
  /** First failures seen (at most 50), for the summary. */
  readonly failures: readonly string[];
  readonly heapSamples: readonly HeapSample[];
  readonly errorWindows: readonly ErrorWindow[];
  readonly monitor: MonitorResult;
  readonly leak: LeakVerdict;
  readonly gcForced: boolean;
  readonly injectedLeakMbPerMin: number;
}

const MB = 1024 * 1024;
/** Doubles in one retained chunk of the injected leak (8 bytes each on the V8 heap). */
const LEAK_CHUNK = 16_384;

/**
 * Loops randomized loads until the duration is up, sampling the process with the monitor and, at a slower period,
 * the heap right after a forced full GC; then fits the post-GC heap for a sustained leak. An iteration that throws
 * counts as one error (with its message kept) and the soak goes on: a soak reports, it does not stop at the first
 * failure.
 */
export async function runSoak(options: RunSoakOptions): Promise<SoakResult> {
  if (!(options.durationMs >= 1))
    throw new SoakConfigError('SOAK_BAD_OPTION', `durationMs must be >= 1, got ${options.durationMs}`);
  const kinds = options.kinds ?? SOAK_LOAD_KINDS;
  if (kinds.length === 0) throw new SoakConfigError('SOAK_BAD_OPTION', 'kinds must name at least one load');
  const injectLeak = options.injectLeakMbPerMin ?? 0;
  if (!(injectLeak >= 0))
    throw new SoakConfigError('SOAK_BAD_OPTION', `injectLeakMbPerMin must be >= 0, got ${injectLeak}`);
  const progressIntervalMs = options.progressIntervalMs ?? 5_000;
  const heapIntervalMs = options.heapSampleIntervalMs ?? Math.max(1_000, options.durationMs / 1_000);
  const monitorIntervalMs = options.monitorIntervalMs ?? Math.max(250, options.durationMs / 2_000);
  const random = createSeededRandom(options.seed);

  const startedAt = new Date();
  const start = performance.now();
  const elapsed = (): number => performance.now() - start;
  const monitor = startMonitor({ intervalMs: monitorIntervalMs, trackChildren: false });
  const totals = Object.fromEntries(
    SOAK_LOAD_KINDS.map((kind) => [kind, { iterations: 0, operations: 0, errors: 0, busyMs: 0 }]),
  ) as Record<SoakLoadKind, { iterations: number; operations: number; errors: number; busyMs: number }>;
  const failures: string[] = [];
  const heapSamples: HeapSample[] = [];
  const errorWindows: ErrorWindow[] = [];
  const retained: number[][] = [];
  let iterations = 0;
  let operations = 0;
  let errors = 0;
  let windowOps = 0;
  let windowErrors = 0;
  let nextHeapAt = heapIntervalMs;
  let nextProgressAt = progressIntervalMs;

  const sampleHeap = (): void => {
    options.gc?.();
    const atMs = elapsed();
    heapSamples.push({ atMs, heapUsedBytes: process.memoryUsage().heapUsed });
    errorWindows.push({ atMs, operations: windowOps, errors: windowErrors });
    windowOps = 0;
    windowErrors = 0;
  };
  const record = (outcome: SoakLoadOutcome, busyMs: number): void => {
    const kindTotals = totals[outcome.kind];
    kindTotals.iterations += 1;
    kindTotals.operations += outcome.operations;
    kindTotals.errors += outcome.errors;
    kindTotals.busyMs += busyMs;
    operations += outcome.operations;
    errors += outcome.errors;
    windowOps += outcome.operations;
    windowErrors += outcome.errors;
    for (const failure of outcome.failures) if (failures.length < 50) failures.push(failure);
  };

  try {
    sampleHeap();
    const stopRequested = (): boolean => options.signal?.aborted === true;
    while (elapsed() < options.durationMs && !stopRequested()) {
      const kind = kinds[Math.floor(random() * kinds.length)] as SoakLoadKind;
      const seed = Math.floor(random() * 2 ** 31);
      const iterationStart = performance.now();
      // One controller per iteration, so the loads' many concurrent listeners go away with it (a long-lived
      // signal shared by every iteration would collect them), and a stuck iteration is cut after 5 minutes.
      const iteration = new AbortController();
      setMaxListeners(256, iteration.signal);
      const forwardStop = (): void => iteration.abort(options.signal?.reason);
      options.signal?.addEventListener('abort', forwardStop, { once: true });
      const stuck = setTimeout(() => iteration.abort(new Error(`${kind} iteration ran past 5 minutes`)), 5 * 60_000);
      try {
        record(await options.loads.run(kind, { seed, signal: iteration.signal }), performance.now() - iterationStart);
      } catch (error) {
        if (stopRequested()) break;
        record(
          { kind, operations: 1, errors: 1, failures: [`${kind} (seed ${seed}) threw: ${errorWithName(error)}`] },
          performance.now() - iterationStart,
        );
      } finally {
        clearTimeout(stuck);
        options.signal?.removeEventListener('abort', forwardStop);
      }
      iterations += 1;
      if (injectLeak > 0) {
        const wantBytes = (injectLeak * MB * elapsed()) / 60_000;
        while (retained.length * LEAK_CHUNK * 8 < wantBytes)
          retained.push(Array.from({ length: LEAK_CHUNK }, (_, i) => i + 0.5));
      }
      const now = elapsed();
      if (now >= nextHeapAt) {
        sampleHeap();
        while (nextHeapAt <= now) nextHeapAt += heapIntervalMs;
      }
      if (now >= nextProgressAt) {
        const memory = process.memoryUsage();
        options.onProgress?.({
          elapsedMs: now,
          iterations,
          operations,
          errors,
          rssBytes: memory.rss,
          heapUsedBytes: memory.heapUsed,
        });
        while (nextProgressAt <= now) nextProgressAt += progressIntervalMs;
      }
    }
    sampleHeap();
  } catch (error) {
    // Only a bug in the loop itself lands here (loads' errors are caught above); never leave the monitor running.
    await monitor.stop();
    throw error;
  }
  const monitorResult = await monitor.stop();
  const durationMs = elapsed();
  const leak = detectLeak(heapSamples, options.leak);
  retained.length = 0;
  return {
    seed: options.seed,
    startedAt: startedAt.toISOString(),
    requestedDurationMs: options.durationMs,
    durationMs,
    aborted: options.signal?.aborted === true,
    iterations,
    operations,
    errors,
    errorRate: operations === 0 ? 0 : errors / operations,
    byKind: totals,
    failures,
    heapSamples,
    errorWindows,
    monitor: monitorResult,
    leak,
    gcForced: options.gc !== undefined,
    injectedLeakMbPerMin: injectLeak,
  };
}
