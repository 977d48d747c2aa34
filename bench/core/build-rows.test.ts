import { describe, expect, it } from 'vitest';
import type { ChildMeasurement, ContenderRun, Outcome } from './bench-types.js';
import { buildRows, formatThroughput, type BuildRowsOptions } from './build-rows.js';

const measure = (ms: number, outcome: Outcome, peakRssMb = 100, cpuMs = ms): ChildMeasurement => ({
  ms,
  cpuMs,
  items: 1000,
  peakRssMb,
  outcome,
});
const run = (
  tool: string,
  role: ContenderRun['role'],
  values: readonly number[],
  outcome: Outcome,
  rss = 100,
): ContenderRun => ({
  tool,
  role,
  workload: 'w',
  measurements: values.map((ms) => measure(ms, outcome, rss)),
});
const good = { nodes: 1000 };

function options(runs: ContenderRun[]): BuildRowsOptions {
  return {
    workload: 'w',
    expected: good,
    unit: 'nodes',
    contenders: [
      { tool: 'ours', role: 'ours', agreementKeys: ['nodes'] },
      { tool: 'peer', role: 'peer', agreementKeys: ['nodes'] },
      { tool: 'floor', role: 'floor', agreementKeys: ['nodes'] },
    ],
    runs,
    goals: [
      { kind: 'ours-faster-than', peer: 'peer', factor: 3 },
      { kind: 'ours-within-floor', factor: 2 },
      { kind: 'ours-rss-not-above', peer: 'peer' },
    ],
  };
}

describe('buildRows', () => {
  it('reports medians, ratios and goal verdicts when everyone agrees', () => {
    const rows = buildRows(
      options([
        run('ours', 'ours', [30, 10, 20], good, 80),
        run('peer', 'peer', [100, 90, 80], good, 120),
        run('floor', 'floor', [5, 15, 10], good, 60),
      ]),
    );
    const [ours, peer, floor] = rows;
    expect(ours?.medianMs).toBe(20);
    expect(peer?.ratioToOurs).toBeCloseTo(4.5);
    expect(ours?.ratioToFloor).toBeCloseTo(2);
    expect(floor?.ratioToOurs).toBeCloseTo(0.5);
    expect(peer?.goals).toEqual([{ label: 'ours >= 3x faster', verdict: 'PASS' }]);
    expect(ours?.goals).toEqual([
      { label: '<= 2x floor', verdict: 'PASS' },
      { label: 'RSS <= peer', verdict: 'PASS' },
    ]);
    expect(ours?.agreement).toBe('agree');
  });

  it('misses a goal that the numbers do not meet', () => {
    const rows = buildRows(
      options([
        run('ours', 'ours', [50], good, 200),
        run('peer', 'peer', [100], good, 120),
        run('floor', 'floor', [10], good),
      ]),
    );
    expect(rows[1]?.goals[0]?.verdict).toBe('MISS');
    expect(rows[0]?.goals.map((g) => g.verdict)).toEqual(['MISS', 'MISS']);
  });

  it('prints no ratio and no verdict for a peer that disagrees with ours', () => {
    const rows = buildRows(
      options([
        run('ours', 'ours', [10], good),
        run('peer', 'peer', [100], { nodes: 999 }),
        run('floor', 'floor', [5], good),
      ]),
    );
    const peer = rows[1];
    expect(peer?.agreement).toBe('disagree');
    expect(peer?.differences).toEqual(['nodes: expected 1000, got 999']);
    expect(peer?.ratioToOurs).toBeUndefined();
    expect(peer?.ratioToFloor).toBeUndefined();
    expect(peer?.goals[0]?.verdict).toBe('N/A');
  });

  it('withholds every ratio to ours when ours disagrees with the manifest', () => {
    const rows = buildRows(
      options([
        run('ours', 'ours', [10], { nodes: 1 }),
        run('peer', 'peer', [100], { nodes: 1 }),
        run('floor', 'floor', [5], { nodes: 1 }),
      ]),
    );
    expect(rows[0]?.agreement).toBe('disagree');
    expect(rows[1]?.ratioToOurs).toBeUndefined();
    expect(rows.flatMap((r) => r.goals).every((g) => g.verdict === 'N/A')).toBe(true);
  });

  it('keeps a crashed contender as an error row without numbers', () => {
    const rows = buildRows(
      options([
        run('ours', 'ours', [10], good),
        { tool: 'peer', role: 'peer', workload: 'w', measurements: [], error: 'BenchProtocolError: timed out' },
        run('floor', 'floor', [5], good),
      ]),
    );
    expect(rows[1]).toMatchObject({
      error: 'BenchProtocolError: timed out',
      medianMs: undefined,
      agreement: 'n/a',
      ratioToOurs: undefined,
    });
  });

  it('reports the highest peak RSS of the repetitions', () => {
    const runs = [
      {
        tool: 'ours',
        role: 'ours' as const,
        workload: 'w',
        measurements: [measure(1, good, 50), measure(2, good, 70), measure(3, good, 60)],
      },
    ];
    expect(
      buildRows({
        ...options(runs),
        contenders: [{ tool: 'ours', role: 'ours', agreementKeys: ['nodes'] }],
        goals: [],
      })[0]?.peakRssMb,
    ).toBe(70);
  });
});

describe('formatThroughput', () => {
  it('gives items per second and optionally microseconds per item', () => {
    expect(formatThroughput(200_000, 1_000, 'nodes', true)).toBe('200,000 nodes/s (5.00 µs/node)');
    expect(formatThroughput(500, 250, 'scenarios', false)).toBe('2,000 scenarios/s');
  });
  it('is a dash without a measurement', () => {
    expect(formatThroughput(undefined, 10, 'files', false)).toBe('-');
    expect(formatThroughput(10, 0, 'files', false)).toBe('-');
  });
});
