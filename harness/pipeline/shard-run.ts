import { join } from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../../engines/common/index.js';
import { parseJsonDocument, readTextIfExists } from '../files/index.js';
import { runContextSchema, type RunContext } from './run-manifest.js';

/**
 * Written by the global setup into its own results folder when a Playwright process starts: which run the folder
 * belongs to and the seed it ran with. A merge of folders from N CI machines reads one per shard, so the run
 * record holds every shard's seed and the run id survives the trip through CI artifacts. Allure ignores it (it is
 * referenced by no result).
 */
export const SHARD_RUN_FILE = 'maestro-shard-run.json';

const shardRunSchema = z.object({
  version: z.literal(1),
  runId: z.string().min(1).max(200),
  /** The results folder name: `shard-2-of-4`, or `local`. */
  shard: z.string().min(1),
  seed: z.number().int().nonnegative(),
  startedAt: z.number(),
  /** The run's context as this shard's process saw it (a CI merge job has no manifest of its own). */
  context: runContextSchema.optional(),
});

export type ShardRun = Omit<z.infer<typeof shardRunSchema>, 'context'> & { context?: RunContext };

export async function writeShardRun(resultsDir: string, run: ShardRun): Promise<string> {
  const path = join(resultsDir, SHARD_RUN_FILE);
  await writeJsonAtomic(path, run);
  return path;
}

/** The folder's shard record, undefined when absent (results written before this file existed); corrupt is an error naming it. */
export async function readShardRun(resultsDir: string): Promise<ShardRun | undefined> {
  const path = join(resultsDir, SHARD_RUN_FILE);
  const text = await readTextIfExists(path);
  if (text === undefined) return undefined;
  const { context, ...run } = parseJsonDocument(path, text, shardRunSchema, 'shard run record');
  if (context === undefined) return run;
  const { commit, ...rest } = context;
  return { ...run, context: { ...rest, ...(commit !== undefined ? { commit } : {}) } };
}
