import { fitTheilSen, type Point } from './theil-sen.js';

/** A heap reading taken right after a full GC, so only live objects count. */
export interface HeapSample {
  /** ms since the soak started. */
  readonly atMs: number;
  readonly heapUsedBytes: number;
}

export interface LeakDetectionOptions {
  /**
   * Growth above this, in MB per minute, is a leak. Default 2: in the first minutes JIT code and inline caches
   * alone add up to ~1 MB/min on this harness's loads; lower it for hour-long soaks, where they have settled.
   */
  readonly thresholdMbPerMin?: number;
  /** Samples before this time are warm-up (JIT, caches, pools filling) and ignored. Default 20 % of the run, at most 2 min. */
  readonly warmupMs?: number;
  /** A verdict needs at least this much post-warm-up time... Default 30 s. */
  readonly minWindowMs?: number;
  /** ...and at least this many samples. Default 10. */
  readonly minSamples?: number;
}

export type LeakStatus = 'leak' | 'no-leak' | 'insufficient-data';

export interface LeakVerdict {
  readonly status: LeakStatus;
  /** Theil–Sen slope over the post-warm-up window, MB/min (undefined without enough data). */
  readonly slopeMbPerMin: number | undefined;
  /** Same fit over the second half of the window: a leak keeps growing, a one-off step does not. */
  readonly lateSlopeMbPerMin: number | undefined;
  /** Fitted heap at the start of the window, MB. */
  readonly interceptMb: number | undefined;
  readonly thresholdMbPerMin: number;
  readonly warmupMs: number;
  /** First post-warm-up sample time (ms since start): `interceptMb` is the fit's value there. */
  readonly windowStartMs: number;
  readonly windowMs: number;
  readonly samplesUsed: number;
  /** Why the verdict is what it is, in one line. */
  readonly reason: string;
}

const MB = 1024 * 1024;
const MINUTE = 60_000;

/**
 * Flags a sustained leak in post-GC heap samples: after the warm-up, the robust (Theil–Sen) slope of the heap must
 * exceed the threshold, and so must the slope of the window's second half, so a cache that filled once and then
 * stayed flat is not a leak while steady growth is. Too short a window gives `insufficient-data`, never a guess.
 */
export function detectLeak(samples: readonly HeapSample[], options: LeakDetectionOptions = {}): LeakVerdict {
  const threshold = options.thresholdMbPerMin ?? 2;
  if (!(threshold > 0)) throw new RangeError(`thresholdMbPerMin must be > 0, got ${threshold}`);
  const lastAt = samples.at(-1)?.atMs ?? 0;
  const warmupMs = options.warmupMs ?? Math.min(2 * MINUTE, 0.2 * lastAt);
  const minWindowMs = options.minWindowMs ?? 30_000;
  const minSamples = Math.max(4, options.minSamples ?? 10);
  const window = samples.filter((sample) => sample.atMs >= warmupMs);
  const windowMs = window.length === 0 ? 0 : (window.at(-1) as HeapSample).atMs - (window[0] as HeapSample).atMs;
  const base = {
    thresholdMbPerMin: threshold,
    warmupMs,
    windowStartMs: window[0]?.atMs ?? warmupMs,
    windowMs,
    samplesUsed: window.length,
  };
  if (window.length < minSamples || windowMs < minWindowMs) {
    return {
      ...base,
      status: 'insufficient-data',
      slopeMbPerMin: undefined,
      lateSlopeMbPerMin: undefined,
      interceptMb: undefined,
      reason: `need ${minSamples} samples over ${minWindowMs / 1000}s after a ${(warmupMs / 1000).toFixed(0)}s warm-up; have ${window.length} over ${(windowMs / 1000).toFixed(1)}s`,
    };
  }
  const toPoints = (list: readonly HeapSample[]): Point[] =>
    list.map((s) => ({ x: s.atMs / MINUTE, y: s.heapUsedBytes / MB }));
  const origin = (window[0] as HeapSample).atMs / MINUTE;
  const fit = fitTheilSen(toPoints(window));
  const late = fitTheilSen(toPoints(window.slice(Math.floor(window.length / 2))));
  const leaking = fit.slope > threshold && late.slope > threshold;
  const fmt = (n: number): string => n.toFixed(3);
  return {
    ...base,
    status: leaking ? 'leak' : 'no-leak',
    slopeMbPerMin: fit.slope,
    lateSlopeMbPerMin: late.slope,
    interceptMb: fit.intercept + fit.slope * origin,
    reason: leaking
      ? `heap grows ${fmt(fit.slope)} MB/min (second half ${fmt(late.slope)}) > ${threshold} MB/min`
      : fit.slope > threshold
        ? `heap rose ${fmt(fit.slope)} MB/min early but only ${fmt(late.slope)} MB/min later: not sustained`
        : `heap slope ${fmt(fit.slope)} MB/min <= ${threshold} MB/min`,
  };
}
