import { performance } from 'node:perf_hooks';

/** How fast this machine ran the fixed calibration workload, in this run. */
export interface Calibration {
  /** Median wall time of one round; the unit that per-test numbers are divided by. */
  medianMs: number;
  roundsMs: number[];
  /** Result of the workload; identical on every machine, proving the same work was done. */
  checksum: number;
}

export interface CalibrationOptions {
  /** Rounds timed (median taken, so one preempted round does not skew it). Default 7. */
  rounds?: number;
  /** Elements sorted per round. Default 200_000 (~20-60 ms on a CI core). */
  size?: number;
  now?: () => number;
}

/**
 * Times a small deterministic CPU workload (seeded xorshift fill, numeric sort, rolling hash) so durations
 * measured on different machines can be compared as multiples of it.
 */
export function runCalibration(options: CalibrationOptions = {}): Calibration {
  const rounds = options.rounds ?? 7;
  const size = options.size ?? 200_000;
  const now = options.now ?? (() => performance.now());
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be a positive integer, got ${rounds}`);
  const roundsMs: number[] = [];
  let checksum = 0;
  for (let r = 0; r < rounds; r += 1) {
    const start = now();
    checksum = calibrationWorkload(size);
    roundsMs.push(now() - start);
  }
  return { medianMs: median(roundsMs), roundsMs, checksum };
}

/** The workload itself: pure, deterministic, returns a checksum of its result. */
export function calibrationWorkload(size: number): number {
  const values = new Float64Array(size);
  let state = 0x9e3779b9;
  for (let i = 0; i < size; i += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    values[i] = (state >>> 0) / 0x1_0000_0000;
  }
  values.sort();
  let hash = 0;
  for (let i = 0; i < size; i += 97) hash = (Math.imul(hash, 31) + Math.floor((values[i] ?? 0) * 1e6)) >>> 0;
  return hash;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
