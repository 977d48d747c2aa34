import type { ClassificationSummary } from '../classify/index.js';
import { appendRunRecord } from './run-history.js';
import type { RunRecord } from './run-record.js';

export interface RecordRunOptions {
  runsFile: string;
  /** Runs kept in the file (default 50). */
  limit?: number;
  /** Defaults to one derived from the run's time span, so recording the same results twice counts once. */
  runId?: string;
  now?: () => number;
}

/** Converts a classified run into a history record and appends it to the runs JSONL. */
export async function recordRun(summary: ClassificationSummary, options: RecordRunOptions): Promise<RunRecord> {
  const timestamp = summary.start ?? (options.now ?? Date.now)();
  const record: RunRecord = {
    runId: options.runId ?? `run-${timestamp}-${summary.stop ?? timestamp}-${summary.counters.tests}`,
    timestamp,
    counters: summary.counters,
    tests: summary.tests.map((t) => ({
      key: t.key,
      name: t.name,
      fullName: t.fullName,
      outcome: t.outcome,
      attempts: t.attempts,
      timedOutAttempts: t.timedOutAttempts,
      ...(t.durationMs !== undefined ? { durationMs: t.durationMs } : {}),
    })),
  };
  await appendRunRecord(options.runsFile, record, options.limit !== undefined ? { limit: options.limit } : {});
  return record;
}
