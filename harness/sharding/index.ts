/**
 * Duration-balanced shards through Playwright's own reporter API, so `npx playwright test --shard i/N` stays the
 * command. The shard reporter (registered in playwright.config.ts) plans the split in `preprocess` from the per-test
 * durations in the run history, the same on every shard, and excludes the other shards' tests; it also applies the
 * quarantine (`harness/quarantine`) to the run's status. The planner is pure and usable on its own.
 *
 * @example
 * ```ts
 * // playwright.config.ts
 * import { shardReporter } from './harness/sharding/index.js';
 * export default defineConfig({ reporter: [['list'], shardReporter({ historyFile: 'reports/history/runs.jsonl' })] });
 *
 * // the planner alone
 * import { planAssignment, lowerBoundOf } from './harness/sharding/index.js';
 * const jobs = [{ id: 'a', ms: 5400 }, { id: 'b', ms: 3200 }, { id: 'c', ms: 1800 }, { id: 'd', ms: 1500 }];
 * planAssignment(jobs, 2); // { shards: [['a'], ['b', 'c', 'd']], loads: [5400, 6500] }
 * lowerBoundOf(jobs, 2);   // 5950
 * ```
 */
import { fileURLToPath } from 'node:url';
import type { ReporterDescription } from '@playwright/test';
import type { ShardReporterOptions } from './shard-reporter.js';

/** The shard reporter's module, for a Playwright `reporter` entry. */
export const SHARD_REPORTER_PATH = fileURLToPath(new URL('./shard-reporter.ts', import.meta.url));

/** A `reporter` entry for playwright.config.ts that plans shards by duration and applies the quarantine. */
export function shardReporter(options: ShardReporterOptions = {}): ReporterDescription {
  return [SHARD_REPORTER_PATH, options];
}

export type { ShardReporterOptions } from './shard-reporter.js';
export { assignLongestFirst, lowerBoundOf, makespanOf, planAssignment, refineAssignment } from './lpt.js';
export type { Assignment, Job } from './lpt.js';
export { splitByCount } from './count-split.js';
export type { CountedGroup } from './count-split.js';
export { estimateGroups } from './estimate-durations.js';
export type { EstimableTest, EstimateSource, EstimatedTest, Estimates, WeightedGroup } from './estimate-durations.js';
export { MIN_SIMILAR_RUNS, median, recordedDurations, slowdownOf, workloadChanges } from './history-durations.js';
export type { RecordedDurations, WorkloadChanges } from './history-durations.js';
export { WORKLOAD_CHANGED, parseUtcInstant } from './workload-changed.js';
export { buildDurationPlan, hashAssignment } from './shard-plan.js';
export type { CountPlan, DurationPlan, PlanHistory, PlannedShard, ShardPlan } from './shard-plan.js';
export { describeCosts, describePlan, describePlanInFull, formatMs } from './describe-plan.js';
export { SHARD_PLAN_FILE, SHARD_PLAN_GLOBALS_FILE, readShardPlanRecords } from './plan-record.js';
export type { ShardActual, ShardPlanDump, ShardPlanRecord } from './plan-record.js';
export { describeShardTimes, shardBalance, summarizeShardPlans } from './plan-summary.js';
export { balanceFloor, fitShardCosts, predictShardMs, zeroCosts } from './shard-cost.js';
export type { ShardCostModel, ShardTiming } from './shard-cost.js';
export {
  MIN_COST_RUNS,
  SHARD_TIMES_FILE_NAME,
  appendShardTimes,
  fitFromShardTimes,
  readShardTimes,
  shardTimesFileFor,
} from './shard-times.js';
export type { FittedCosts, ShardTimeLine } from './shard-times.js';
export { recordShardTimes } from './record-shard-times.js';
export type { RecordShardTimesOptions } from './record-shard-times.js';
export type { ShardBalance } from './plan-summary.js';
export { allureDefaultHistoryId, identifyTest } from './test-identity.js';
export type { TestIdentity } from './test-identity.js';
