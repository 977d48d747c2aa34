import type { ContenderKeys } from './build-rows.js';
import type { Outcome } from './bench-types.js';
import type { GoalSpec } from './goal-spec.js';

/** 'verdicts' is not a workload plan: it is the regression detector's replay (bench/verdicts), run on its own. */
export type SuiteName = 'dag' | 'bdv' | 'acc' | 'acc-cli' | 'verdicts';

/** A contender: its table identity plus the process entry that runs it. */
export interface ContenderSpec extends ContenderKeys {
  /** Absolute path of the TypeScript entry run as `node --import tsx <entry> <task-json>`. */
  readonly entry: string;
}

/** One workload of a suite, inputs already written to disk, ready to run every contender on. */
export interface WorkloadPlan {
  readonly suite: SuiteName;
  /** Human label, e.g. `10,000 x 20-node DAGs`. */
  readonly workload: string;
  readonly unit: string;
  readonly showPerItem?: boolean;
  /** JSON handed to every contender process (the same for all). */
  readonly task: unknown;
  /** The generator's answer for the facts ours reports. */
  readonly expected: Outcome;
  readonly contenders: readonly ContenderSpec[];
  readonly goals: readonly GoalSpec[];
}

/** Sizes and repetitions a run uses (quick or full). */
export interface BenchSizes {
  readonly repetitions: number;
  readonly dag: { readonly workflows: number; readonly nodesPerWorkflow: number };
  readonly bdvScenarios: readonly number[];
  readonly accFiles: readonly number[];
  /** A contender repetition is killed after this long. */
  readonly childTimeoutMs: number;
}

/** The sizes. */
export const FULL_SIZES: BenchSizes = {
  repetitions: 5,
  dag: { workflows: 10_000, nodesPerWorkflow: 20 },
  bdvScenarios: [500, 5_000],
  accFiles: [100, 1_000, 5_000],
  childTimeoutMs: 15 * 60_000,
};

/** Small enough for a couple of minutes on a shared 2-core machine; same shapes, fewer of them. */
export const QUICK_SIZES: BenchSizes = {
  repetitions: 3,
  dag: { workflows: 1_000, nodesPerWorkflow: 20 },
  bdvScenarios: [500],
  accFiles: [500],
  childTimeoutMs: 3 * 60_000,
};
