import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gcFunction: (() => void) | null | undefined;

/**
 * A full garbage collection, outside any measurement. process.cpuUsage() counts V8's GC helper threads too, so a
 * major collection of the previous run's garbage lands in whichever run it happens to fall in: one E2E-111 size took
 * 4.7 and 45.7 ms of CPU in two rounds. Starting every measured run from a collected heap bills each run for its
 * own garbage only. Playwright's workers run without --expose-gc; the flag set at run time exposes `gc` to a new
 * context (the way benchmark harnesses do it); where that fails this is a no-op and min-of-rounds still applies.
 */
export function collectGarbage(): void {
  if (gcFunction === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gcFunction = runInNewContext('gc') as () => void;
    } catch {
      gcFunction = null;
    }
  }
  gcFunction?.();
}

/** One run of a measured piece of work: the CPU this process spent on it (all threads) and the wall time. */
export interface CpuSample {
  readonly cpuMs: number;
  readonly wallMs: number;
}

/**
 * Collects garbage, then runs `work` once and measures it with `process.cpuUsage()` (user + system, every thread of the process) beside
 * `performance.now()`. On a shared machine the wall time also counts the time other processes held the cores; the
 * CPU time counts only the work this process did, so it is what a scaling or incremental verdict should rest on.
 */
export async function measureCpu<T>(work: () => Promise<T>): Promise<CpuSample & { readonly value: T }> {
  collectGarbage();
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const value = await work();
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  return { value, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The least disturbed of several samples: the smallest CPU and the smallest wall time, each over all samples. */
export function fastestSample(samples: readonly CpuSample[]): CpuSample {
  if (samples.length === 0) throw new RangeError('fastestSample() needs at least one sample');
  return { cpuMs: Math.min(...samples.map((s) => s.cpuMs)), wallMs: Math.min(...samples.map((s) => s.wallMs)) };
}

export interface InterleavedOptions {
  /** Unmeasured rounds over every item first, so every size's code paths are compiled before any is timed. */
  readonly warmUpRounds: number;
  /** Measured rounds over every item: each item gets exactly this many samples. */
  readonly rounds: number;
}

/**
 * Measures every item in rounds (item 1, 2, ..., n, then again), so a change in the machine's load during the test
 * touches every size alike instead of biasing the large sizes measured last. Every item gets the same number of
 * samples: a minimum over more samples is smaller, so extra rounds for the small sizes alone would bias the fit.
 * Returns every sample per item and the value of each item's last run (every run's value goes through `work`).
 */
export async function measureInterleaved<I, T>(
  items: readonly I[],
  options: InterleavedOptions,
  work: (item: I, round: number) => Promise<T>,
): Promise<{ readonly samples: CpuSample[][]; readonly values: T[] }> {
  if (!(
    Number.isInteger(options.rounds) &&
    options.rounds >= 1 &&
    Number.isInteger(options.warmUpRounds) &&
    options.warmUpRounds >= 0
  )) {
    throw new RangeError('need rounds >= 1 and warmUpRounds >= 0 (integers)');
  }
  for (let round = 0; round < options.warmUpRounds; round++) for (const item of items) await work(item, -1 - round);
  const samples: CpuSample[][] = items.map(() => []);
  const values: T[] = [];
  for (let round = 0; round < options.rounds; round++) {
    for (const [index, item] of items.entries()) {
      const { value, cpuMs, wallMs } = await measureCpu(() => work(item, round));
      (samples[index] as CpuSample[]).push({ cpuMs, wallMs });
      values[index] = value;
    }
  }
  return { samples, values };
}
