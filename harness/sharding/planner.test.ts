import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignLongestFirst,
  buildDurationPlan,
  estimateGroups,
  hashAssignment,
  lowerBoundOf,
  makespanOf,
  MIN_SIMILAR_RUNS,
  parseUtcInstant,
  planAssignment,
  recordedDurations,
  refineAssignment,
  splitByCount,
  workloadChanges,
  type Assignment,
  type Job,
  type WeightedGroup,
} from './index.js';

const SEED = Number(process.env['FC_SEED'] ?? 20261124);

/** Jobs with unique ids and integer durations (exact sums, so the bounds compare without rounding). */
const jobsArb = (maxJobs: number, maxMs = 10_000): fc.Arbitrary<Job[]> =>
  fc
    .array(fc.integer({ min: 0, max: maxMs }), { minLength: 0, maxLength: maxJobs })
    .map((ms) => ms.map((m, i) => ({ id: `g${i}`, ms: m })));

function loadsOf(jobs: readonly Job[], assignment: Assignment): number[] {
  const ms = new Map(jobs.map((j) => [j.id, j.ms]));
  return assignment.shards.map((ids) => ids.reduce((sum, id) => sum + (ms.get(id) ?? 0), 0));
}

/** The optimal makespan by trying every assignment (small inputs only). */
function optimalMakespan(jobs: readonly Job[], n: number): number {
  let best = Number.POSITIVE_INFINITY;
  const loads = new Array<number>(n).fill(0);
  const place = (i: number): void => {
    if (i === jobs.length) {
      best = Math.min(best, Math.max(...loads));
      return;
    }
    const seen = new Set<number>();
    for (let s = 0; s < n; s++) {
      if (seen.has(loads[s] ?? 0)) continue; // shards with equal loads are interchangeable
      seen.add(loads[s] ?? 0);
      loads[s] = (loads[s] ?? 0) + (jobs[i]?.ms ?? 0);
      if (Math.max(...loads) < best) place(i + 1);
      loads[s] = (loads[s] ?? 0) - (jobs[i]?.ms ?? 0);
    }
  };
  place(0);
  return best;
}

describe('shard planner properties', () => {
  it('puts every job on exactly one shard, loads add up, and never beats the lower bound', () => {
    fc.assert(
      fc.property(jobsArb(60), fc.integer({ min: 1, max: 9 }), (jobs, n) => {
        for (const assignment of [assignLongestFirst(jobs, n), planAssignment(jobs, n)]) {
          expect(assignment.shards).toHaveLength(n);
          expect(assignment.shards.flat().sort()).toEqual(jobs.map((j) => j.id).sort());
          expect(assignment.loads).toEqual(loadsOf(jobs, assignment));
          expect(makespanOf(assignment.loads)).toBeGreaterThanOrEqual(lowerBoundOf(jobs, n) - 1e-9);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('gives the same plan for the same input, in any order', () => {
    fc.assert(
      fc.property(
        jobsArb(40, 50).chain((jobs) =>
          fc.tuple(fc.constant(jobs), fc.shuffledSubarray(jobs, { minLength: jobs.length })),
        ),
        fc.integer({ min: 1, max: 6 }),
        ([jobs, shuffled], n) => {
          // Few distinct durations (0..50) make many ties: the tie-breaks must not depend on the order either.
          expect(planAssignment(shuffled, n)).toEqual(planAssignment(jobs, n));
          expect(assignLongestFirst(shuffled, n)).toEqual(assignLongestFirst(jobs, n));
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('LPT stays within (4/3 - 1/3N) of the optimum (brute force on small cases); local search only improves it', () => {
    fc.assert(
      fc.property(jobsArb(8, 100), fc.integer({ min: 1, max: 4 }), (jobs, n) => {
        const optimum = optimalMakespan(jobs, n);
        const lpt = makespanOf(assignLongestFirst(jobs, n).loads);
        const refined = makespanOf(refineAssignment(jobs, assignLongestFirst(jobs, n)).loads);
        expect(lpt).toBeLessThanOrEqual((4 / 3 - 1 / (3 * n)) * optimum + 1e-9);
        expect(refined).toBeLessThanOrEqual(lpt);
        expect(refined).toBeGreaterThanOrEqual(optimum);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('reaches the bound on the classic case where LPT alone does not', () => {
    // Graham's tight example for n = 2: LPT gives 7 (3+2+2 | 3+2 ... ) where 6 is optimal (3+3 | 2+2+2).
    const jobs = [3, 3, 2, 2, 2].map((ms, i) => ({ id: `j${i}`, ms }));
    expect(makespanOf(assignLongestFirst(jobs, 2).loads)).toBe(7);
    expect(makespanOf(planAssignment(jobs, 2).loads)).toBe(6);
  });

  it('keeps each group on one shard and hashes only the assignment', () => {
    const groupsArb = fc.array(fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 5 }), {
      minLength: 1,
      maxLength: 40,
    });
    fc.assert(
      fc.property(groupsArb, fc.integer({ min: 1, max: 8 }), (sizes, n) => {
        const groups: WeightedGroup[] = sizes.map((tests, g) => ({
          id: `group-${g}`,
          tests: tests.map((ms, t) => ({ planId: `group-${g} test-${t}`, ms, source: 'measured' as const })),
          ms: tests.reduce((a, b) => a + b, 0),
        }));
        const plan = buildDurationPlan(groups, n, { file: 'h', runsInFile: 1, runsUsed: 1, measured: 1, estimated: 0 });
        const shardOf = new Map(plan.shards.flatMap((s) => s.tests.map((t) => [t.planId, s.index] as const)));
        expect(shardOf.size).toBe(groups.reduce((sum, g) => sum + g.tests.length, 0));
        for (const group of groups) expect(new Set(group.tests.map((t) => shardOf.get(t.planId))).size).toBe(1);
        expect(plan.makespanMs).toBeLessThanOrEqual(plan.countSplitMakespanMs + 1e-9);
        expect(plan.hash).toBe(hashAssignment(plan.shards.map((s) => [...s.tests.map((t) => t.planId)].reverse())));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('plan inputs', () => {
  it('refuses a repeated group or test id, which would leave tests on no shard', () => {
    const history = { file: 'h', runsInFile: 1, runsUsed: 1, measured: 1, estimated: 0 };
    const group = (id: string, planId: string): WeightedGroup => ({
      id,
      tests: [{ planId, ms: 1, source: 'measured' }],
      ms: 1,
    });
    expect(() => buildDurationPlan([group('a', 'x'), group('a', 'y')], 2, history)).toThrow(
      'shard plan: group a appears twice',
    );
    expect(() => buildDurationPlan([group('a', 'x'), group('b', 'x')], 2, history)).toThrow(
      'shard plan: test x appears twice',
    );
  });
});

describe("Playwright's count split, reproduced", () => {
  it('cuts the groups into ranges of equal test count; all-skipped groups follow the test before them', () => {
    const g = (id: string, active: number, tests = active) => ({ id, active, tests });
    // 8 active tests over 2 shards: 4 each; the serial pair starting at position 3 goes to shard 1 (as in Playwright).
    const groups = [g('a1', 1), g('a2', 1), g('a3', 1), g('ser', 2), g('d1', 1), g('sk', 0, 1), g('b1', 1), g('b2', 1)];
    expect(splitByCount(groups, 2)).toEqual([
      ['a1', 'a2', 'a3', 'ser'],
      ['d1', 'sk', 'b1', 'b2'],
    ]);
    expect(splitByCount(groups, 3)).toEqual([
      ['a1', 'a2', 'a3'],
      ['ser', 'd1', 'sk'],
      ['b1', 'b2'],
    ]);
  });
});

describe('durations and estimates', () => {
  it('takes the median of the newest runs per key and ignores entries without a duration', () => {
    const run = (tests: { key: string; durationMs?: number }[]) => ({
      tests: tests.map((t) => ({
        name: t.key,
        fullName: t.key,
        outcome: 'passed' as const,
        attempts: 1,
        timedOutAttempts: 0,
        ...t,
      })),
    });
    const runs = [
      run([{ key: 'a', durationMs: 9_999 }]),
      run([{ key: 'a', durationMs: 100 }, { key: 'b' }]),
      run([{ key: 'a', durationMs: 300 }]),
      run([
        { key: 'a', durationMs: 200 },
        { key: 'b', durationMs: 50 },
      ]),
    ];
    const recorded = recordedDurations(runs, 'runs.jsonl', 3);
    expect(recorded.runsUsed).toBe(3);
    expect([...recorded.medianMs]).toEqual([
      ['a', 200],
      ['b', 50],
    ]);
    expect(() => recordedDurations(runs, 'runs.jsonl', 0)).toThrow(RangeError);
  });

  it('plans from the runs recorded at the same STRESS_SCALE, counting records without a context as that scale', () => {
    const run = (durationMs: number, scale?: number) => ({
      ...(scale !== undefined ? { context: { scale, workers: 1, node: 'v20', machine: 'm', shardCount: 1 } } : {}),
      tests: [
        {
          key: 'a',
          name: 'a',
          fullName: 'a',
          outcome: 'passed' as const,
          attempts: 1,
          timedOutAttempts: 0,
          durationMs,
        },
      ],
    });
    const runs = [run(100), run(4_000, 1), run(1_000, 0.25), run(5_000, 1), run(1_200, 0.25)];
    const quick = recordedDurations(runs, 'runs.jsonl', 10, 0.25);
    expect([quick.runsUsed, quick.otherScaleRuns]).toEqual([3, 2]);
    expect(quick.medianMs.get('a')).toBe(1_000);
    const full = recordedDurations(runs, 'runs.jsonl', 10, 1);
    expect([full.runsUsed, full.otherScaleRuns]).toEqual([3, 2]);
    expect(full.medianMs.get('a')).toBe(4_000);
    expect(recordedDurations(runs, 'runs.jsonl', 10).runsUsed).toBe(5);
  });

  it('estimates unmeasured tests from their file, else from every measured test; skipped tests cost nothing', () => {
    const t = (planId: string, file: string, keys: string[], skipped = false) => ({
      planId,
      file,
      historyKeys: keys,
      skipped,
    });
    const estimates = estimateGroups(
      [
        { id: 'g1', tests: [t('a1', 'a.ts', ['A1']), t('a2', 'a.ts', ['A2']), t('a3', 'a.ts', ['none'])] },
        { id: 'g2', tests: [t('b1', 'b.ts', ['x', 'B1']), t('c1', 'c.ts', []), t('c2', 'c.ts', ['A1'], true)] },
      ],
      new Map([
        ['A1', 100],
        ['A2', 300],
        ['B1', 1_000],
      ]),
    );
    expect(estimates.groups.flatMap((g) => g.tests.map((x) => [x.planId, x.ms, x.source]))).toEqual([
      ['a1', 100, 'measured'],
      ['a2', 300, 'measured'],
      ['a3', 200, 'file-median'],
      ['b1', 1_000, 'measured'],
      ['c1', 300, 'median'],
      ['c2', 0, 'skipped'],
    ]);
    expect(estimates.groups.map((g) => g.ms)).toEqual([600, 1_300]);
    expect([estimates.measured, estimates.estimated]).toEqual([3, 2]);
    expect(estimateGroups([{ id: 'g', tests: [t('a', 'a.ts', ['k'])] }], new Map()).measured).toBe(0);
  });
});

describe('durations from runs that met a similar load', () => {
  const run = (factor: number, fast = 1_000, scaling = 9_000) => ({
    tests: [
      {
        key: 'fast',
        name: 'f',
        fullName: 'f',
        outcome: 'passed' as const,
        attempts: 1,
        timedOutAttempts: 0,
        durationMs: fast * factor,
      },
      {
        key: 'other',
        name: 'o',
        fullName: 'o',
        outcome: 'passed' as const,
        attempts: 1,
        timedOutAttempts: 0,
        durationMs: 2 * fast * factor,
      },
      {
        key: 'scaling',
        name: 's',
        fullName: 's',
        outcome: 'passed' as const,
        attempts: 1,
        timedOutAttempts: 0,
        durationMs: scaling * factor * (factor > 2 ? 2.5 : 1),
      },
    ],
  });

  it('plans from the runs within the band of the newest run, whichever way the load went', () => {
    // Three quiet runs, then three at about 3x (where the scaling test slows 7.5x): the newest is loaded.
    const loaded = [run(1), run(1.1), run(0.9), run(3), run(3.2), run(2.8)];
    const now = recordedDurations(loaded, 'h', 10, undefined, undefined, 2);
    expect([now.runsUsed, now.otherLoadRuns]).toEqual([3, 3]);
    expect(now.medianMs.get('scaling')).toBe(9_000 * 3 * 2.5);
    // The machine is quiet again: the quiet runs are the ones like it.
    const quiet = recordedDurations([...loaded, run(1)], 'h', 10, undefined, undefined, 2);
    expect([quiet.runsUsed, quiet.otherLoadRuns]).toEqual([4, 3]);
    expect(quiet.medianMs.get('scaling')).toBe(9_000);
    // Without a band every run counts, as before.
    expect(recordedDurations(loaded, 'h', 10).runsUsed).toBe(6);
    expect(() => recordedDurations(loaded, 'h', 10, undefined, undefined, 0.5)).toThrow(RangeError);
  });

  it('plans from the 3 runs nearest in load when the newest run stands alone in its band', () => {
    // Four runs at about the usual load, then one at 3.5x: its band holds itself alone.
    const runs = [run(1), run(1.1), run(0.9), run(1.2), run(3.5)];
    const chosen = recordedDurations(runs, 'h', 10, undefined, undefined, 2);
    expect([chosen.runsUsed, chosen.otherLoadRuns]).toEqual([MIN_SIMILAR_RUNS, 2]);
    // The nearest to 3.5x: itself, then 1.2x and 1.1x; their median is the middle one's.
    expect(chosen.medianMs.get('fast')).toBe(1_200);
    // Two runs only: both, whatever their loads.
    expect(recordedDurations([run(1), run(3.5)], 'h', 10, undefined, undefined, 2).runsUsed).toBe(2);
  });

  it('keeps every run when the load did not change, for any band, and depends on the history alone', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.8, max: 1.25, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 1.6, max: 10, noNaN: true }),
        (factors, band) => {
          const runs = factors.map((f) => run(f));
          const chosen = recordedDurations(runs, 'h', 20, undefined, undefined, band);
          expect([chosen.runsUsed, chosen.otherLoadRuns]).toEqual([runs.length, 0]);
          expect(
            recordedDurations(
              runs.map((r) => ({ ...r })),
              'h',
              20,
              undefined,
              undefined,
              band,
            ),
          ).toEqual(chosen);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("durations from before a test's workload changed", () => {
  const entry = (key: string, durationMs: number) => ({
    key,
    name: key,
    fullName: key,
    outcome: 'passed' as const,
    attempts: 1,
    timedOutAttempts: 0,
    durationMs,
  });
  const CHANGED = Date.parse('2026-12-06T21:15Z');
  const HOUR = 3_600_000;
  // A scaling test made 4x cheaper at CHANGED; the other tests as before. Run i is recorded i hours after `start`.
  const history = (start: number, oldRuns: number, newRuns: number) =>
    Array.from({ length: oldRuns + newRuns }, (_, i) => ({
      timestamp: start + i * HOUR,
      tests: [entry('scaling', i < oldRuns ? 40_000 : 10_000), entry('fast', 2_000), entry('other', 5_000)],
    }));

  it("leaves out a changed test's older durations, from its median and from the count of runs it was measured in", () => {
    const start = CHANGED - 8 * HOUR - 1;
    const runs = history(start, 9, 1);
    const changes = new Map([['scaling', CHANGED]]);
    const recorded = recordedDurations(runs, 'h', 10, undefined, undefined, 2, changes);
    expect(recorded.medianMs.get('scaling')).toBe(10_000);
    expect(recorded.staleDurations.get('scaling')).toBe(9);
    expect(recorded.medianMs.get('fast')).toBe(2_000);
    // Without the change, the old durations win the median for several more runs.
    expect(recordedDurations(runs, 'h', 10, undefined, undefined, 2).medianMs.get('scaling')).toBe(40_000);
    // Only old durations: the test has no median, so the estimate treats it as unmeasured.
    const none = recordedDurations(history(start, 9, 0), 'h', 10, undefined, undefined, 2, changes);
    expect(none.medianMs.has('scaling')).toBe(false);
    expect(none.staleDurations.get('scaling')).toBe(9);
    // A run with no timestamp cannot vouch for being after the change.
    const undated = runs.map(({ tests }) => ({ tests }));
    expect(recordedDurations(undated, 'h', 10, undefined, undefined, 2, changes).medianMs.has('scaling')).toBe(false);
  });

  it('changes nothing when no test declares a change, for any history', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(100_000), fc.double({ min: 0.5, max: 4, noNaN: true })), { maxLength: 12 }),
        (spec) => {
          const runs = spec.map(([ms, load], i) => ({
            timestamp: i * HOUR,
            tests: [entry('a', ms), entry('b', 1_000 * load)],
          }));
          const without = recordedDurations(runs, 'h', 10, undefined, undefined, 2);
          const unrelated = recordedDurations(runs, 'h', 10, undefined, undefined, 2, new Map([['z', CHANGED]]));
          expect(unrelated).toEqual(without);
          expect(without.staleDurations.size).toBe(0);
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("maps every history key of a changed test to its change, and knows no change later than a replayed run's time", () => {
    const groups = [
      { tests: [{ historyKeys: ['E2E-110', 'abc:def'], workloadChangedAt: CHANGED }, { historyKeys: ['E2E-111'] }] },
    ];
    expect([...workloadChanges(groups)]).toEqual([
      ['E2E-110', CHANGED],
      ['abc:def', CHANGED],
    ]);
    expect(workloadChanges(groups, CHANGED).size).toBe(2);
    expect(workloadChanges(groups, CHANGED - 1).size).toBe(0);
  });

  it('reads a UTC day or a UTC time, and nothing else', () => {
    expect(parseUtcInstant('2026-12-06')).toBe(Date.parse('2026-12-06T00:00Z'));
    expect(parseUtcInstant('2026-12-06T21:15Z')).toBe(CHANGED);
    expect(parseUtcInstant('2026-12-06T21:15:30.5Z')).toBe(CHANGED + 30_500);
    for (const bad of ['', '2026-12-06 21:15', '2026-12-06T21:15', '2026-12-06T21:15+01:00', '2026-02-30', '21:15Z'])
      expect(parseUtcInstant(bad), bad).toBeUndefined();
  });
});
