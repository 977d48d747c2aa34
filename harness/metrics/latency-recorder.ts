import { build, type Histogram } from 'hdr-histogram-js';

/** Latency distribution in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** 'exact': nearest-rank over every value. 'hdr': HDR histogram, 3 significant digits (≤ 0.1 % error). */
  readonly method: 'exact' | 'hdr';
}

export interface LatencyRecorderOptions {
  /**
   * Keep raw values up to this many, and switch to an HDR histogram beyond. Default 100 000: small samples
   * get exact nearest-rank percentiles (where rounding would show, and tests can assert exact values);
   * a multi-million-operation load keeps bounded memory (800 KB of raw doubles at the cap, then a fixed
   * few hundred KB of histogram) with at most 0.1 % error.
   */
  readonly exactLimit?: number;
}

/** Nearest-rank percentile of an ascending array: the smallest value with at least p % of values ≤ it. */
function nearestRank(sorted: Float64Array, percentile: number): number {
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[rank - 1] ?? 0;
}

const US_PER_MS = 1000;

/** Collects latencies (ms) and summarises them as p50/p90/p99/max. */
export class LatencyRecorder {
  readonly #exactLimit: number;
  #values: number[] = [];
  #histogram: Histogram | undefined;
  #sum = 0;
  #max = 0;
  #count = 0;

  constructor(options: LatencyRecorderOptions = {}) {
    this.#exactLimit = options.exactLimit ?? 100_000;
  }

  get count(): number {
    return this.#count;
  }

  /** Records one latency in ms; negative or non-finite values are misuse and throw. */
  record(latencyMs: number): void {
    if (!Number.isFinite(latencyMs) || latencyMs < 0)
      throw new RangeError(`latency must be a finite number ≥ 0, got ${latencyMs}`);
    this.#count++;
    this.#sum += latencyMs;
    this.#max = Math.max(this.#max, latencyMs);
    if (this.#histogram !== undefined) {
      this.#histogram.recordValue(Math.round(latencyMs * US_PER_MS));
      return;
    }
    this.#values.push(latencyMs);
    if (this.#values.length > this.#exactLimit) this.#switchToHistogram();
  }

  #switchToHistogram(): void {
    // Microsecond integers: HDR histograms record integers, and sub-µs latency is below timer resolution anyway.
    const histogram = build({
      bitBucketSize: 'packed',
      numberOfSignificantValueDigits: 3,
      autoResize: true,
      useWebAssembly: false,
    });
    for (const value of this.#values) histogram.recordValue(Math.round(value * US_PER_MS));
    this.#values = [];
    this.#histogram = histogram;
  }

  /** Undefined when nothing was recorded (a throughput-only test has no latency to report). */
  summarize(): LatencySummary | undefined {
    if (this.#count === 0) return undefined;
    const meanMs = this.#sum / this.#count;
    const histogram = this.#histogram;
    if (histogram !== undefined) {
      const at = (p: number): number => Math.min(histogram.getValueAtPercentile(p) / US_PER_MS, this.#max);
      return {
        count: this.#count,
        meanMs,
        p50Ms: at(50),
        p90Ms: at(90),
        p99Ms: at(99),
        maxMs: this.#max,
        method: 'hdr',
      };
    }
    const sorted = Float64Array.from(this.#values).sort();
    return {
      count: this.#count,
      meanMs,
      p50Ms: nearestRank(sorted, 50),
      p90Ms: nearestRank(sorted, 90),
      p99Ms: nearestRank(sorted, 99),
      maxMs: this.#max,
      method: 'exact',
    };
  }
}
