import { readFileSync } from 'node:fs';

/** Process readings the recorder takes at the edges of each measured window. Injectable for tests. */
export interface UsageProbe {
  /** `process.cpuUsage()`: microseconds of user and system CPU of the whole process (all threads). */
  cpuUsage(): { user: number; system: number };
  /** `process.memoryUsage()` (only rss and heapUsed are read). */
  memoryUsage(): { rss: number; heapUsed: number };
  /**
   * Microseconds of CPU (user + system) the calling thread (the test's own JavaScript thread) has run. Without it
   * the recorder records no thread CPU.
   */
  threadCpuMicros?(): number;
}

const THREAD_SCHEDSTAT = '/proc/thread-self/schedstat';

/**
 * The calling thread's CPU time in µs, from Linux's `/proc/thread-self/schedstat` (first field: ns on CPU), or
 * undefined where there is no such file. Unlike `process.cpuUsage()` it leaves out V8's background threads
 * (concurrent compilation and GC helpers), whose share of a window's CPU time varies from run to run.
 */
export function readThreadCpuMicros(): number | undefined {
  try {
    // The kernel brings a running thread's on-CPU sum up to date only at a scheduler tick (4 ms at HZ=250) or when
    // asked; getrusage(RUSAGE_SELF), which process.cpuUsage() calls, asks for the calling thread. Without it the
    // figure lags by up to a tick, too coarse for rounds of a few ms.
    process.cpuUsage();
    const ns = Number(readFileSync(THREAD_SCHEDSTAT, 'utf8').split(' ', 1)[0]);
    return Number.isFinite(ns) ? ns / 1000 : undefined;
  } catch {
    return undefined;
  }
}

const threadCpuAvailable = readThreadCpuMicros() !== undefined;

export const processUsageProbe: UsageProbe = {
  cpuUsage: () => process.cpuUsage(),
  memoryUsage: () => process.memoryUsage(),
  ...(threadCpuAvailable ? { threadCpuMicros: () => readThreadCpuMicros() ?? 0 } : {}),
};

/** One stretch of time during which at least one `time()`/`measure()`/`repeat()` round was running. */
export interface WorkWindow {
  /** Clock readings (ms) at the window's start and end. */
  readonly startMs: number;
  readonly endMs: number;
  /** Process CPU (user + system) spent over the window, ms. */
  readonly cpuMs: number;
  /** CPU of the test's own thread over the window, ms (when the probe reads it). */
  readonly threadCpuMs?: number;
  readonly rssStartBytes: number;
  readonly heapStartBytes: number;
  /** Highest readings seen within the window (its edges, plus any monitor sample that falls inside it). */
  readonly rssPeakBytes: number;
  readonly heapPeakBytes: number;
}

/** One `perf.repeat` section: what each of its rounds cost. */
export interface RepeatSection {
  readonly name: string;
  /**
   * Rounds the section's figures count (`rounds` × a per-round figure) when it ran more than that (`minCpuMs`);
   * absent when every round that ran is counted.
   */
  readonly counted?: number;
  readonly wallMs: readonly number[];
  readonly cpuMs: readonly number[];
  /** CPU of the test's own thread per round (when the probe reads it). */
  readonly threadCpuMs?: readonly number[];
}

/**
 * What the test's own measured work cost: the figures a regression detector judges. `wallMs`/`cpuMs` are robust
 * totals: a `perf.repeat` section contributes rounds × its median round instead of the sum of its rounds, so one
 * preempted or GC-heavy round does not move the figure. Memory is the test's own growth within its windows (peak
 * minus the window's start), the largest over its windows; the worker's absolute figures are context only.
 */
export interface WorkCost {
  readonly wallMs: number;
  readonly cpuMs: number;
  /**
   * CPU time of the test's own thread over its windows, a `perf.repeat` section counted as rounds × its fastest
   * round (load on the machine only ever adds to a round's cost, so the fastest round is the least disturbed one).
   * This is what the regression detector judges; undefined where the thread's CPU cannot be read.
   */
  readonly threadCpuMs?: number;
  /** Exact sums over the windows, before the median substitution. */
  readonly totalWallMs: number;
  readonly totalCpuMs: number;
  readonly rssGrowthMb: number;
  readonly heapGrowthMb: number;
  /** The worker's absolute RSS at the start of the first window and its peak over all windows (context). */
  readonly rssStartMb: number;
  readonly rssPeakMb: number;
  /** How many numbers the figures rest on: the largest round count of a repeat section, else 1. */
  readonly samples: number;
  readonly windows: number;
  /** Where the figures came from: the spec's measured windows, or the whole test body when it timed nothing. */
  readonly source: 'windows' | 'test-body';
  readonly sections: readonly RepeatSection[];
}

const MB = 1024 * 1024;
const round2 = (n: number): number => Math.round(n * 100) / 100;
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** A memory reading at a clock time, e.g. a monitor timeline sample. */
export interface MemoryReading {
  readonly atMs: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
}

/** Raises each window's peaks with the readings that fall inside it (the monitor samples every 100 ms). */
export function withPeaksFrom(windows: readonly WorkWindow[], readings: readonly MemoryReading[]): WorkWindow[] {
  return windows.map((w) => {
    let rssPeakBytes = w.rssPeakBytes;
    let heapPeakBytes = w.heapPeakBytes;
    for (const r of readings) {
      if (r.atMs < w.startMs || r.atMs > w.endMs) continue;
      rssPeakBytes = Math.max(rssPeakBytes, r.rssBytes);
      heapPeakBytes = Math.max(heapPeakBytes, r.heapUsedBytes);
    }
    return { ...w, rssPeakBytes, heapPeakBytes };
  });
}

/** Folds the windows and repeat sections into the test's cost; undefined when nothing was measured. */
export function summarizeWork(
  windows: readonly WorkWindow[],
  sections: readonly RepeatSection[],
): WorkCost | undefined {
  const first = windows[0];
  if (first === undefined) return undefined;
  const totalWallMs = sum(windows.map((w) => w.endMs - w.startMs));
  const totalCpuMs = sum(windows.map((w) => w.cpuMs));
  let wallMs = totalWallMs;
  let cpuMs = totalCpuMs;
  for (const s of sections) {
    if (s.wallMs.length === 0) continue;
    const counted = s.counted ?? s.wallMs.length;
    wallMs += counted * medianOf(s.wallMs) - sum(s.wallMs);
    cpuMs += counted * medianOf(s.cpuMs) - sum(s.cpuMs);
  }
  const roundCounts = sections.map((s) => s.wallMs.length);
  const threadCpuMs = robustThreadCpu(windows, sections);
  return {
    wallMs: round2(Math.max(0, wallMs)),
    cpuMs: round2(Math.max(0, cpuMs)),
    ...(threadCpuMs !== undefined ? { threadCpuMs: round2(Math.max(0, threadCpuMs)) } : {}),
    totalWallMs: round2(totalWallMs),
    totalCpuMs: round2(totalCpuMs),
    rssGrowthMb: round2(Math.max(...windows.map((w) => w.rssPeakBytes - w.rssStartBytes)) / MB),
    heapGrowthMb: round2(Math.max(...windows.map((w) => w.heapPeakBytes - w.heapStartBytes)) / MB),
    rssStartMb: round2(first.rssStartBytes / MB),
    rssPeakMb: round2(Math.max(...windows.map((w) => w.rssPeakBytes)) / MB),
    samples: Math.max(1, ...roundCounts),
    windows: windows.length,
    source: 'windows',
    sections,
  };
}

/** Thread CPU over the windows, each repeat section as rounds × its fastest round; undefined unless every window has it. */
function robustThreadCpu(windows: readonly WorkWindow[], sections: readonly RepeatSection[]): number | undefined {
  let total = 0;
  for (const w of windows) {
    if (w.threadCpuMs === undefined) return undefined;
    total += w.threadCpuMs;
  }
  for (const s of sections) {
    const rounds = s.threadCpuMs;
    if (rounds === undefined || rounds.length === 0) continue;
    total += (s.counted ?? rounds.length) * Math.min(...rounds) - sum(rounds);
  }
  return total;
}
