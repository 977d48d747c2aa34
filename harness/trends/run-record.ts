import type { RunCounters, TestOutcomeStatus } from '../classify/index.js';

/** One test's outcome in one recorded run. */
export interface TestRunEntry {
  key: string;
  name: string;
  fullName: string;
  outcome: TestOutcomeStatus;
  attempts: number;
  timedOutAttempts: number;
  durationMs?: number;
}

/** One line of our run history JSONL. Ours, because Allure's history format is internal and may change. */
export interface RunRecord {
  /** Unique per run; recording the same id again replaces the old line instead of counting the run twice. */
  runId: string;
  /** Epoch ms when the run started (or was recorded). */
  timestamp: number;
  counters: RunCounters;
  tests: TestRunEntry[];
}
