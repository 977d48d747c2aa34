import type { RunCounters, TestOutcome } from '../classify/index.js';

/** One test's outcome in one recorded run: the classification's fields that trends need. */
export type TestRunEntry = Pick<TestOutcome, 'key' | 'name' | 'fullName' | 'outcome' | 'attempts' | 'timedOutAttempts' | 'durationMs'>;

/** One line of our run history JSONL. Ours, because Allure's history format is internal and may change. */
export interface RunRecord {
  /** Unique per run; recording the same id again replaces the old line instead of counting the run twice. */
  runId: string;
  /** Epoch ms when the run started (or was recorded). */
  timestamp: number;
  counters: RunCounters;
  tests: TestRunEntry[];
}
