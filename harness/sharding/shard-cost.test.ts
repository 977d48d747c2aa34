import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SHARD_PLAN_FILE,
  appendShardTimes,
  balanceFloor,
  buildDurationPlan,
  recordShardTimes,
  fitFromShardTimes,
  fitShardCosts,
  predictShardMs,
  readShardTimes,
  zeroCosts,
  type ShardTimeLine,
  type WeightedGroup,
} from './index.js';

const SEED = Number(process.env['FC_SEED'] ?? 20261204);
const history = { file: 'h', runsInFile: 1, runsUsed: 1, measured: 1, estimated: 0 };

describe('shard time model', () => {
  it('is the fixed cost plus the sum of its tests and their per-test costs with one worker', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 500 }),
        (ms, fixedMs, perTestMs) => {
          const model = { fixedMs, perTestMs, workers: 1, samples: 1 };
          expect(predictShardMs(ms, model)).toBe(fixedMs + ms.reduce((a, b) => a + b + perTestMs, 0));
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('with W workers lies between max(sum / W, longest test) and sum / W + longest test (Graham), and never grows with W', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 6 }),
        (ms, workers) => {
          const at = (w: number): number => predictShardMs(ms, { fixedMs: 0, perTestMs: 0, workers: w, samples: 1 });
          const sum = ms.reduce((a, b) => a + b, 0);
          const longest = Math.max(...ms);
          expect(at(workers)).toBeGreaterThanOrEqual(Math.max(sum / workers, longest) - 1e-9);
          expect(at(workers)).toBeLessThanOrEqual(sum / workers + longest + 1e-9);
          expect(at(workers + 1)).toBeLessThanOrEqual(at(workers) + longest);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('recovers the fixed and per-test costs from exact timings, and a burst on one shard does not move them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 300 }),
        fc.array(fc.record({ tests: fc.integer({ min: 1, max: 40 }), work: fc.integer({ min: 0, max: 60_000 }) }), {
          minLength: 5,
          maxLength: 20,
        }),
        (fixedMs, perTestMs, shards) => {
          fc.pre(new Set(shards.map((s) => s.tests)).size >= 3);
          const exact = shards.map((s) => ({
            tests: s.tests,
            busiestWorkerMs: s.work,
            wallMs: s.work + fixedMs + perTestMs * s.tests,
          }));
          const fit = fitShardCosts(exact, 1);
          expect(fit.fixedMs).toBeCloseTo(fixedMs, 6);
          expect(fit.perTestMs).toBeCloseTo(perTestMs, 6);
          // One shard that met a 30 s burst of load: the medians hold.
          const burst = exact.map((s, i) => (i === 0 ? { ...s, wallMs: s.wallMs + 30_000 } : s));
          const robust = fitShardCosts([...burst, ...exact], 1);
          expect(robust.fixedMs).toBeCloseTo(fixedMs, 6);
          expect(robust.perTestMs).toBeCloseTo(perTestMs, 6);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('has no slope to fit from one test count, and no negative costs', () => {
    expect(fitShardCosts([], 1)).toEqual(zeroCosts(1));
    const same = fitShardCosts(
      [
        { tests: 3, busiestWorkerMs: 100, wallMs: 1_100 },
        { tests: 3, busiestWorkerMs: 100, wallMs: 1_300 },
      ],
      1,
    );
    expect([same.fixedMs, same.perTestMs, same.samples]).toEqual([1_100, 0, 2]);
    const negative = fitShardCosts(
      [
        { tests: 1, busiestWorkerMs: 900, wallMs: 1_000 },
        { tests: 9, busiestWorkerMs: 900, wallMs: 900 },
      ],
      1,
    );
    expect(negative.perTestMs).toBe(0);
    expect(negative.fixedMs).toBeGreaterThanOrEqual(0);
  });

  it('says no split could beat the longest test plus the least start-up', () => {
    // The +19 % run of 2026-12-04 (quiet machine): E2E-110 alone took 11.0 s on shard 1.
    const floor = balanceFloor([
      { wallMs: 13_800, busiestWorkerMs: 11_040, longestTestMs: 11_040 },
      { wallMs: 11_600, busiestWorkerMs: 8_260, longestTestMs: 4_820 },
      { wallMs: 11_700, busiestWorkerMs: 8_010, longestTestMs: 4_430 },
      { wallMs: 9_300, busiestWorkerMs: 6_190, longestTestMs: 1_860 },
    ]);
    expect(floor?.floorMs).toBeCloseTo(11_040 + 2_760, 6);
    expect(floor?.overMean).toBeCloseTo(13_800 / 11_600 - 1, 6);
    expect(balanceFloor([])).toBeUndefined();
  });
});

describe('plans with shard costs', () => {
  const groupsArb = fc.array(fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 4 }), {
    minLength: 1,
    maxLength: 30,
  });
  const toGroups = (sizes: number[][]): WeightedGroup[] =>
    sizes.map((tests, g) => ({
      id: `g${g}`,
      tests: tests.map((ms, t) => ({ planId: `g${g} t${t}`, ms, source: 'measured' as const })),
      ms: tests.reduce((a, b) => a + b, 0),
    }));

  it('keep every test on exactly one shard and each group whole; planned times are the model of each shard; same input, same plan', () => {
    fc.assert(
      fc.property(
        groupsArb,
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 3_000 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 3 }),
        (sizes, n, fixedMs, perTestMs, workers) => {
          const costs = { fixedMs, perTestMs, workers, samples: 4 };
          const groups = toGroups(sizes);
          const plan = buildDurationPlan(groups, n, history, costs);
          const shardOf = new Map(plan.shards.flatMap((s) => s.tests.map((t) => [t.planId, s.index] as const)));
          expect(shardOf.size).toBe(groups.reduce((sum, g) => sum + g.tests.length, 0));
          expect([...shardOf.keys()].sort()).toEqual(groups.flatMap((g) => g.tests.map((t) => t.planId)).sort());
          for (const group of groups) expect(new Set(group.tests.map((t) => shardOf.get(t.planId))).size).toBe(1);
          const groupOf = new Map(groups.flatMap((g) => g.tests.map((t) => [t.planId, g] as const)));
          for (const shard of plan.shards) {
            const units = [...new Set(shard.tests.map((t) => groupOf.get(t.planId)))].map((g) => ({
              ms: g?.ms ?? 0,
              tests: g?.tests.length ?? 0,
            }));
            expect(shard.plannedMs).toBe(predictShardMs(units, costs));
          }
          expect(plan.makespanMs).toBeGreaterThanOrEqual(plan.lowerBoundMs - 1e-6);
          expect(buildDurationPlan(toGroups(sizes), n, history, { ...costs })).toEqual(plan);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('moves tests off a shard of many short tests when each test costs start-up time', () => {
    // One 10 s test against ten 1 s tests: even by their durations, but the ten pay ten per-test costs.
    const groups = toGroups([[10_000], ...Array.from({ length: 10 }, () => [1_000]), [500]]);
    const plain = buildDurationPlan(groups, 2, history);
    const costed = buildDurationPlan(groups, 2, history, { fixedMs: 2_000, perTestMs: 300, workers: 1, samples: 8 });
    const plainUnderCosts = Math.max(
      ...plain.shards.map((shard) =>
        predictShardMs(
          shard.tests.map((t) => t.ms),
          costed.costs,
        ),
      ),
    );
    expect(plain.shards.map((shard) => shard.tests.length).sort((a, b) => a - b)).toEqual([2, 10]);
    expect(costed.makespanMs).toBeLessThan(plainUnderCosts);
  });
});

describe('shard times file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shard-times-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const line = (runId: string, shard: string, extra: Partial<ShardTimeLine> = {}): ShardTimeLine => ({
    version: 1,
    runId,
    recordedAt: 1,
    scale: 1,
    workers: 1,
    shard,
    tests: 5,
    reporterWallMs: 9_000,
    busiestWorkerMs: 8_000,
    longestTestMs: 3_000,
    ...extra,
  });

  it('appends a run once (a rebuild replaces its lines), keeps the newest runs, and fits only comparable runs', async () => {
    const file = join(dir, 'shard-times.jsonl');
    await appendShardTimes(file, [line('a', '1/2'), line('a', '2/2')]);
    await appendShardTimes(file, [line('a', '1/2', { tests: 6 }), line('a', '2/2')]);
    expect((await readShardTimes(file)).map((l) => [l.runId, l.tests])).toEqual([
      ['a', 6],
      ['a', 5],
    ]);
    await appendShardTimes(file, [line('b', '1/2', { scale: 0.25, processWallMs: 1 })], 2);
    await appendShardTimes(
      file,
      [line('c', '1/2', { processWallMs: 10_000 }), line('c', '2/2', { processWallMs: 10_000 })],
      2,
    );
    const kept = await readShardTimes(file);
    expect([...new Set(kept.map((l) => l.runId))]).toEqual(['b', 'c']);
    expect(fitFromShardTimes(kept, 1, 1, 1).wall).toBe('none');
    const fitted = fitFromShardTimes(kept, 1, 1, 1, 10, 1);
    expect([fitted.runs, fitted.wall, fitted.model.fixedMs]).toEqual([1, 'process', 2_000]);
    expect(fitFromShardTimes(kept, 1, 2, 2).runs).toBe(0);
    expect(fitFromShardTimes(kept, 0.5, 1, 1).model).toEqual(zeroCosts(1));
  });

  it('names the file and line of a bad line, and reads a missing file as none', async () => {
    const file = join(dir, 'shard-times.jsonl');
    expect(await readShardTimes(file)).toEqual([]);
    await writeFile(file, `${JSON.stringify(line('a', '1/2'))}\n{"version":1}\n`);
    await expect(readShardTimes(file)).rejects.toThrow(`shard times ${file}:2 does not match its schema`);
    expect(await readFile(file, 'utf8')).toContain('"runId":"a"');
  });

  it('records what each merged shard took, with the process time when known, and says how close any split could come', async () => {
    const dirs = [join(dir, 'shard-1-of-2'), join(dir, 'shard-2-of-2')];
    const actuals = [
      { wallMs: 12_000, testsMs: 11_000, tests: 1, busiestWorkerMs: 11_000, longestTestMs: 11_000 },
      { wallMs: 9_000, testsMs: 7_500, tests: 6, busiestWorkerMs: 7_500, longestTestMs: 3_000 },
    ];
    for (const [i, d] of dirs.entries()) {
      await mkdir(d, { recursive: true });
      await writeFile(
        join(d, SHARD_PLAN_FILE),
        JSON.stringify({
          version: 1,
          current: i + 1,
          total: 2,
          plan: { version: 1, method: 'playwright', total: 2, reason: 'r' },
          actual: actuals[i],
        }),
      );
    }
    const file = join(dir, 'shard-times.jsonl');
    const options = {
      resultsDirs: dirs,
      file,
      runId: 'r1',
      scale: 1,
      workers: 1,
      processMs: new Map([['1/2', 14_000]]),
      now: 5,
    };
    const dry = await recordShardTimes({ ...options, write: false });
    expect(dry.summary.at(-1)).toContain('not recorded');
    expect(await readShardTimes(file)).toEqual([]);
    const done = await recordShardTimes({ ...options, write: true });
    expect(await readShardTimes(file)).toEqual(done.lines);
    expect(done.lines.map((l) => [l.shard, l.processWallMs, l.reporterWallMs, l.tests])).toEqual([
      ['1/2', 14_000, 12_000, 1],
      ['2/2', undefined, 9_000, 6],
    ]);
    // Mean (14 + 9) / 2 = 11.5 s; the floor is the 11 s test plus the least overhead (shard 2's 1.5 s): 12.5 s.
    expect(done.summary[0]).toContain('slowest 12.5 s against the mean 11.5 s (+8.7 %)');
  });
});
