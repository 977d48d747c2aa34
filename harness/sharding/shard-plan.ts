import { createHash } from 'node:crypto';
import { splitByCount } from './count-split.js';
import type { EstimatedTest, WeightedGroup } from './estimate-durations.js';
import { lowerBoundOf, makespanOf, planAssignment } from './lpt.js';
import { predictShardMs, zeroCosts, type ShardCostModel } from './shard-cost.js';

/** One shard of a plan. */
export interface PlannedShard {
  /** 1-based, as `--shard i/N`. */
  index: number;
  plannedMs: number;
  /** Its tests in the order Playwright lists them, with their planned durations. */
  tests: EstimatedTest[];
}

/** Where the durations came from. */
export interface PlanHistory {
  file: string;
  runsInFile: number;
  runsUsed: number;
  /** Runs left out for another STRESS_SCALE. */
  otherScaleRuns?: number;
  /** Runs at this scale left out for another worker count. */
  otherWorkersRuns?: number;
  /** Runs left out because they met a load far from the newest run's. */
  otherLoadRuns?: number;
  /** Durations left out as recorded before their test's workload changed (`workload-changed`), per history key. */
  staleDurations?: Record<string, number>;
  /** Sharded runs the shard costs were fitted to, and which wall time they measured. */
  costRuns?: number;
  costWall?: 'process' | 'reporter' | 'none';
  measured: number;
  estimated: number;
}

/** A split of the suite by recorded duration; the same on every shard when made from the same history. */
export interface DurationPlan {
  version: 1;
  method: 'duration';
  /** sha256 of the assignment (which tests on which shard), first 12 hex digits. */
  hash: string;
  total: number;
  history: PlanHistory;
  groups: number;
  /**
   * The shard costs the planned times include (fitted to the recorded shard times; all 0 without them): each group
   * weighs its tests' durations plus the per-test cost, and a shard's planned time is its tests on its workers plus
   * the fixed cost.
   */
  costs: ShardCostModel;
  /** Fixed cost + max(total / (N x workers), longest group): no split finishes sooner. */
  lowerBoundMs: number;
  makespanMs: number;
  /** The slowest shard of Playwright's count split of the same groups, at the same durations. */
  countSplitMakespanMs: number;
  shards: PlannedShard[];
}

/** No durations to plan from: Playwright's own split applies. */
export interface CountPlan {
  version: 1;
  method: 'playwright';
  total: number;
  reason: string;
}

export type ShardPlan = DurationPlan | CountPlan;

/** The hash of an assignment: each shard's test ids, sorted, so only what runs where matters. */
export function hashAssignment(shards: readonly (readonly string[])[]): string {
  const canonical = JSON.stringify({ version: 1, shards: shards.map((ids) => [...ids].sort()) });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 12);
}

/**
 * Plans N shards from weighted groups given in the order Playwright lists them: LPT plus local search over the
 * groups (see `planAssignment`), each shard's tests kept in Playwright's order. Each group weighs its tests'
 * durations plus the per-test cost of `costs`; a shard's planned time is `predictShardMs` of its tests (its workers'
 * lanes plus the fixed cost). With one worker per shard (this suite's default) that is exactly the quantity the split
 * balances; with W workers the split balances the summed work and the prediction shows the lanes (a serial group is
 * kept on one lane). Pure: the same groups, durations and
 * costs give the same plan and hash, whatever machine or shard computes it.
 */
export function buildDurationPlan(
  groups: readonly WeightedGroup[],
  total: number,
  history: PlanHistory,
  costs: ShardCostModel = zeroCosts(),
): DurationPlan {
  const seen = new Set<string>();
  for (const id of groups.flatMap((g) => [`group ${g.id}`, ...g.tests.map((t) => `test ${t.planId}`)])) {
    // A repeated id would merge two groups (or tests) and leave one of them on no shard at all.
    if (seen.has(id)) throw new RangeError(`shard plan: ${id} appears twice`);
    seen.add(id);
  }
  // A test's cost outside its own duration is paid once per test that runs (a skipped one is not run).
  const running = (tests: readonly EstimatedTest[]): EstimatedTest[] => tests.filter((t) => t.source !== 'skipped');
  const jobs = groups.map((g) => ({ id: g.id, ms: g.ms + costs.perTestMs * running(g.tests).length }));
  // The split balances the shards' summed work; with several workers per shard that is what their lanes share.
  const assignment = planAssignment(jobs, total);
  const order = new Map(groups.map((g, i) => [g.id, i]));
  const byId = new Map(groups.map((g) => [g.id, g]));
  // Each group runs on one worker, in Playwright's order.
  const predict = (ids: readonly string[]): number =>
    predictShardMs(
      ids.flatMap((id) => {
        const tests = running(byId.get(id)?.tests ?? []);
        return tests.length > 0 ? [{ ms: tests.reduce((sum, t) => sum + t.ms, 0), tests: tests.length }] : [];
      }),
      costs,
    );
  const shards = assignment.shards.map((ids, i): PlannedShard => {
    const inOrder = [...ids].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    return { index: i + 1, plannedMs: predict(inOrder), tests: inOrder.flatMap((id) => byId.get(id)?.tests ?? []) };
  });
  const countShards = splitByCount(
    groups.map((g) => ({
      id: g.id,
      active: g.tests.filter((t) => t.source !== 'skipped').length,
      tests: g.tests.length,
    })),
    total,
  );
  const countLoads = countShards.map(predict);
  const lanes = Math.max(1, Math.floor(costs.workers));
  return {
    version: 1,
    method: 'duration',
    hash: hashAssignment(shards.map((s) => s.tests.map((t) => t.planId))),
    total,
    history,
    groups: groups.length,
    costs,
    lowerBoundMs: costs.fixedMs + lowerBoundOf(jobs, total * lanes),
    makespanMs: makespanOf(shards.map((s) => s.plannedMs)),
    countSplitMakespanMs: makespanOf(countLoads),
    shards,
  };
}
