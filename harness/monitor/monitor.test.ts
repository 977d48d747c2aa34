import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { startMonitor } from './monitor.js';
import { createManualClock, type Clock } from '../../engines/common/index.js';
import { listDescendantPids } from './descendant-pids.js';
import { warmUpProcessProbe, type ProcessProbe, type ProcessStat } from './process-probe.js';

const MB = 1024 * 1024;

/**
 * Burns at least `cpuMs` of this process's CPU time (CPU, not wall time, which a loaded machine stretches)
 * and returns how much it really burned: the kernel accounts CPU in scheduler ticks, so each call
 * overshoots by up to one tick (4–10 ms).
 */
function burnCpu(cpuMs: number): number {
  const start = process.cpuUsage();
  // Pure integer arithmetic: no allocation, so no garbage-collector threads keep burning after the loop.
  let x = 0x2545f491;
  for (;;) {
    for (let i = 0; i < 100_000; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
    }
    const used = process.cpuUsage(start);
    const usedMs = (used.user + used.system) / 1000;
    if (usedMs >= cpuMs && x !== 0) return usedMs;
  }
}

/** Lets the event loop turn so interval timers can fire. */
const yieldOnce = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('startMonitor on the real process', () => {
  it('measures a ~300 ms CPU burn within ±20 %, in the totals and in the timeline', async () => {
    await warmUpProcessProbe();
    const monitor = startMonitor({ intervalMs: 50 });
    // Burn in slices so the sampler gets to run between them and the timeline sees the load.
    let burnedMs = 0;
    for (let i = 0; i < 10; i++) {
      burnedMs += burnCpu(30);
      await yieldOnce();
    }
    const { summary, timeline } = await monitor.stop();

    expect(burnedMs).toBeGreaterThanOrEqual(300);
    const totalMs = summary.cpu.userMs + summary.cpu.systemMs;
    expect(totalMs).toBeGreaterThanOrEqual(burnedMs * 0.8);
    expect(totalMs).toBeLessThanOrEqual(burnedMs * 1.2);
    expect(summary.cpu.meanPercent).toBeCloseTo((totalMs / summary.durationMs) * 100, 6);

    // Integrating the per-interval CPU % over the timeline must give back the same total.
    let integratedMs = 0;
    for (let i = 1; i < timeline.length; i++) {
      const s = timeline[i]!;
      integratedMs += (s.cpuPercent / 100) * (s.atMs - timeline[i - 1]!.atMs);
    }
    expect(integratedMs).toBeGreaterThanOrEqual(burnedMs * 0.8);
    expect(integratedMs).toBeLessThanOrEqual(burnedMs * 1.2);
    expect(summary.cpu.peakPercent).toBeGreaterThan(0);
    expect(timeline.length).toBeGreaterThanOrEqual(3);
  });

  it('shows a 50 MB allocation in peak RSS, heap and external memory', async () => {
    const monitor = startMonitor({ intervalMs: 20 });
    await monitor.nextSample();
    // Both kinds of memory: a Buffer lives outside the V8 heap, a filled array of doubles inside it.
    const outside = Buffer.alloc(50 * MB, 1);
    const inside = new Array<number>((50 * MB) / 8).fill(0.5);
    await monitor.nextSample();
    await monitor.nextSample();
    const { summary } = await monitor.stop();

    expect(outside.length + inside.length).toBeGreaterThan(0);
    expect(summary.memory.rssPeakBytes - summary.memory.rssStartBytes).toBeGreaterThanOrEqual(40 * MB);
    expect(summary.memory.heapUsedPeakBytes - summary.memory.heapUsedStartBytes).toBeGreaterThanOrEqual(40 * MB);
    expect(summary.memory.externalPeakBytes).toBeGreaterThanOrEqual(50 * MB);
  });

  it('sees a 300 ms event-loop block that starts right after the monitor does', async () => {
    const monitor = startMonitor({ intervalMs: 50 });
    const blockStart = performance.now();
    while (performance.now() - blockStart < 300) {
      // a synchronous block: nothing else on this thread runs
    }
    await monitor.nextSample();
    const { summary, timeline } = await monitor.stop();
    expect(summary.eventLoop.maxMs).toBeGreaterThanOrEqual(250);
    expect(Math.max(...timeline.map((s) => s.eventLoopDelayMaxMs))).toBeGreaterThanOrEqual(250);
  });

  it('stamps the end of the measured interval within 1 ms of the stop call', async () => {
    // The minimum over several trials: a loaded machine may preempt the thread between any two statements,
    // but it cannot make every trial slow, whereas a stop that did real work before stamping would.
    const gaps: number[] = [];
    for (let trial = 0; trial < 15; trial++) {
      const monitor = startMonitor({ intervalMs: 10 });
      await monitor.nextSample();
      const before = performance.now();
      const stopping = monitor.stop();
      const afterSync = performance.now();
      const { summary } = await stopping;
      const measuredEnd = monitor.startedAt + summary.durationMs;
      expect(measuredEnd).toBeGreaterThanOrEqual(before);
      expect(measuredEnd).toBeLessThanOrEqual(afterSync);
      gaps.push(measuredEnd - before);
    }
    expect(Math.min(...gaps)).toBeLessThan(1);
  });

  it('sees a child process and reports its memory', async () => {
    const script =
      "const b = Buffer.alloc(30 * 1024 * 1024, 1); process.stdout.write('ready'); setTimeout(() => b.length, 20000)";
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      // Wait until the child holds its 30 MB, so the reading cannot catch it still booting.
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('error', reject);
      });
      expect(listDescendantPids(process.pid)).toContain(child.pid);
      const monitor = startMonitor({ intervalMs: 20 });
      // pidusage's first reading spawns getconf; wait until a sample carries the child.
      const deadline = AbortSignal.timeout(20_000);
      let seen = 0;
      while (seen === 0) seen = (await monitor.nextSample(deadline)).childCount;
      const { summary } = await monitor.stop();
      expect(summary.childPeakCount).toBeGreaterThanOrEqual(1);
      expect(summary.memory.childRssPeakBytes).toBeGreaterThan(30 * MB);
    } finally {
      child.kill();
    }
  });
});

/** A probe whose readings are scripted; `sampleProcesses` can be made slow. */
function scriptedProbe(
  options: { slowMs?: number } = {},
): ProcessProbe & { cpuMs: number; rss: number; released: number } {
  const probe = {
    pid: 4242,
    cpuMs: 0,
    rss: 100 * MB,
    released: 0,
    cpuUsage: () => ({ user: probe.cpuMs * 1000, system: 0 }),
    memoryUsage: () => ({
      rss: probe.rss,
      heapUsed: probe.rss / 2,
      heapTotal: probe.rss,
      external: 1 * MB,
      arrayBuffers: 0,
    }),
    readIo: () => ({ rchar: 10, wchar: 20, readBytes: 0, writeBytes: 0 }),
    listDescendants: () => [7],
    sampleProcesses: async (pids: readonly number[]): Promise<ProcessStat[]> => {
      if (options.slowMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.slowMs));
      return pids.map((pid) => ({ pid, cpuPercent: pid === 7 ? 50 : 80, rssBytes: pid === 7 ? 5 * MB : probe.rss }));
    },
    release: () => {
      probe.released++;
    },
  };
  return probe;
}

describe('startMonitor with a scripted probe and clock', () => {
  it('derives per-interval CPU %, peaks and start/end memory from the samples', async () => {
    const clock = createManualClock(1000);
    const probe = scriptedProbe();
    const monitor = startMonitor({ probe, clock, intervalMs: 100 });
    await Promise.resolve();

    probe.cpuMs += 50; // half a core
    probe.rss = 300 * MB;
    clock.advance(100);
    await new Promise((resolve) => setImmediate(resolve)); // let the scripted pidusage reading land
    probe.cpuMs += 150; // one and a half cores (threads)
    probe.rss = 200 * MB;
    clock.advance(100);

    expect(clock.pending()).toBe(2); // the sampling and the event-loop probe timers
    const { summary, timeline } = await monitor.stop();
    expect(clock.pending()).toBe(0); // both cleared
    expect(timeline.map((s) => s.atMs)).toEqual([0, 100, 200, 200]);
    expect(timeline[1]!.cpuPercent).toBeCloseTo(50);
    expect(timeline[2]!.cpuPercent).toBeCloseTo(150);
    expect(timeline[2]!.childCount).toBe(1);
    expect(timeline[2]!.childCpuPercent).toBe(50);
    expect(summary.durationMs).toBe(200);
    expect(summary.cpu.userMs).toBe(200);
    expect(summary.cpu.meanPercent).toBeCloseTo(100);
    expect(summary.cpu.peakPercent).toBeCloseTo(150);
    expect(summary.memory.rssStartBytes).toBe(100 * MB);
    expect(summary.memory.rssPeakBytes).toBe(300 * MB);
    expect(summary.memory.rssEndBytes).toBe(200 * MB);
    expect(summary.memory.childRssPeakBytes).toBe(5 * MB);
    expect(summary.io).toEqual({ rchar: 0, wchar: 0, readBytes: 0, writeBytes: 0 });
    expect(probe.released).toBe(1);
  });

  it('records event-loop delay as the lateness of its own probe ticks', async () => {
    // The manual clock fires every timer on time; `blocked` moves the time the code reads without firing anything,
    // as a blocked event loop does.
    const manual = createManualClock();
    let blocked = 0;
    const clock: Clock = {
      now: () => manual.now() + blocked,
      setTimeout: manual.setTimeout,
      clearTimeout: manual.clearTimeout,
    };
    const monitor = startMonitor({ probe: scriptedProbe(), clock, intervalMs: 100, eventLoopResolutionMs: 10 });
    manual.advance(100); // ten probe ticks on time, then the first sample
    blocked = 490;
    manual.advance(100); // the next probe tick runs 490 ms late; the second sample follows
    const { summary, timeline } = await monitor.stop();
    expect(summary.eventLoop.maxMs).toBeCloseTo(490, 0);
    expect(timeline[1]!.eventLoopDelayMaxMs).toBe(0);
    expect(timeline[2]!.eventLoopDelayMaxMs).toBe(490);
  });

  it('keeps a slow process reading out of the measured duration', async () => {
    const clock = createManualClock();
    const probe = scriptedProbe({ slowMs: 300 });
    const monitor = startMonitor({ probe, clock });
    clock.advance(40);
    const waitStart = performance.now();
    const { summary } = await monitor.stop();
    // stop() had to wait for the in-flight 300 ms reading before releasing pidusage...
    expect(performance.now() - waitStart).toBeGreaterThanOrEqual(250);
    // ...but the measured interval ends where stop() was called.
    expect(summary.durationMs).toBe(40);
    expect(probe.released).toBe(1);
  });

  it('returns the same result for a second stop and rejects nextSample after stop', async () => {
    const monitor = startMonitor({ probe: scriptedProbe(), clock: createManualClock() });
    const first = monitor.stop();
    expect(monitor.stop()).toBe(first);
    await first;
    await expect(monitor.nextSample()).rejects.toThrow(/stopped/);
  });

  it('lets an AbortSignal cancel a wait for the next sample', async () => {
    const monitor = startMonitor({ probe: scriptedProbe(), clock: createManualClock() });
    const controller = new AbortController();
    const waiting = monitor.nextSample(controller.signal);
    controller.abort(new Error('enough'));
    await expect(waiting).rejects.toThrow('enough');
    await monitor.stop();
  });

  it('rejects a non-positive interval', () => {
    expect(() => startMonitor({ intervalMs: 0, probe: scriptedProbe() })).toThrow(RangeError);
  });
});
