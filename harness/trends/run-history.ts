import { z } from 'zod';
import { writeFileAtomic } from '../../engines/common/index.js';
import { CorruptDataFileError, parseJsonLines, readTextIfExists } from '../files/index.js';
import { RunHistoryError } from './errors.js';
import type { RunRecord } from './run-record.js';

/** Default number of runs kept in the history file. */
export const DEFAULT_RUNS_LIMIT = 50;

/**
 * Reads the run history JSONL, oldest first. A missing file is an empty history; any line that does not parse
 * (a truncated write, a hand edit) is an error naming the file and line, so the history is never replaced by a
 * shorter one behind QA's back.
 */
export async function readRunHistory(path: string): Promise<RunRecord[]> {
  try {
    const text = await readTextIfExists(path);
    return parseJsonLines(path, text ?? '', runRecordSchema, 'run history').map((l) => l.value as RunRecord);
  } catch (error) {
    if (error instanceof CorruptDataFileError)
      throw new RunHistoryError('E_RUNS_FILE_CORRUPT', path, error.message, { cause: error });
    throw error;
  }
}

const countersSchema = z.object({
  tests: z.number(),
  passed: z.number(),
  failed: z.number(),
  flaky: z.number(),
  retried: z.number(),
  timedOut: z.number(),
  skipped: z.number(),
});

/** What every reader of the history relies on; other fields pass through untouched (loose objects). */
const runRecordSchema = z.looseObject({
  runId: z.string().min(1),
  timestamp: z.number(),
  complete: z.boolean().optional(),
  counters: countersSchema,
  tests: z.array(
    z.looseObject({
      key: z.string(),
      name: z.string(),
      fullName: z.string(),
      outcome: z.enum(['passed', 'flaky', 'failed', 'broken', 'timedOut', 'skipped']),
      attempts: z.number(),
      timedOutAttempts: z.number(),
      durationMs: z.number().optional(),
    }),
  ),
});

export interface AppendRunOptions {
  /** Runs kept, newest last; older lines are dropped. */
  limit?: number;
}

/**
 * Adds a run (replacing a previous record with the same runId) and keeps the newest `limit` runs. The whole
 * file is rewritten atomically: concurrent readers see the old or the new history, never a torn line.
 */
export async function appendRunRecord(
  path: string,
  record: RunRecord,
  options: AppendRunOptions = {},
): Promise<RunRecord[]> {
  const limit = options.limit ?? DEFAULT_RUNS_LIMIT;
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`runs limit must be a positive integer, got ${limit}`);
  const existing = await readRunHistory(path);
  const runs = [...existing.filter((r) => r.runId !== record.runId), record]
    .sort((a, b) => a.timestamp - b.timestamp)
    .slice(-limit);
  await writeFileAtomic(path, runs.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return runs;
}
