import { median } from './history-durations.js';

/**
 * What a shard's wall time is made of, beyond the sum of its tests' own durations (`TestResult.duration`, what the
 * history records): a fixed cost per shard process (Node and the TypeScript loader start, the config is read, the
 * files are listed, global setup, the worker starts) and a cost per test outside its own duration (scheduling, the
 * reporters, the first import of its file). With W workers the tests share W lanes: Playwright hands each test, in
 * its order, to the first worker that is free.
 */
export interface ShardCostModel {
  /** Per shard: start-up, global setup, worker start, ms. */
  fixedMs: number;
  /** Per test, outside its own duration, ms. */
  perTestMs: number;
  /** Workers per shard (Playwright's `workers`). */
  workers: number;
  /** Shard runs the costs were fitted from (0: none, the costs are 0 and the plan is the sum of the tests). */
  samples: number;
}

/** No measured costs: a shard is the sum of its tests. */
export function zeroCosts(workers = 1): ShardCostModel {
  return { fixedMs: 0, perTestMs: 0, workers, samples: 0 };
}

/** What runs on one worker without a break: a group of tests Playwright keeps together (its summed durations). */
export interface ShardUnit {
  ms: number;
  tests: number;
}

/**
 * The wall time Playwright's list scheduling gives these units (a number is one test's duration; a unit a group that
 * stays on one worker), in the order it runs them, on `workers` lanes: each unit, with the per-test cost of each of
 * its tests, goes to the lane that is free first (the lowest lane on a tie); the shard ends when the busiest lane
 * does, plus the fixed cost. An empty shard still costs its fixed cost.
 */
export function predictShardMs(units: readonly (number | ShardUnit)[], model: ShardCostModel): number {
  const lanes = new Array<number>(Math.max(1, Math.floor(model.workers))).fill(0);
  for (const unit of units) {
    const { ms, tests } = typeof unit === 'number' ? { ms: unit, tests: 1 } : unit;
    let free = 0;
    for (let i = 1; i < lanes.length; i++) if ((lanes[i] ?? 0) < (lanes[free] ?? 0)) free = i;
    lanes[free] = (lanes[free] ?? 0) + ms + model.perTestMs * tests;
  }
  return model.fixedMs + Math.max(...lanes);
}

/** One shard run as measured: its wall time, its tests, and its busiest worker's summed test durations. */
export interface ShardTiming {
  wallMs: number;
  tests: number;
  /** Sum of the test durations on the shard's busiest worker (all of them with one worker). */
  busiestWorkerMs: number;
}

/**
 * Fits the fixed and per-test costs to measured shard runs: each run's overhead (wall minus its busiest worker's test
 * time) against its test count, by Theil–Sen (the slope is the median of the pairwise slopes, the intercept the median
 * of the residuals), so one shard that met a burst of load does not move the fit the way least squares would. With
 * fewer than two distinct test counts there is no slope to see: the per-test cost is 0 and the fixed cost the median
 * overhead. Neither cost is negative (a negative cost is noise, not a cost).
 */
export function fitShardCosts(timings: readonly ShardTiming[], workers: number): ShardCostModel {
  const points = timings
    .filter((t) => [t.wallMs, t.tests, t.busiestWorkerMs].every(Number.isFinite) && t.tests >= 0)
    .map((t) => ({ x: t.tests, y: t.wallMs - t.busiestWorkerMs }));
  if (points.length === 0) return zeroCosts(workers);
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const a = points[i];
      const b = points[j];
      if (a !== undefined && b !== undefined && a.x !== b.x) slopes.push((b.y - a.y) / (b.x - a.x));
    }
  }
  // Per lane: with W workers a lane carries about tests / W of them.
  const lanes = Math.max(1, Math.floor(workers));
  const perTestMs = slopes.length > 0 ? Math.max(0, median(slopes)) : 0;
  const fixedMs = Math.max(0, median(points.map((p) => p.y - perTestMs * p.x)));
  return { fixedMs, perTestMs: perTestMs * lanes, workers: lanes, samples: points.length };
}

/**
 * The least any split of these runs' tests could have made its slowest shard exceed the mean shard time by: the
 * slowest shard is at least the longest test plus the least overhead any shard had (a shard holding that test alone),
 * and the mean does not depend on the split (every test and every fixed cost is paid once whatever the split).
 * Undefined without shards.
 */
export function balanceFloor(
  shards: readonly { wallMs: number; busiestWorkerMs: number; longestTestMs: number }[],
): { floorMs: number; meanMs: number; overMean: number } | undefined {
  if (shards.length === 0) return undefined;
  const meanMs = shards.reduce((sum, s) => sum + s.wallMs, 0) / shards.length;
  const leastOverhead = Math.min(...shards.map((s) => Math.max(0, s.wallMs - s.busiestWorkerMs)));
  const floorMs = Math.max(meanMs, Math.max(...shards.map((s) => s.longestTestMs)) + leastOverhead);
  return { floorMs, meanMs, overMean: meanMs > 0 ? floorMs / meanMs - 1 : 0 };
}
