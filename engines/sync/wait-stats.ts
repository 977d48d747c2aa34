/** How long grants waited, the numbers a fairness test asserts on. */
export interface WaitStats {
  readonly count: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /** Population standard deviation of the waits. */
  readonly stdDevMs: number;
  /** `maxMs - minMs`: how unevenly waiting was shared out. */
  readonly spreadMs: number;
}

/** Running aggregate (Welford) so recording a wait is O(1) and memory stays flat under a long stress run. */
export class WaitRecorder {
  private count = 0;
  private mean = 0;
  private m2 = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = 0;

  record(waitMs: number): void {
    this.count += 1;
    const delta = waitMs - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (waitMs - this.mean);
    this.min = Math.min(this.min, waitMs);
    this.max = Math.max(this.max, waitMs);
  }

  snapshot(): WaitStats {
    if (this.count === 0) return { count: 0, minMs: 0, maxMs: 0, meanMs: 0, stdDevMs: 0, spreadMs: 0 };
    return {
      count: this.count,
      minMs: this.min,
      maxMs: this.max,
      meanMs: this.mean,
      stdDevMs: Math.sqrt(this.m2 / this.count),
      spreadMs: this.max - this.min,
    };
  }
}
