import { dirname, join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../engines/common/index.js';
import { parseJsonLines, readTextIfExists } from '../files/index.js';
import { fitShardCosts, zeroCosts, type ShardCostModel } from './shard-cost.js';

/** Next to the run history: one line per shard of each merged sharded run, what the shard took and held. */
export const SHARD_TIMES_FILE_NAME = 'shard-times.jsonl';

/** The shard-times file beside a run history file. */
export function shardTimesFileFor(runsFile: string): string {
  return join(dirname(runsFile), SHARD_TIMES_FILE_NAME);
}

const shardTimeSchema = z
  .object({
    version: z.literal(1),
    runId: z.string(),
    recordedAt: z.number(),
    scale: z.number(),
    workers: z.union([z.number(), z.string()]),
    shard: z.string(),
    tests: z.number().int().nonnegative(),
    /** The reporter's onBegin to onEnd. */
    reporterWallMs: z.number().nonnegative(),
    /** The whole `playwright test` process (only when stress:shards started it). */
    processWallMs: z.number().nonnegative().optional(),
    busiestWorkerMs: z.number().nonnegative(),
    longestTestMs: z.number().nonnegative(),
  })
  .strict();

export type ShardTimeLine = z.output<typeof shardTimeSchema>;

/** Every line of the file (none when it does not exist); a bad line stops it with file and line named. */
export async function readShardTimes(path: string): Promise<ShardTimeLine[]> {
  const text = await readTextIfExists(path);
  if (text === undefined) return [];
  return parseJsonLines(path, text, shardTimeSchema, 'shard times').map((l) => l.value);
}

/** Appends the lines of one run, replacing any lines of the same run id (a rebuilt merge records the run once). */
export async function appendShardTimes(path: string, lines: readonly ShardTimeLine[], keepRuns = 50): Promise<void> {
  const ids = new Set(lines.map((l) => l.runId));
  const kept = (await readShardTimes(path)).filter((l) => !ids.has(l.runId));
  const all = [...kept, ...lines];
  // Bounded: the newest `keepRuns` runs.
  const runOrder = [...new Set(all.map((l) => l.runId))].slice(-keepRuns);
  const keep = new Set(runOrder);
  await writeFileAtomic(
    path,
    all
      .filter((l) => keep.has(l.runId))
      .map((l) => JSON.stringify(l))
      .join('\n') + '\n',
  );
}

/**
 * Sharded runs needed before the costs are used: one run meets one load level (on 2026-12-04 the per-test cost was
 * about 50 ms on a quiet machine and 2 s at load average 18), and a plan balanced for it would be off for the next.
 */
export const MIN_COST_RUNS = 2;

/** The cost model fitted to the newest `window` runs recorded at this scale and worker count. */
export interface FittedCosts {
  model: ShardCostModel;
  /** Runs the fit used, and which wall time it fitted: the whole process's, or the reporter's. */
  runs: number;
  wall: 'process' | 'reporter' | 'none';
}

/**
 * Fits the shard costs to the comparable runs of the file (same STRESS_SCALE and workers: a scale-1 shard's start-up
 * is the same but its per-test cost is not). The process wall time when the runs have it (stress:shards times each
 * `playwright test`), else the reporter's (a CI merge only has that): one kind per fit, never mixed. `workers` is
 * the setting as the run context records it ("50%" or 2), `lanes` the worker count Playwright resolved it to. Fewer
 * than `minRuns` comparable runs: no costs (`runs` says how many there are).
 */
export function fitFromShardTimes(
  lines: readonly ShardTimeLine[],
  scale: number,
  workers: number | string,
  lanes: number,
  window = 10,
  minRuns = MIN_COST_RUNS,
): FittedCosts {
  const comparable = lines.filter((l) => l.scale === scale && String(l.workers) === String(workers));
  const runs = [...new Set(comparable.map((l) => l.runId))].slice(-window);
  const used = comparable.filter((l) => runs.includes(l.runId));
  if (used.length === 0 || runs.length < minRuns) return { model: zeroCosts(lanes), runs: runs.length, wall: 'none' };
  const withProcess = used.filter((l) => l.processWallMs !== undefined);
  const wall = withProcess.length * 2 >= used.length ? 'process' : 'reporter';
  const timings = (wall === 'process' ? withProcess : used).map((l) => ({
    wallMs: wall === 'process' ? (l.processWallMs ?? l.reporterWallMs) : l.reporterWallMs,
    tests: l.tests,
    busiestWorkerMs: l.busiestWorkerMs,
  }));
  return { model: fitShardCosts(timings, lanes), runs: runs.length, wall };
}
