import { performance } from 'node:perf_hooks';
import { LatencyRecorder, type LatencySummary } from './latency-recorder.js';
import {
  processUsageProbe,
  summarizeWork,
  type RepeatSection,
  type UsageProbe,
  type WorkCost,
  type WorkWindow,
} from './work-cost.js';
import { errorWithName } from '../../engines/common/index.js';

/** What a spec recorded about its own work, as plain data. */
export interface RecordedWork {
  readonly itemsProcessed: number;
  /** Wall time during which at least one `time()`/`measure()` call was running; undefined if none ran. */
  readonly workMs: number | undefined;
  readonly latency: LatencySummary | undefined;
  readonly errors: number;
  /** The first few error messages, to show what went wrong without flooding the attachment. */
  readonly errorSamples: readonly string[];
  readonly counters: Readonly<Record<string, number>>;
  /** Every measured window (CPU and memory at its edges), in order. */
  readonly windows: readonly WorkWindow[];
  /** `repeat()` sections with their per-round figures. */
  readonly sections: readonly RepeatSection[];
  /** The measured work's cost (CPU time, robust wall time, memory growth); undefined if nothing was timed. */
  readonly measured: WorkCost | undefined;
}

/** Clock, process CPU and thread CPU read together at a window's or a round's edge. */
interface Reading {
  readonly clock: number;
  readonly cpuMicros: number;
  readonly threadMicros: number | undefined;
}

/** How `repeat()` samples a fast section. */
export interface RepeatOptions {
  /**
   * Rounds the section counts as: its figures are `rounds` × a per-round figure (the fastest round for thread CPU,
   * the median round for process CPU and wall time), however many rounds ran. Also the rounds that run at least.
   */
  readonly rounds: number;
  /**
   * Keep running rounds beyond `rounds` until the section has spent this much CPU time (the test thread's, or the
   * process's where the thread's cannot be read), so a section of short rounds is measured past its JIT warm-up and
   * its fastest round is seen among many. Bounded by `maxRounds` and `maxMs`.
   */
  readonly minCpuMs?: number;
  /** At most this many rounds. Default `rounds`, or 100 with `minCpuMs`. */
  readonly maxRounds?: number;
  /** Stop after this much wall time spent in the section, even if rounds remain (at least one round runs). */
  readonly maxMs?: number;
}

const DEFAULT_MAX_ADAPTIVE_ROUNDS = 100;

export interface PerfRecorderOptions {
  /** Monotonic clock in ms. Default `performance.now`. */
  readonly clock?: () => number;
  /** How many error messages to keep. Default 10. */
  readonly maxErrorSamples?: number;
  /** CPU and memory readings at the edges of each measured window. Default: this process. */
  readonly usage?: UsageProbe;
}

/**
 * The spec's side of the measurement: items processed, per-operation latencies, errors, named work
 * counters, and the exact time spent inside the work (performance.now() around it, nothing else).
 */
export class PerfRecorder {
  readonly #clock: () => number;
  readonly #maxErrorSamples: number;
  readonly #usage: UsageProbe;
  readonly #windows: WorkWindow[] = [];
  readonly #sections = new Map<string, { counted: number; wallMs: number[]; cpuMs: number[]; threadCpuMs: number[] }>();
  #open:
    { startMs: number; cpuMicros: number; threadMicros: number | undefined; rss: number; heap: number } | undefined;
  readonly #latency = new LatencyRecorder();
  readonly #counters = new Map<string, number>();
  readonly #errorSamples: string[] = [];
  #items = 0;
  #errors = 0;
  #active = 0;
  #activeSince = 0;
  #workMs: number | undefined;

  constructor(options: PerfRecorderOptions = {}) {
    this.#clock = options.clock ?? (() => performance.now());
    this.#maxErrorSamples = options.maxErrorSamples ?? 10;
    this.#usage = options.usage ?? processUsageProbe;
  }

  /** Counts processed items (requests served, files read, nodes run...); they drive throughput. */
  addItems(count = 1): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`item count must be an integer ≥ 0, got ${count}`);
    this.#items += count;
  }

  recordLatency(latencyMs: number): void {
    this.#latency.record(latencyMs);
  }

  recordError(error?: unknown): void {
    this.#errors++;
    if (error !== undefined && this.#errorSamples.length < this.#maxErrorSamples)
      this.#errorSamples.push(errorWithName(error));
  }

  /** Adds to a named work counter (e.g. `bytesHashed`), creating it at 0. */
  count(name: string, by = 1): void {
    if (!Number.isFinite(by)) throw new RangeError(`counter increment must be finite, got ${by}`);
    this.#counters.set(name, (this.#counters.get(name) ?? 0) + by);
  }

  /**
   * Runs `work` and adds its wall time to the work time. Overlapping calls are counted once (the union
   * of the intervals), so `Promise.all` over many timed tasks measures elapsed time, not the sum.
   */
  async time<T>(work: () => T | Promise<T>): Promise<T> {
    this.#enter();
    try {
      return await work();
    } finally {
      this.#leave();
    }
  }

  /**
   * Times one operation: records its latency, then counts one item if it succeeded or one error if it
   * threw (and rethrows). Its time also counts as work time.
   */
  async measure<T>(operation: () => T | Promise<T>): Promise<T> {
    this.#enter();
    const start = this.#clock();
    try {
      const value = await operation();
      this.#latency.record(this.#clock() - start);
      this.#items++;
      return value;
    } catch (error) {
      this.#latency.record(this.#clock() - start);
      this.recordError(error);
      throw error;
    } finally {
      this.#leave();
    }
  }

  /**
   * Runs a fast measured section several times so a verdict rests on more than one number: each round is timed
   * (wall, process CPU and the test thread's CPU) like `time()`, and the test's measured figures count the section
   * as `rounds` × its median round (the thread's CPU, which the regression detector judges: `rounds` × its fastest
   * round). With `minCpuMs` it runs more rounds (up to `maxRounds`) until the section has spent that much CPU time,
   * still counted as `rounds` rounds, so runs that ran a different number of rounds stay comparable. Rounds run one
   * after another; `fn` gets the round index. Returns every round's result.
   *
   * @example
   * ```ts
   * await perf.repeat('parse suite', { rounds: 5, maxMs: 20_000 }, () => parseFeatures(files));
   * await perf.repeat('run workflows', { rounds: 3, minCpuMs: 300, maxRounds: 50, maxMs: 30_000 }, () => runAll());
   * ```
   */
  async repeat<T>(name: string, rounds: number | RepeatOptions, fn: (round: number) => T | Promise<T>): Promise<T[]> {
    const options = typeof rounds === 'number' ? { rounds } : rounds;
    if (!Number.isInteger(options.rounds) || options.rounds < 1)
      throw new RangeError(`repeat rounds must be an integer ≥ 1, got ${options.rounds}`);
    if (options.maxMs !== undefined && !(options.maxMs > 0))
      throw new RangeError(`repeat maxMs must be > 0, got ${options.maxMs}`);
    if (options.minCpuMs !== undefined && !(options.minCpuMs > 0))
      throw new RangeError(`repeat minCpuMs must be > 0, got ${options.minCpuMs}`);
    const maxRounds =
      options.maxRounds ??
      (options.minCpuMs !== undefined ? Math.max(options.rounds, DEFAULT_MAX_ADAPTIVE_ROUNDS) : options.rounds);
    if (!Number.isInteger(maxRounds) || maxRounds < options.rounds)
      throw new RangeError(`repeat maxRounds must be an integer ≥ rounds (${options.rounds}), got ${maxRounds}`);
    const section = this.#sections.get(name) ?? { counted: 0, wallMs: [], cpuMs: [], threadCpuMs: [] };
    this.#sections.set(name, section);
    const results: T[] = [];
    const began = this.#clock();
    let spentCpuMs = 0;
    for (let round = 0; round < maxRounds; round++) {
      if (round > 0 && options.maxMs !== undefined && this.#clock() - began >= options.maxMs) break;
      if (round >= options.rounds && spentCpuMs >= (options.minCpuMs ?? 0)) break;
      // The round and the window it opens share their edge readings, so the section's rounds add up to its windows
      // exactly (the readings' own cost lands in both the same way) however many rounds run.
      const before = this.#read();
      this.#enter(before);
      let after: Reading | undefined;
      try {
        results.push(await fn(round));
      } finally {
        after = this.#read();
        this.#leave(after);
      }
      section.wallMs.push(after.clock - before.clock);
      const cpuMs = (after.cpuMicros - before.cpuMicros) / 1000;
      section.cpuMs.push(cpuMs);
      const threadMs =
        before.threadMicros !== undefined && after.threadMicros !== undefined
          ? (after.threadMicros - before.threadMicros) / 1000
          : undefined;
      if (threadMs !== undefined) section.threadCpuMs.push(threadMs);
      spentCpuMs += threadMs ?? cpuMs;
    }
    // A section cut short by maxMs counts the rounds it ran, fewer than asked.
    section.counted += Math.min(options.rounds, results.length);
    return results;
  }

  #threadCpuSince(startMicros: number | undefined): { threadCpuMs?: number } {
    const now = this.#usage.threadCpuMicros?.();
    return startMicros === undefined || now === undefined ? {} : { threadCpuMs: (now - startMicros) / 1000 };
  }

  #cpuMicros(): number {
    const cpu = this.#usage.cpuUsage();
    return cpu.user + cpu.system;
  }

  #read(): Reading {
    return { clock: this.#clock(), cpuMicros: this.#cpuMicros(), threadMicros: this.#usage.threadCpuMicros?.() };
  }

  #enter(at?: Reading): void {
    if (this.#active === 0) {
      const start = at ?? this.#read();
      this.#activeSince = start.clock;
      const memory = this.#usage.memoryUsage();
      this.#open = {
        startMs: start.clock,
        cpuMicros: start.cpuMicros,
        threadMicros: start.threadMicros,
        rss: memory.rss,
        heap: memory.heapUsed,
      };
    }
    this.#active++;
  }

  #leave(at?: Reading): void {
    this.#active--;
    if (this.#active === 0) {
      const end = at ?? this.#read();
      this.#workMs = (this.#workMs ?? 0) + (end.clock - this.#activeSince);
      this.#closeWindow(end);
    }
  }

  #closeWindow(end: Reading): void {
    const open = this.#open;
    if (open === undefined) return;
    this.#open = undefined;
    const memory = this.#usage.memoryUsage();
    this.#windows.push({
      startMs: open.startMs,
      endMs: end.clock,
      cpuMs: (end.cpuMicros - open.cpuMicros) / 1000,
      ...(open.threadMicros !== undefined && end.threadMicros !== undefined
        ? { threadCpuMs: (end.threadMicros - open.threadMicros) / 1000 }
        : {}),
      rssStartBytes: open.rss,
      heapStartBytes: open.heap,
      rssPeakBytes: Math.max(open.rss, memory.rss),
      heapPeakBytes: Math.max(open.heap, memory.heapUsed),
    });
  }

  /** Everything recorded so far. Work still in progress is counted up to now. */
  snapshot(): RecordedWork {
    const running = this.#active > 0 ? this.#clock() - this.#activeSince : 0;
    const windows = [...this.#windows];
    if (this.#open !== undefined) {
      // Work still running (a test that timed out mid-window): count it up to now, as workMs does.
      const memory = this.#usage.memoryUsage();
      windows.push({
        startMs: this.#open.startMs,
        endMs: this.#clock(),
        cpuMs: (this.#cpuMicros() - this.#open.cpuMicros) / 1000,
        ...this.#threadCpuSince(this.#open.threadMicros),
        rssStartBytes: this.#open.rss,
        heapStartBytes: this.#open.heap,
        rssPeakBytes: Math.max(this.#open.rss, memory.rss),
        heapPeakBytes: Math.max(this.#open.heap, memory.heapUsed),
      });
    }
    const sections = [...this.#sections].map(([name, s]) => ({
      name,
      ...(s.counted !== s.wallMs.length ? { counted: s.counted } : {}),
      wallMs: [...s.wallMs],
      cpuMs: [...s.cpuMs],
      ...(s.threadCpuMs.length === s.cpuMs.length && s.threadCpuMs.length > 0
        ? { threadCpuMs: [...s.threadCpuMs] }
        : {}),
    }));
    return {
      windows,
      sections,
      measured: summarizeWork(windows, sections),
      itemsProcessed: this.#items,
      workMs: this.#workMs === undefined && this.#active === 0 ? undefined : (this.#workMs ?? 0) + running,
      latency: this.#latency.summarize(),
      errors: this.#errors,
      errorSamples: [...this.#errorSamples],
      counters: Object.fromEntries([...this.#counters].sort(([a], [b]) => a.localeCompare(b))),
    };
  }
}
