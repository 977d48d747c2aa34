import type { RunCounters, TestOutcome } from '../classify/index.js';
import type { RunContext } from '../pipeline/index.js';

/** What a test's own measured work cost in one run (the perf windows of its last attempt). */
export interface MeasuredWork {
  /** Wall time summed over the test's measured windows. */
  wallMs?: number;
  /** Process CPU time (user + system) over the same windows. */
  cpuMs?: number;
  /** CPU time of the test's own thread over them (perf.repeat: rounds × fastest round). */
  threadCpuMs?: number;
  /** The test's own growth within its windows (peak minus start), not the worker's absolute figure. */
  rssGrowthMb?: number;
  heapGrowthMb?: number;
  /** Samples the figures rest on (perf.repeat rounds), when more than one. */
  samples?: number;
}

/** The detector's verdict on one metric of one test in this run. */
export interface MetricVerdict {
  /** e.g. "cpuMs", "wallMs", "rssGrowthMb". */
  metric: string;
  status: 'regressed' | 'improved' | 'unchanged' | 'insufficient-history' | 'refused';
  current?: number;
  /** The accepted history's band the current value was judged against, in the metric's unit. */
  baseline?: { median: number; low: number; high: number; runs: number };
  changePercent?: number;
  pValue?: number;
  /** One line a human reads: why this status. */
  reason: string;
}

/** One test's outcome in one recorded run: the classification's fields that trends need. */
export type TestRunEntry = Pick<
  TestOutcome,
  'key' | 'name' | 'fullName' | 'outcome' | 'attempts' | 'timedOutAttempts' | 'durationMs'
> & {
  /** The first failed attempt's error message (first line), for a flaky or failed test. */
  firstError?: string;
  /** Shard folder the test ran in (e.g. "shard-2-of-4"), when sharded. */
  shard?: string;
  measured?: MeasuredWork;
  verdicts?: MetricVerdict[];
};

/** One line of our run history JSONL. Ours, because Allure's history format is internal and may change. */
export interface RunRecord {
  /** Unique per run (the run manifest's id); recording the same id again replaces the old line instead of counting the run twice. */
  runId: string;
  /** Epoch ms when the run started (or was recorded). */
  timestamp: number;
  /** False for a run that did not finish or whose shard merge failed its count check: trends and baselines skip it. */
  complete?: boolean;
  context?: RunContext;
  /** STRESS_SEED of each shard (one entry for an unsharded run). */
  seeds?: { shard: string; seed: number }[];
  counters: RunCounters;
  tests: TestRunEntry[];
}
