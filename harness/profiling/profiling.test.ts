import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ProfilingError,
  formatCpuProfileSummary,
  renderFlameGraphSvg,
  startCpuProfile,
  summarizeCpuProfile,
  type CpuProfile,
} from './index.js';

const HOT_FILE = fileURLToPath(new URL('./testing/hot-loop.cjs', import.meta.url));
// Node's own loader, not the test runner's: a transform would move the lines the profiler reports.
// V8 places a function at the `(` of its parameter list; 1-based here, as the summary reports it.
const HOT_LINE =
  readFileSync(HOT_FILE, 'utf8')
    .split('\n')
    .findIndex((line) => line.startsWith('function countPrimesHot(')) + 1;
const HOT_LOCATION = `${HOT_FILE}:${HOT_LINE}:${'function countPrimesHot('.length}`;
const { runHotWorkload } = createRequire(import.meta.url)(HOT_FILE) as { runHotWorkload: (rounds: number) => number };

describe('summarizeCpuProfile on a hand-built profile', () => {
  // root -> main -> (hot, recurse -> recurse); plus idle and GC samples.
  const frame = (functionName: string, lineNumber = 0, url = 'file:///app/work.js') => ({
    functionName,
    scriptId: '1',
    url,
    lineNumber,
    columnNumber: 4,
  });
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', -1, ''), children: [2, 6, 7] },
      { id: 2, callFrame: frame('main', 9), children: [3, 4] },
      { id: 3, callFrame: frame('hot', 19) },
      { id: 4, callFrame: frame('recurse', 29), children: [5] },
      { id: 5, callFrame: frame('recurse', 29) },
      { id: 6, callFrame: frame('(idle)', -1, '') },
      { id: 7, callFrame: frame('(garbage collector)', -1, '') },
    ],
    startTime: 1_000_000,
    endTime: 1_010_000,
    samples: [3, 3, 3, 5, 4, 2, 6, 7],
    timeDeltas: [1000, 1000, 1000, 500, 500, 2000, 3000, 1000],
  };

  it('ranks functions by self time from the time deltas and keeps 1-based locations', () => {
    const summary = summarizeCpuProfile(profile, 10);
    expect(summary.sampleCount).toBe(8);
    expect(summary.durationMs).toBe(10);
    expect(summary.idleMs).toBe(3);
    expect(summary.gcMs).toBe(1);
    expect(summary.top.map((fn) => [fn.functionName, fn.selfMs])).toEqual([
      ['hot', 3],
      ['main', 2],
      ['recurse', 1],
    ]);
    expect(summary.top[0]).toMatchObject({ location: '/app/work.js:20:5', line: 20, column: 5, selfPercent: 30 });
  });

  it('counts a recursive function once per sample in its total time', () => {
    const summary = summarizeCpuProfile(profile, 10);
    const byName = Object.fromEntries(summary.top.map((fn) => [fn.functionName, fn]));
    expect(byName['recurse']?.totalMs).toBe(1);
    expect(byName['main']?.totalMs).toBe(6);
    expect(byName['hot']?.totalMs).toBe(3);
  });

  it('keeps only the top N and rejects a profile whose samples and deltas disagree', () => {
    expect(summarizeCpuProfile(profile, 1).top.map((fn) => fn.functionName)).toEqual(['hot']);
    const broken = { ...profile, timeDeltas: [1] };
    expect(() => summarizeCpuProfile(broken)).toThrow(ProfilingError);
  });
});

describe('startCpuProfile on real work', () => {
  it('records a profile whose summary names the hot function with its file and line', async () => {
    const recording = await startCpuProfile({ samplingIntervalUs: 500 });
    let checksum = 0;
    try {
      checksum = runHotWorkload(6);
    } finally {
      const result = await recording.stop();
      const summary = summarizeCpuProfile(result.profile, 1_000);

      expect(checksum).toBeGreaterThan(0);
      expect(result.durationMs).toBeGreaterThan(0);
      expect(summary.sampleCount).toBeGreaterThan(20);
      const hot = summary.top.find((fn) => fn.functionName === 'countPrimesHot');
      const light = summary.top.find((fn) => fn.functionName === 'sumSquaresLight');
      const parent = summary.top.find((fn) => fn.functionName === 'runHotWorkload');
      expect(HOT_LINE).toBeGreaterThan(0);
      expect(hot?.location).toBe(HOT_LOCATION);
      // The inner loop dominates the workload's own functions (the light loop is ~1000x less work). Samples are
      // wall-clock, so on a loaded machine a descheduled moment is charged to whatever was on the stack, even the
      // test runner's own `dispatch` (seen at load 20): the ranking is asserted among this file's functions, and
      // exact ranking by self time on the hand-built profile above.
      expect(summary.top.filter((fn) => fn.location.startsWith(HOT_FILE))[0]?.functionName).toBe('countPrimesHot');
      expect(hot?.selfMs ?? 0).toBeGreaterThan(light?.selfMs ?? 0);
      // Inclusive time covers self time. The caller's frame is asserted only when V8 reports it: once it has
      // optimised the loop (OSR) it may drop the frame (seen once on a fresh CI run); inclusive accounting over
      // callers is checked exactly on the hand-built profile above.
      expect(hot?.totalMs ?? 0).toBeGreaterThanOrEqual(hot?.selfMs ?? Number.POSITIVE_INFINITY);
      if (parent !== undefined) expect(parent.totalMs).toBeGreaterThanOrEqual(hot?.selfMs ?? Number.POSITIVE_INFINITY);
      // Every sampled microsecond is accounted for exactly once.
      const selfSum =
        summary.top.reduce((sum, fn) => sum + fn.selfMs, 0) + summary.idleMs + summary.programMs + summary.gcMs;
      const sampled = (result.profile.timeDeltas ?? []).reduce((sum, d) => sum + Math.max(0, d), 0) / 1000;
      expect(selfSum).toBeCloseTo(sampled, 6);

      const text = formatCpuProfileSummary(summary);
      expect(text).toContain(`countPrimesHot  ${HOT_LOCATION}`);
      const svg = renderFlameGraphSvg(result.profile, { title: 'hot <loop>' });
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg.trim().endsWith('</svg>')).toBe(true);
      expect(svg).toContain('countPrimesHot');
      expect(svg).toContain('hot &lt;loop&gt;');
      await expect(recording.stop()).rejects.toMatchObject({
        name: 'ProfilingError',
        code: 'PROFILING_ALREADY_STOPPED',
      });
    }
  });
});
