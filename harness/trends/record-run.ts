import type { ClassificationSummary } from '../classify/index.js';
import { appendRunRecord } from './run-history.js';
import type { RunRecord, TestRunEntry } from './run-record.js';

export interface RecordRunOptions {
  runsFile: string;
  /** Runs kept in the file (default 50). */
  limit?: number;
  /** The run manifest's id; defaults to one derived from the run's time span, so recording the same results twice counts once. */
  runId?: string;
  /** The rest of the record (context, seeds, complete) and per-test additions (firstError, shard, measured, verdicts). */
  extras?: RunRecordExtras;
  now?: () => number;
}

/** What the pipeline knows about a run beyond the classification. */
export interface RunRecordExtras {
  context?: RunRecord['context'];
  seeds?: RunRecord['seeds'];
  complete?: boolean;
  /** Per test key. */
  tests?: ReadonlyMap<string, Pick<TestRunEntry, 'firstError' | 'shard' | 'measured' | 'verdicts'>>;
}

/** A classified run as a history record (pure: recording it is `appendRunRecord`). */
export function toRunRecord(
  summary: ClassificationSummary,
  options: Omit<RecordRunOptions, 'runsFile' | 'limit'> = {},
): RunRecord {
  const timestamp = summary.start ?? (options.now ?? Date.now)();
  const extras = options.extras ?? {};
  return {
    runId: options.runId ?? `run-${timestamp}-${summary.stop ?? timestamp}-${summary.counters.tests}`,
    timestamp,
    ...(extras.complete !== undefined ? { complete: extras.complete } : {}),
    ...(extras.context !== undefined ? { context: extras.context } : {}),
    ...(extras.seeds !== undefined ? { seeds: extras.seeds } : {}),
    counters: summary.counters,
    tests: summary.tests.map((t) => {
      const more = extras.tests?.get(t.key);
      return {
        key: t.key,
        name: t.name,
        fullName: t.fullName,
        outcome: t.outcome,
        attempts: t.attempts,
        timedOutAttempts: t.timedOutAttempts,
        ...(t.durationMs !== undefined ? { durationMs: t.durationMs } : {}),
        ...(more?.firstError !== undefined ? { firstError: more.firstError } : {}),
        ...(more?.shard !== undefined ? { shard: more.shard } : {}),
        ...(more?.measured !== undefined ? { measured: more.measured } : {}),
        ...(more?.verdicts !== undefined ? { verdicts: more.verdicts } : {}),
      };
    }),
  };
}

/** Converts a classified run into a history record and adds it to the runs JSONL (replacing a record with its runId). */
export async function recordRun(summary: ClassificationSummary, options: RecordRunOptions): Promise<RunRecord> {
  const record = toRunRecord(summary, options);
  await appendRunRecord(options.runsFile, record, options.limit !== undefined ? { limit: options.limit } : {});
  return record;
}
