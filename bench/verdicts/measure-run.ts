import { PerfRecorder, readThreadCpuMicros, summarizeWork, type RepeatOptions } from '../../harness/metrics/index.js';
import { runCalibration } from './legacy-calibration.js';
import type { VerdictWorkload } from './workloads.js';

/** One test's figures in one run, as each detector reads them. */
export interface TestFigures {
  /** What the new detector judges: the test thread's CPU time and memory growth (process CPU and wall time reported). */
  threadCpuMs: number;
  cpuMs: number;
  wallMs: number;
  rssGrowthMb: number;
  heapGrowthMb: number;
  /** What the old detector judged: wall time, throughput over it, and the worker's absolute peak RSS. */
  durationMs: number;
  throughputPerSec: number;
  peakRssMb: number;
}

/** One replayed suite run: every test once as it is and once with 25% more CPU work injected, plus the old calibration. */
export interface MeasuredRun {
  calibrationMs: number;
  plain: Record<string, TestSample>;
  /** A second suite run on the same machine at about the same time, with 25% more CPU work in every test. */
  slowed: Record<string, TestSample>;
  slowedCalibrationMs: number;
}

const MB = 1024 * 1024;

/**
 * Burns `cpuMs` of this thread's CPU time (the injected slowdown; process CPU where the thread's cannot be read),
 * bounded by 50x that in wall time.
 */
export function burnCpu(cpuMs: number): void {
  const readMicros = (): number => readThreadCpuMicros() ?? ((u) => u.user + u.system)(process.cpuUsage());
  const start = readMicros();
  const until = performance.now() + Math.max(50 * cpuMs, 100);
  let sink = 0;
  for (;;) {
    for (let k = 0; k < 2000; k++) sink = (sink + Math.sqrt(k + sink)) % 1e9;
    if ((readMicros() - start) / 1000 >= cpuMs || performance.now() > until) break;
  }
  if (sink < 0) throw new Error('unreachable');
}

/**
 * A test measured as a spec with one timed window sees it (its first round), as perf.repeat with a fixed round count
 * sees it (its first `rounds` rounds), and as perf.repeat with a CPU budget (`minCpuMs`) sees it (every round).
 */
export interface TestSample {
  single: TestFigures;
  repeated: TestFigures;
  /** The first `rounds` rounds alone, as a fixed `perf.repeat(name, rounds, fn)` records them (absent in older recordings). */
  repeatedFixed?: TestFigures;
  /** Process CPU time of each round (the first is cold, later ones warmer). */
  roundsCpuMs: number[];
  /** The test thread's CPU time of each round (the figure the slowdown is injected into). */
  roundsThreadCpuMs: number[];
}

const figuresOf = (
  threadCpuMs: number,
  cpuMs: number,
  wallMs: number,
  rssGrowthMb: number,
  heapGrowthMb: number,
  peakRssMb: number,
): TestFigures => ({
  threadCpuMs,
  cpuMs,
  wallMs,
  rssGrowthMb,
  heapGrowthMb,
  durationMs: wallMs,
  throughputPerSec: 1000 / Math.max(wallMs, 0.001),
  peakRssMb,
});

/**
 * Measures one workload the way the perf fixture does: `perf.repeat` (PerfRecorder) with `repeat` (at least
 * `repeat.rounds` rounds, more up to its CPU budget), each round r with `extraCpuMs[r]` of injected thread CPU (25% of
 * that round's usual cost, as rounds get cheaper as the JIT warms; the last entry for later rounds). `single` is the
 * first round alone (what a spec that times its work once measures: a cold first execution in this process);
 * `repeatedFixed` is what a fixed `perf.repeat` of `repeat.rounds` rounds records (its first rounds: thread CPU
 * rounds × the fastest round; process CPU and wall time: rounds × the median round); `repeated` is what the fixture
 * records for the whole section (the same, over every round that ran).
 */
export async function measureTest(
  workload: VerdictWorkload,
  extraCpuMs: readonly number[],
  repeat: RepeatOptions,
): Promise<TestSample> {
  const recorder = new PerfRecorder();
  await recorder.repeat('work', repeat, async (round) => {
    await workload.run();
    const extra = extraCpuMs[Math.min(round, extraCpuMs.length - 1)] ?? 0;
    if (extra > 0) burnCpu(extra);
  });
  const work = recorder.snapshot();
  const m = work.measured;
  const first = work.windows[0];
  const section = work.sections[0];
  if (m === undefined || first === undefined || section === undefined) throw new Error('no measured window');
  const fixed = summarizeWork(work.windows.slice(0, repeat.rounds), [
    {
      name: section.name,
      wallMs: section.wallMs.slice(0, repeat.rounds),
      cpuMs: section.cpuMs.slice(0, repeat.rounds),
      ...(section.threadCpuMs !== undefined ? { threadCpuMs: section.threadCpuMs.slice(0, repeat.rounds) } : {}),
    },
  ]);
  if (fixed === undefined) throw new Error('no measured window');
  const threadRounds = section.threadCpuMs ?? section.cpuMs;
  return {
    single: figuresOf(
      threadRounds[0] ?? 0,
      section.cpuMs[0] ?? 0,
      section.wallMs[0] ?? 0,
      (first.rssPeakBytes - first.rssStartBytes) / MB,
      (first.heapPeakBytes - first.heapStartBytes) / MB,
      first.rssPeakBytes / MB,
    ),
    repeated: figuresOf(m.threadCpuMs ?? m.cpuMs, m.cpuMs, m.wallMs, m.rssGrowthMb, m.heapGrowthMb, m.rssPeakMb),
    repeatedFixed: figuresOf(
      fixed.threadCpuMs ?? fixed.cpuMs,
      fixed.cpuMs,
      fixed.wallMs,
      fixed.rssGrowthMb,
      fixed.heapGrowthMb,
      fixed.rssPeakMb,
    ),
    roundsCpuMs: [...section.cpuMs],
    roundsThreadCpuMs: [...threadRounds],
  };
}

/** What one suite-run process measured: every test once, in the suite's fixed order, then the old calibration. */
export interface SuiteRunResult {
  calibrationMs: number;
  tests: Record<string, TestSample>;
}

/** Runs every workload once in order (each with its injected CPU, 0 for none), then the old detector's calibration. */
export async function measureSuiteRun(
  workloads: readonly VerdictWorkload[],
  extraCpuMs: Record<string, readonly number[]>,
  repeat: RepeatOptions,
): Promise<SuiteRunResult> {
  const tests: Record<string, TestSample> = {};
  for (const workload of workloads)
    tests[workload.name] = await measureTest(workload, extraCpuMs[workload.name] ?? [], repeat);
  return { calibrationMs: runCalibration().medianMs, tests };
}
