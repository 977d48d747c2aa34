import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { repeatEvery, type Clock } from '../../engines/common/index.js';

export interface LoopDelayStats {
  readonly meanMs: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

const US_PER_MS = 1000;

/**
 * Event-loop delay measured by our own high-frequency timer: each tick records how late it fired.
 *
 * Why not `perf_hooks.monitorEventLoopDelay`: its first tick after `enable()` or `reset()` only primes
 * it, so a block that starts right after the monitor starts, or right after a per-interval reset, is
 * never recorded (verified: a 500 ms block after reset() reported a 27 ms max). Owning the timer lets the
 * previous tick time survive interval boundaries, and the start time stands in for the first tick.
 */
export class LoopDelaySampler {
  readonly #clock: Clock;
  readonly #resolutionMs: number;
  readonly #stopTimer: () => void;
  readonly #total: RecordableHistogram = createHistogram();
  #last: number;
  #intervalSum = 0;
  #intervalCount = 0;
  #intervalMax = 0;

  constructor(clock: Clock, resolutionMs: number) {
    this.#clock = clock;
    this.#resolutionMs = resolutionMs;
    this.#last = clock.now();
    // A forgotten monitor must not keep a worker process alive.
    this.#stopTimer = repeatEvery(clock, resolutionMs, () => this.#tick(), { unref: true });
  }

  #tick(): void {
    const now = this.#clock.now();
    const lag = Math.max(0, now - this.#last - this.#resolutionMs);
    this.#last = now;
    this.#intervalSum += lag;
    this.#intervalCount++;
    this.#intervalMax = Math.max(this.#intervalMax, lag);
    this.#total.record(Math.max(1, Math.round(lag * US_PER_MS)));
  }

  /** Mean and max delay since the previous call; a tick that is overdue right now counts in the max. */
  takeInterval(): { meanMs: number; maxMs: number } {
    const pending = Math.max(0, this.#clock.now() - this.#last - this.#resolutionMs);
    const result = {
      meanMs: this.#intervalCount > 0 ? this.#intervalSum / this.#intervalCount : pending,
      maxMs: Math.max(this.#intervalMax, pending),
    };
    this.#intervalSum = 0;
    this.#intervalCount = 0;
    this.#intervalMax = 0;
    return result;
  }

  /** Distribution over every tick since start. */
  total(): LoopDelayStats {
    if (this.#total.count === 0) return { meanMs: 0, p99Ms: 0, maxMs: 0 };
    return {
      meanMs: this.#total.mean / US_PER_MS,
      p99Ms: this.#total.percentile(99) / US_PER_MS,
      maxMs: this.#total.max / US_PER_MS,
    };
  }

  stop(): void {
    this.#stopTimer();
  }
}
