import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { obtainGarbageCollector, runSoak, writeSoakReport, type SoakLoadKind, type SoakLoads } from './index.js';

/** Loads that do a little real work and fail on a fixed schedule, so totals are checkable. */
function countingLoads(failEvery: number): SoakLoads & { calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  let n = 0;
  return {
    calls,
    run: async (kind: SoakLoadKind) => {
      calls[kind] = (calls[kind] ?? 0) + 1;
      n += 1;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (n % failEvery === 0) throw new Error(`boom ${n}`);
      return { kind, operations: 10, errors: 0, failures: [] };
    },
    close: () => Promise.resolve(),
  };
}

describe('runSoak', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'soak-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loops the loads until the duration is up, counts thrown iterations as errors, and reports', async () => {
    const loads = countingLoads(7);
    const progress: number[] = [];
    let gcCalls = 0;
    const result = await runSoak({
      durationMs: 600,
      seed: 5,
      loads,
      kinds: ['dag', 'pool'],
      progressIntervalMs: 100,
      heapSampleIntervalMs: 50,
      monitorIntervalMs: 50,
      gc: () => void (gcCalls += 1),
      onProgress: (p) => progress.push(p.iterations),
    });

    expect(result.durationMs).toBeGreaterThanOrEqual(600);
    expect(result.iterations).toBeGreaterThan(7);
    expect(Object.keys(loads.calls).sort()).toEqual(['dag', 'pool']);
    const thrown = Math.floor(result.iterations / 7);
    expect(result.errors).toBe(thrown);
    expect(result.operations).toBe((result.iterations - thrown) * 10 + thrown);
    expect(result.failures[0]).toMatch(/threw: Error: boom 7$/);
    expect(result.byKind.dag.iterations + result.byKind.pool.iterations).toBe(result.iterations);
    expect(result.byKind.bdv.iterations).toBe(0);
    // Every heap sample was preceded by a forced GC; error windows add up to the totals.
    expect(gcCalls).toBe(result.heapSamples.length);
    expect(result.errorWindows.reduce((sum, w) => sum + w.errors, 0)).toBe(result.errors);
    expect(result.errorWindows.reduce((sum, w) => sum + w.operations, 0)).toBe(result.operations);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // 0.6 s cannot support a verdict in MB/min.
    expect(result.leak.status).toBe('insufficient-data');

    const files = await writeSoakReport(result, join(dir, 'soak'));
    expect((await readdir(files.dir)).sort()).toEqual([
      'error-rate.svg',
      'event-loop.svg',
      'index.html',
      'memory.svg',
      'soak-summary.json',
    ]);
    const summary = JSON.parse(await readFile(files.summary, 'utf8')) as {
      seed: number;
      errors: number;
      leak: { status: string };
    };
    expect(summary).toMatchObject({ seed: 5, errors: result.errors, leak: { status: 'insufficient-data' } });
    const html = await readFile(files.html, 'utf8');
    for (const chart of ['memory.svg', 'event-loop.svg', 'error-rate.svg', 'soak-summary.json'])
      expect(html).toContain(`href="${chart}"`);
    expect(await readFile(join(files.dir, 'memory.svg'), 'utf8')).toContain('heap after GC');
  });

  it('stops early on its signal and still returns what it saw', async () => {
    const stop = new AbortController();
    const loads = countingLoads(1_000_000);
    const pending = runSoak({
      durationMs: 60_000,
      seed: 1,
      loads,
      heapSampleIntervalMs: 1_000,
      monitorIntervalMs: 100,
      signal: stop.signal,
    });
    setTimeout(() => stop.abort(), 200);
    const result = await pending;
    expect(result.aborted).toBe(true);
    expect(result.durationMs).toBeLessThan(30_000);
    expect(result.iterations).toBeGreaterThan(0);
  });

  it('flags a deliberately leaking run as a leak', async () => {
    // 400 MB/min retained for 3 s: 20 MB, far above noise; warm-up and window shrunk to fit a unit test.
    const result = await runSoak({
      durationMs: 3_000,
      seed: 2,
      loads: countingLoads(1_000_000),
      heapSampleIntervalMs: 100,
      monitorIntervalMs: 200,
      gc: obtainGarbageCollector(),
      injectLeakMbPerMin: 400,
      leak: { thresholdMbPerMin: 100, warmupMs: 300, minWindowMs: 1_500 },
    });
    expect(result.gcForced).toBe(true);
    expect(result.leak.status, result.leak.reason).toBe('leak');
    expect(result.leak.slopeMbPerMin ?? 0).toBeGreaterThan(200);
  });
});
