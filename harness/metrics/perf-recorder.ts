import { performance } from 'node:perf_hooks';
import { LatencyRecorder, type LatencySummary } from './latency-recorder.js';

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
}

export interface PerfRecorderOptions {
  /** Monotonic clock in ms. Default `performance.now`. */
  readonly clock?: () => number;
  /** How many error messages to keep. Default 10. */
  readonly maxErrorSamples?: number;
}

const messageOf = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * The spec's side of the measurement: items processed, per-operation latencies, errors, named work
 * counters, and the exact time spent inside the work (performance.now() around it, nothing else).
 */
export class PerfRecorder {
  readonly #clock: () => number;
  readonly #maxErrorSamples: number;
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
    if (error !== undefined && this.#errorSamples.length < this.#maxErrorSamples) this.#errorSamples.push(messageOf(error));
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

  #enter(): void {
    if (this.#active === 0) this.#activeSince = this.#clock();
    this.#active++;
  }

  #leave(): void {
    this.#active--;
    if (this.#active === 0) this.#workMs = (this.#workMs ?? 0) + (this.#clock() - this.#activeSince);
  }

  /** Everything recorded so far. Work still in progress is counted up to now. */
  snapshot(): RecordedWork {
    const running = this.#active > 0 ? this.#clock() - this.#activeSince : 0;
    return {
      itemsProcessed: this.#items,
      workMs: this.#workMs === undefined && this.#active === 0 ? undefined : (this.#workMs ?? 0) + running,
      latency: this.#latency.summarize(),
      errors: this.#errors,
      errorSamples: [...this.#errorSamples],
      counters: Object.fromEntries([...this.#counters].sort(([a], [b]) => a.localeCompare(b))),
    };
  }
}
