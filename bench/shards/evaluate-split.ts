import {
  buildDurationPlan,
  lowerBoundOf,
  makespanOf,
  splitByCount,
  type WeightedGroup,
} from '../../harness/sharding/index.js';

/** One split of one suite, judged at the durations the tests really took. */
export interface SplitOutcome {
  shards: number;
  tests: number;
  groups: number;
  totalMs: number;
  longestGroupMs: number;
  /** max(total / N, longest group) at the true durations. */
  boundMs: number;
  /** Our plan's slowest shard, at the true durations. */
  oursMs: number;
  /** Playwright's count split's slowest shard, at the true durations. */
  countSplitMs: number;
  /**
   * The slowest shard of a plan made at the true durations (a planner that knew this run in advance): how close to
   * the bound the groups let a plan come. Above the bound, the bound max(total / N, longest group) is loose for
   * these groups; the gap between it and `oursMs` is what planning from other runs' durations costs.
   */
  oracleMs: number;
  /** Time to estimate nothing and plan (LPT + local search, hash), ms. */
  planMs: number;
}

/** The groups again with each test's true duration. */
function atTruth(groups: readonly WeightedGroup[], truth: ReadonlyMap<string, number>): WeightedGroup[] {
  return groups.map((g) => {
    const tests = g.tests.map((t) => ({ ...t, ms: truth.get(t.planId) ?? t.ms }));
    return { id: g.id, tests, ms: tests.reduce((sum, t) => sum + t.ms, 0) };
  });
}

/**
 * Plans N shards from `planned` (the durations the history gives), then measures both our plan and Playwright's count
 * split at `truth` (what the tests took in the run being planned), against the lower bound at `truth`.
 */
export function evaluateSplit(
  planned: readonly WeightedGroup[],
  truth: ReadonlyMap<string, number>,
  shards: number,
): SplitOutcome {
  const started = performance.now();
  const plan = buildDurationPlan(planned, shards, { file: '-', runsInFile: 0, runsUsed: 0, measured: 0, estimated: 0 });
  const planMs = performance.now() - started;
  const real = atTruth(planned, truth);
  const realMs = new Map(real.flatMap((g) => g.tests.map((t) => [t.planId, t.ms] as const)));
  const oursLoads = plan.shards.map((s) => s.tests.reduce((sum, t) => sum + (realMs.get(t.planId) ?? 0), 0));
  const byId = new Map(real.map((g) => [g.id, g]));
  const countShards = splitByCount(
    real.map((g) => ({ id: g.id, active: g.tests.length, tests: g.tests.length })),
    shards,
  );
  const countLoads = countShards.map((ids) => ids.reduce((sum, id) => sum + (byId.get(id)?.ms ?? 0), 0));
  const jobs = real.map((g) => ({ id: g.id, ms: g.ms }));
  const oracle = buildDurationPlan(real, shards, { file: '-', runsInFile: 0, runsUsed: 0, measured: 0, estimated: 0 });
  return {
    shards,
    tests: real.reduce((sum, g) => sum + g.tests.length, 0),
    groups: real.length,
    totalMs: jobs.reduce((sum, j) => sum + j.ms, 0),
    longestGroupMs: Math.max(0, ...jobs.map((j) => j.ms)),
    boundMs: lowerBoundOf(jobs, shards),
    oursMs: makespanOf(oursLoads),
    countSplitMs: makespanOf(countLoads),
    oracleMs: oracle.makespanMs,
    planMs,
  };
}
