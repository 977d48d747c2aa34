import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../engines/common/index.js';
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
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const records: RunRecord[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    records.push(parseLine(path, index + 1, line));
  }
  return records;
}

function parseLine(path: string, lineNumber: number, line: string): RunRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (cause) {
    throw new RunHistoryError('E_RUNS_FILE_CORRUPT', path, `run history ${path}:${lineNumber} is not valid JSON (truncated?)`, {
      cause,
    });
  }
  const record = value as Partial<RunRecord> | null;
  if (
    typeof record !== 'object' ||
    record === null ||
    typeof record.runId !== 'string' ||
    typeof record.timestamp !== 'number' ||
    !Array.isArray(record.tests) ||
    typeof record.counters !== 'object'
  ) {
    throw new RunHistoryError('E_RUNS_FILE_CORRUPT', path, `run history ${path}:${lineNumber} is not a run record`);
  }
  return record as RunRecord;
}

export interface AppendRunOptions {
  /** Runs kept, newest last; older lines are dropped. */
  limit?: number;
}

/**
 * Adds a run (replacing a previous record with the same runId) and keeps the newest `limit` runs. The whole
 * file is rewritten atomically: concurrent readers see the old or the new history, never a torn line.
 */
export async function appendRunRecord(path: string, record: RunRecord, options: AppendRunOptions = {}): Promise<RunRecord[]> {
  const limit = options.limit ?? DEFAULT_RUNS_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`runs limit must be a positive integer, got ${limit}`);
  const existing = await readRunHistory(path);
  const runs = [...existing.filter((r) => r.runId !== record.runId), record]
    .sort((a, b) => a.timestamp - b.timestamp)
    .slice(-limit);
  await writeFileAtomic(path, runs.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return runs;
}
