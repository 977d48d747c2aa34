import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../engines/common/index.js';
import { DEFAULT_METRIC_SPECS, judgeMetric, type HistoryPoint, type MetricSpec } from './detector.js';
import { judgeRun } from './judge-run.js';
import type { BaselineFile, BaselinePart, StoredRunContext } from './types.js';

const cpu = DEFAULT_METRIC_SPECS.find((s) => s.metric === 'threadCpuMs') as MetricSpec;
const processCpu = DEFAULT_METRIC_SPECS.find((s) => s.metric === 'cpuMs') as MetricSpec;
const rss = DEFAULT_METRIC_SPECS.find((s) => s.metric === 'rssGrowthMb') as MetricSpec;
const wall = DEFAULT_METRIC_SPECS.find((s) => s.metric === 'wallMs') as MetricSpec;
const points = (values: readonly number[]): HistoryPoint[] =>
  values.map((value, i) => ({ value, runId: `r${i}`, runAt: `2026-12-0${(i % 9) + 1}T00:00:00Z`, commit: `c${i}` }));

/** Lognormal noise around `center` with coefficient of variation ~`cv`, from a seeded source. */
function noisy(random: () => number, center: number, cv: number, n: number): number[] {
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: n }, () => center * Math.exp(cv * gauss()));
}

describe('judgeMetric on synthetic histories', () => {
  it('steady history: small wobble is unchanged, a 30% step is a regression with its band and p-value', () => {
    const history = points([200, 204, 198, 201, 203, 199, 202, 200]);
    expect(judgeMetric(cpu, history, 206).status).toBe('unchanged');
    const step = judgeMetric(cpu, history, 260);
    expect(step).toMatchObject({
      status: 'regressed',
      unit: 'ms',
      changePercent: 29.7,
      baseline: { median: 200.5, runs: 8 },
    });
    expect(step.pValue).toBeLessThan(0.001);
    expect(step.baseline?.high).toBeLessThan(260);
    expect(step.baselineRuns?.map((r) => r.commit)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
  });

  it('noisy history (CV 20%): a value from the same distribution is almost never flagged (seeded property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const random = createSeededRandom(seed);
        let flagged = 0;
        for (let trial = 0; trial < 50; trial++) {
          const [current = 0, ...rest] = noisy(random, 300, 0.2, 11);
          if (judgeMetric(cpu, points(rest), current).status === 'regressed') flagged++;
        }
        return flagged <= 4; // α = 1% per judgement: ≥ 5 of 50 would be p < 0.002
      }),
      { seed: 15, numRuns: 40 },
    );
  });

  it('a noisy history tolerates a 25% change that a steady one flags', () => {
    expect(judgeMetric(cpu, points([300, 310, 295, 305, 302]), 375).status).toBe('regressed');
    expect(judgeMetric(cpu, points([220, 390, 260, 350, 300]), 375).status).toBe('unchanged');
  });

  it('step change after a long steady run is caught; the verdict is below the floor when tiny', () => {
    const history = points([100, 101, 100, 99, 100, 100, 101, 99, 100, 100]);
    expect(judgeMetric(cpu, history, 112).status).toBe('regressed');
    // significant (p tiny) but only +6%: under the 10% effect-size floor
    const small = judgeMetric(cpu, history, 106);
    expect(small.status).toBe('unchanged');
    expect(small.reason).toMatch(/within the floor 10% and 1\.0 ms/);
    // +15% of a 5 ms test is only 0.75 ms: under the 1 ms absolute floor
    expect(judgeMetric(cpu, points([5, 5, 5, 5]), 5.75).status).toBe('unchanged');
  });

  it('slow drift: each run inside the band of the runs before it, called by the drift test once the line rose by the floor', () => {
    // +1% a run without noise: the band tests never call it (each run is ~5% over the last ten's median)
    const drift = Array.from({ length: 30 }, (_, i) => 200 * 1.01 ** i);
    const bandOnly = { minTrendRuns: Number.POSITIVE_INFINITY };
    for (let i = 10; i < drift.length; i++)
      expect(judgeMetric(cpu, points(drift.slice(i - 10, i)), drift[i] ?? 0, bandOnly).status).toBe('unchanged');
    // the line through the last ten and this run has risen 1.01^10 - 1 = 10.5%, over the 10% floor
    const called = judgeMetric(cpu, points(drift.slice(0, 10)), drift[10] ?? 0);
    expect(called).toMatchObject({ status: 'regressed', trend: { runs: 11 } });
    expect(called.trend?.changePercent).toBeCloseTo(10.5, 0);
    expect(called.trend?.slopePercent).toBeCloseTo(1, 1);
    expect(called.reason).toMatch(
      /drifting: \+10\.\d% along a line through the last 11 runs \(\+1(\.0\d?)?% a run\), p<0\.001 < 0\.001/,
    );
    // fewer runs than the drift test needs: not judged that way
    expect(judgeMetric(cpu, points(drift.slice(6, 10)), drift[10] ?? 0).trend).toBeUndefined();
    // a line that rose less than the floor (0.5% a run over ten runs) is not a regression, however straight
    const slow = Array.from({ length: 11 }, (_, i) => 200 * 1.005 ** i);
    expect(judgeMetric(cpu, points(slow.slice(0, 10)), slow[10] ?? 0).status).toBe('unchanged');
    // drifting down is never a regression
    const faster = [...drift].reverse();
    expect(judgeMetric(cpu, points(faster.slice(0, 10)), faster[10] ?? 0).status).not.toBe('regressed');
  });

  it('a drift of +1.5% a run under 2% noise, accepted run by run (keep 10), is called 4 to 12 runs after it began (50 seeds); the band tests alone miss it in many', () => {
    const firstCalled = (run: (i: number) => number, options: Parameters<typeof judgeMetric>[3]): number => {
      const accepted: number[] = [];
      for (let i = 0; i < 40; i++) {
        if (accepted.length >= 3 && judgeMetric(cpu, points(accepted), run(i), options).status === 'regressed')
          return i;
        accepted.push(run(i));
        if (accepted.length > 10) accepted.shift();
      }
      return Number.POSITIVE_INFINITY;
    };
    let missedByBands = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const noise = noisy(createSeededRandom(seed), 1, 0.02, 40);
      // steady for ten runs, then +1.5% a run
      const run = (i: number): number => 200 * 1.015 ** Math.max(0, i - 10) * (noise[i] ?? 1);
      const called = firstCalled(run, {});
      expect(called).toBeGreaterThan(13);
      expect(called).toBeLessThanOrEqual(22);
      const bandsOnly = firstCalled(run, { minTrendRuns: Number.POSITIVE_INFINITY });
      expect(bandsOnly).toBeGreaterThanOrEqual(called);
      if (bandsOnly === Number.POSITIVE_INFINITY) missedByBands++;
      // the same noise without the drift is never called
      expect(firstCalled((i) => 200 * (noise[i] ?? 1), {})).toBe(Number.POSITIVE_INFINITY);
    }
    expect(missedByBands).toBeGreaterThan(10);
  });

  it('improvement: a significant drop is "improved", and nothing below the median is ever a regression (property)', () => {
    expect(judgeMetric(cpu, points([200, 204, 198, 201]), 120).status).toBe('improved');
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1e5, noNaN: true }), { minLength: 3, maxLength: 12 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, t) => {
          const sorted = [...values].sort((a, b) => a - b);
          const low = sorted[0] ?? 0;
          for (const spec of DEFAULT_METRIC_SPECS)
            expect(judgeMetric(spec, points(values), low * t).status).not.toBe('regressed');
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('two-run evidence: a shift one run cannot call is called when the accepted previous run shows it too', () => {
    // ten runs whose logarithms spread by about 0.07 (a 7% CV), then a +25% step
    const steady = [100, 112, 90, 104, 95, 110, 92, 106, 98, 101];
    const stepped = 126;
    expect(judgeMetric(cpu, points(steady), stepped).status).toBe('unchanged');
    const joint = judgeMetric(cpu, points([...steady, stepped]), stepped);
    expect(joint).toMatchObject({ status: 'regressed', joint: { previous: { runId: 'r10', value: 126 }, runs: 10 } });
    expect(joint.joint?.pValue).toBeLessThan(0.003);
    expect(joint.reason).toMatch(
      /with the previous run \(126 ms\) the two runs are \+2\d(\.\d)?% over the 10 runs before, p=0\.00\d < 0\.003/,
    );
    // one high run followed by a normal one is not a step; nor is a pair at or below the median
    expect(judgeMetric(cpu, points([...steady, stepped]), 101).status).toBe('unchanged');
    expect(judgeMetric(cpu, points([...steady, 80]), 80).status).not.toBe('regressed');
    // the reported-only process CPU never regresses, however clear the pair
    expect(judgeMetric(processCpu, points([...steady, 300]), 300)).toMatchObject({
      status: 'unchanged',
      judged: false,
    });
  });

  it('for any seed: a 25% step over a 2%-noise history of 6 to 10 runs is caught within two runs; the same history unshifted or improved is not flagged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 6, max: 10 }), (seed, k) => {
        const random = createSeededRandom(seed);
        const history = points(noisy(random, 200, 0.02, k));
        const [a = 0, b = 0] = noisy(random, 200, 0.02, 2);
        const first = judgeMetric(cpu, history, a * 1.25);
        const accepted = points([...history.map((h) => h.value), a * 1.25].slice(-k));
        const caught = first.status === 'regressed' || judgeMetric(cpu, accepted, b * 1.25).status === 'regressed';
        const plainAccepted = points([...history.map((h) => h.value), a].slice(-k));
        const improvedAccepted = points([...history.map((h) => h.value), a * 0.8].slice(-k));
        return (
          caught &&
          judgeMetric(cpu, plainAccepted, b * 0.8).status !== 'regressed' &&
          judgeMetric(cpu, improvedAccepted, b * 0.8).status !== 'regressed' &&
          judgeMetric(cpu, history, a * 0.8).status !== 'regressed'
        );
      }),
      { seed: 25, numRuns: 300 },
    );
  });

  it('too little history: insufficient until three accepted runs', () => {
    expect(judgeMetric(cpu, points([200, 201]), 900)).toMatchObject({
      status: 'insufficient-history',
      reason: 'insufficient history (2 of 3 accepted runs)',
    });
  });

  it('memory growth is judged in MB with an absolute floor; wall time is reported, never regressed', () => {
    expect(judgeMetric(rss, points([2, 3, 2, 4, 3]), 12).status).toBe('unchanged'); // +9 MB: under 16 MB
    expect(judgeMetric(rss, points([2, 3, 2, 4, 3]), 60)).toMatchObject({ status: 'regressed', unit: 'MB' });
    const slowWall = judgeMetric(wall, points([200, 201, 199, 200]), 400);
    expect(slowWall.status).toBe('unchanged');
    expect(slowWall.judged).toBe(false);
    expect(slowWall.reason).toMatch(/reported only/);
  });
});

describe('judgeRun', () => {
  const ctx = (scale: number, workers: number | string = 1): StoredRunContext => ({
    scale,
    workers,
    node: 'v20.19.0',
    machine: 'm',
    shardCount: 1,
  });
  const part = (context: StoredRunContext, cpuMs: number): BaselinePart => ({
    schemaVersion: 2,
    shard: 'local',
    createdAt: '2026-12-04T00:00:00Z',
    runId: 'now',
    context,
    samples: [{ key: 'k', name: 'E2E-101: x', measured: { cpuMs } }],
    failed: [],
  });
  const file = (contexts: StoredRunContext[]): BaselineFile => ({
    schemaVersion: 2,
    updatedAt: 'x',
    keep: 10,
    runs: contexts.map((context, i) => ({
      runId: `r${i}`,
      runAt: `2026-12-0${i + 1}`,
      acceptedAt: 'x',
      context,
      tests: 1,
    })),
    tests: { k: { name: 'E2E-101: x', samples: contexts.map((_, i) => ({ runId: `r${i}`, cpuMs: 100 + i })) } },
  });

  it('refuses a run whose scale or workers differ from every accepted run, naming the difference', () => {
    const judgement = judgeRun(file([ctx(0.25), ctx(0.25), ctx(0.25)]), [part(ctx(1), 400)], { runId: 'now' });
    expect(judgement).toMatchObject({
      status: 'refused',
      regressed: [],
      summary: 'refused: scale 1 vs 0.25 in history (3 accepted runs); nothing judged',
    });
    const workers = judgeRun(file([ctx(1, 2), ctx(1, 2), ctx(1, 2)]), [part(ctx(1, 1), 400)], { runId: 'now' });
    expect(workers.summary).toBe('refused: workers 1 vs 2 in history (3 accepted runs); nothing judged');
  });

  it('judges the thread CPU where it was measured (process CPU reported only), process CPU where it was not', () => {
    const runs = [0, 1, 2, 3].map((i) => ({
      runId: `r${i}`,
      runAt: `2026-12-0${i + 1}`,
      acceptedAt: 'x',
      context: ctx(1),
      tests: 1,
    }));
    const history = (thread: boolean): BaselineFile => ({
      schemaVersion: 2,
      updatedAt: 'x',
      keep: 10,
      runs,
      tests: {
        k: {
          name: 'E2E-101: x',
          samples: runs.map((r, i) => ({
            runId: r.runId,
            cpuMs: 200 + i,
            ...(thread ? { threadCpuMs: 100 + i } : {}),
          })),
        },
      },
    });
    const now = (measured: BaselinePart['samples'][number]['measured']): BaselinePart[] => [
      {
        schemaVersion: 2,
        shard: 'local',
        createdAt: 'x',
        runId: 'now',
        context: ctx(1),
        samples: [{ key: 'k', name: 'E2E-101: x', measured }],
        failed: [],
      },
    ];
    // background threads doubled the process CPU; the test's own thread did the same work: not a regression
    const noisy = judgeRun(history(true), now({ cpuMs: 400, threadCpuMs: 101 }), { runId: 'now' });
    expect(noisy.regressed).toEqual([]);
    expect(noisy.tests[0]?.verdicts.find((v) => v.metric === 'cpuMs')).toMatchObject({
      judged: false,
      status: 'unchanged',
    });
    // the thread's own CPU rose by half: regressed, on that metric
    const slower = judgeRun(history(true), now({ cpuMs: 300, threadCpuMs: 150 }), { runId: 'now' });
    expect(slower.tests[0]?.verdicts.filter((v) => v.status === 'regressed').map((v) => v.metric)).toEqual([
      'threadCpuMs',
    ]);
    // no thread CPU in this run or its history: the process CPU is judged instead
    const fallback = judgeRun(history(false), now({ cpuMs: 400 }), { runId: 'now' });
    expect(fallback.tests[0]?.verdicts.find((v) => v.metric === 'cpuMs')).toMatchObject({
      judged: true,
      status: 'regressed',
    });
  });

  it('judges against the comparable runs only and notes the others', () => {
    const judgement = judgeRun(file([ctx(0.25), ctx(1), ctx(1), ctx(1)]), [part(ctx(1), 400)], { runId: 'now' });
    expect(judgement.status).toBe('judged');
    expect(judgement.summary).toMatch(
      /^1 regressed in 1 judged: E2E-101 cpuMs \+\d+(\.\d)?% \(p=[\d.]+\); not compared: scale 1 vs 0.25 in history \(1 accepted run\)$/,
    );
    const few = judgeRun(file([ctx(0.25), ctx(1)]), [part(ctx(1), 100)], { runId: 'now' });
    expect(few.summary).toBe(
      'insufficient history (1 of 3 accepted runs); not compared: scale 1 vs 0.25 in history (1 accepted run)',
    );
  });
});
