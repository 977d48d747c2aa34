import { createHash } from 'node:crypto';
import { splitByCount } from './count-split.js';
import type { EstimatedTest, WeightedGroup } from './estimate-durations.js';
import { lowerBoundOf, makespanOf, planAssignment } from './lpt.js';

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
  /** max(total / N, longest group): no split finishes sooner. */
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
 * groups (see `planAssignment`), each shard's tests kept in Playwright's order. Pure: the same groups and durations
 * give the same plan and hash, whatever machine or shard computes it.
 */
export function buildDurationPlan(groups: readonly WeightedGroup[], total: number, history: PlanHistory): DurationPlan {
  const seen = new Set<string>();
  for (const id of groups.flatMap((g) => [`group ${g.id}`, ...g.tests.map((t) => `test ${t.planId}`)])) {
    // A repeated id would merge two groups (or tests) and leave one of them on no shard at all.
    if (seen.has(id)) throw new RangeError(`shard plan: ${id} appears twice`);
    seen.add(id);
  }
  const jobs = groups.map((g) => ({ id: g.id, ms: g.ms }));
  const assignment = planAssignment(jobs, total);
  const order = new Map(groups.map((g, i) => [g.id, i]));
  const byId = new Map(groups.map((g) => [g.id, g]));
  const shards = assignment.shards.map((ids, i): PlannedShard => {
    const tests = [...ids]
      .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
      .flatMap((id) => byId.get(id)?.tests ?? []);
    return { index: i + 1, plannedMs: assignment.loads[i] ?? 0, tests };
  });
  const countShards = splitByCount(
    groups.map((g) => ({ id: g.id, active: g.tests.filter((t) => t.source !== 'skipped').length, tests: g.tests.length })),
    total,
  );
  const countLoads = countShards.map((ids) => ids.reduce((sum, id) => sum + (byId.get(id)?.ms ?? 0), 0));
  return {
    version: 1,
    method: 'duration',
    hash: hashAssignment(shards.map((s) => s.tests.map((t) => t.planId))),
    total,
    history,
    groups: groups.length,
    lowerBoundMs: lowerBoundOf(jobs, total),
    makespanMs: makespanOf(assignment.loads),
    countSplitMakespanMs: makespanOf(countLoads),
    shards,
  };
}
