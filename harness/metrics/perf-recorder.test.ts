import { describe, expect, it } from 'vitest';
import { PerfRecorder } from './perf-recorder.js';
import { readThreadCpuMicros, type UsageProbe } from './work-cost.js';

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/** A process with one thread doing all the work: `spend(ms)` adds wall and CPU time; each thread reading costs `readingMicros`. */
function singleThreadProcess(readingMicros = 0): { t: () => number; usage: UsageProbe; spend: (ms: number) => void } {
  let now = 0;
  let thread = 0;
  return {
    t: () => now,
    usage: {
      cpuUsage: () => ({ user: thread, system: 0 }),
      memoryUsage: () => ({ rss: 1024 * 1024, heapUsed: 1024 * 1024 }),
      threadCpuMicros: () => (thread += readingMicros),
    },
    spend: (ms) => {
      now += ms;
      thread += ms * 1000;
    },
  };
}

describe('PerfRecorder', () => {
  it('times overlapping work once (union of intervals, not the sum)', async () => {
    const clock = manualClock();
    const recorder = new PerfRecorder({ clock: clock.now });
    let releaseA!: () => void;
    let releaseB!: () => void;
    const a = recorder.time(() => new Promise<void>((r) => (releaseA = r)));
    clock.advance(10);
    const b = recorder.time(() => new Promise<void>((r) => (releaseB = r)));
    clock.advance(30);
    releaseA();
    await a;
    clock.advance(20);
    releaseB();
    await b;
    clock.advance(100); // idle time is not work
    expect(recorder.snapshot().workMs).toBe(60);
  });

  it('leaves workMs undefined when nothing was timed', () => {
    expect(new PerfRecorder().snapshot().workMs).toBeUndefined();
  });

  it('measure() records latency and one item per success, one error per failure, and rethrows', async () => {
    const clock = manualClock();
    const recorder = new PerfRecorder({ clock: clock.now });
    await recorder.measure(() => {
      clock.advance(5);
      return 'ok';
    });
    await expect(
      recorder.measure(() => {
        clock.advance(7);
        throw new TypeError('boom');
      }),
    ).rejects.toThrow('boom');
    const snap = recorder.snapshot();
    expect(snap.itemsProcessed).toBe(1);
    expect(snap.errors).toBe(1);
    expect(snap.errorSamples).toEqual(['TypeError: boom']);
    expect(snap.latency?.count).toBe(2);
    expect(snap.latency?.maxMs).toBe(7);
    expect(snap.workMs).toBe(12);
  });

  it('keeps named counters sorted and only the first few error messages', () => {
    const recorder = new PerfRecorder({ maxErrorSamples: 2 });
    recorder.count('zeta');
    recorder.count('alpha', 3);
    recorder.count('alpha', 2);
    for (let i = 0; i < 5; i++) recorder.recordError(new Error(`e${i}`));
    const snap = recorder.snapshot();
    expect(Object.entries(snap.counters)).toEqual([
      ['alpha', 5],
      ['zeta', 1],
    ]);
    expect(snap.errors).toBe(5);
    expect(snap.errorSamples).toEqual(['Error: e0', 'Error: e1']);
  });

  it('rejects nonsensical item counts', () => {
    const recorder = new PerfRecorder();
    expect(() => recorder.addItems(-1)).toThrow(RangeError);
    expect(() => recorder.addItems(1.5)).toThrow(RangeError);
  });
});

describe('PerfRecorder measured work', () => {
  /** A clock, a CPU counter and a memory reading the test moves by hand. */
  function manualProcess(): {
    clock: () => number;
    usage: UsageProbe;
    spend: (wallMs: number, cpuMs: number, rssMb?: number) => void;
  } {
    let t = 0;
    let cpu = 0;
    let rss = 100 * MB;
    return {
      clock: () => t,
      usage: { cpuUsage: () => ({ user: cpu, system: 0 }), memoryUsage: () => ({ rss, heapUsed: rss / 4 }) },
      spend: (wallMs, cpuMs, rssMb) => {
        t += wallMs;
        cpu += cpuMs * 1000;
        if (rssMb !== undefined) rss = rssMb * MB;
      },
    };
  }
  const MB = 1024 * 1024;

  it('counts the CPU time and memory growth inside the windows only, not between them', async () => {
    const p = manualProcess();
    const recorder = new PerfRecorder({ clock: p.clock, usage: p.usage });
    p.spend(1000, 900, 300); // setup outside any window: not the test's measured work
    await recorder.time(() => p.spend(50, 40, 340));
    p.spend(500, 500, 200);
    await recorder.time(() => p.spend(30, 20, 210));
    const measured = recorder.snapshot().measured;
    expect(measured).toMatchObject({
      wallMs: 80,
      cpuMs: 60,
      totalCpuMs: 60,
      rssGrowthMb: 40,
      rssStartMb: 300,
      rssPeakMb: 340,
      windows: 2,
      samples: 1,
    });
  });

  it('repeat() times every round and counts the section as rounds × its median round', async () => {
    const p = manualProcess();
    const recorder = new PerfRecorder({ clock: p.clock, usage: p.usage });
    const costs = [10, 12, 90, 11, 10]; // one preempted, GC-heavy round
    const results = await recorder.repeat('hash', 5, (round) => {
      p.spend(costs[round] ?? 0, costs[round] ?? 0);
      return round;
    });
    expect(results).toEqual([0, 1, 2, 3, 4]);
    const work = recorder.snapshot();
    expect(work.sections).toEqual([{ name: 'hash', wallMs: costs, cpuMs: costs }]);
    expect(work.measured).toMatchObject({ cpuMs: 55, wallMs: 55, totalCpuMs: 133, samples: 5 });
  });

  it('repeat() stops at maxMs after at least one round, and refuses bad round counts', async () => {
    const p = manualProcess();
    const recorder = new PerfRecorder({ clock: p.clock, usage: p.usage });
    await recorder.repeat('slow', { rounds: 10, maxMs: 25 }, () => p.spend(10, 10));
    expect(recorder.snapshot().sections[0]?.wallMs).toHaveLength(3);
    await expect(recorder.repeat('x', 0, () => 1)).rejects.toThrow(RangeError);
    await expect(recorder.repeat('x', { rounds: 2, maxMs: -1 }, () => 1)).rejects.toThrow(RangeError);
  });

  it('repeat() with minCpuMs runs more rounds until the section spent that much CPU, still counted as `rounds`', async () => {
    const { t, usage, spend } = singleThreadProcess();
    // a JIT warming up: 12, 8, 6, 4, then 2 ms a round
    const costs = [12, 8, 6, 4];
    const recorder = new PerfRecorder({ clock: t, usage });
    const results = await recorder.repeat('warm', { rounds: 3, minCpuMs: 40 }, (round) => {
      spend(costs[round] ?? 2);
      return round;
    });
    // 12 + 8 + 6 + 4 + 2 × 5 = 40 ms after 9 rounds
    expect(results).toHaveLength(9);
    const work = recorder.snapshot();
    expect(work.sections[0]).toMatchObject({ counted: 3, threadCpuMs: [12, 8, 6, 4, 2, 2, 2, 2, 2] });
    expect(work.measured).toMatchObject({ threadCpuMs: 3 * 2, cpuMs: 3 * 2, wallMs: 3 * 2, samples: 9 });
    // maxRounds bounds it; rounds always run
    const bounded = new PerfRecorder({ clock: t, usage });
    await bounded.repeat('warm', { rounds: 2, minCpuMs: 1000, maxRounds: 4 }, () => spend(5));
    expect(bounded.snapshot().sections[0]?.wallMs).toHaveLength(4);
    const enough = new PerfRecorder({ clock: t, usage });
    await enough.repeat('warm', { rounds: 4, minCpuMs: 1 }, () => spend(5));
    expect(enough.snapshot().sections[0]).toEqual({
      name: 'warm',
      wallMs: [5, 5, 5, 5],
      cpuMs: [5, 5, 5, 5],
      threadCpuMs: [5, 5, 5, 5],
    });
    await expect(bounded.repeat('x', { rounds: 3, maxRounds: 2 }, () => 1)).rejects.toThrow(RangeError);
    await expect(bounded.repeat('x', { rounds: 3, minCpuMs: 0 }, () => 1)).rejects.toThrow(RangeError);
  });

  it('repeat(): the readings cost nothing to the figure, however many rounds (rounds and windows share their edges)', async () => {
    // every reading costs 50 µs of the thread's CPU, as reading /proc/thread-self/schedstat does
    const { t, usage, spend } = singleThreadProcess(50);
    const recorder = new PerfRecorder({ clock: t, usage });
    await recorder.repeat('short', { rounds: 3, minCpuMs: 200, maxRounds: 200 }, () => spend(1));
    const work = recorder.snapshot();
    const rounds = work.sections[0]?.threadCpuMs ?? [];
    expect(rounds.length).toBeGreaterThan(150);
    expect(work.measured?.threadCpuMs).toBeCloseTo(3 * Math.min(...rounds), 5);
  });

  it('measures real CPU work with the process probe, and the thread CPU where Linux gives it', async () => {
    const recorder = new PerfRecorder();
    const threadBefore = readThreadCpuMicros();
    await recorder.time(() => {
      // bounded by CPU spent (not wall time, which a loaded machine stretches), and by 10 s of wall time
      const start = process.cpuUsage();
      const until = performance.now() + 10_000;
      let x = 0;
      while ((process.cpuUsage(start).user + process.cpuUsage(start).system) / 1000 < 30 && performance.now() < until)
        x += Math.sqrt(x + 1);
      return x;
    });
    const measured = recorder.snapshot().measured;
    expect(measured?.cpuMs).toBeGreaterThanOrEqual(30);
    expect(measured?.cpuMs).toBeLessThan((measured?.wallMs ?? 0) * 4 + 50);
    if (threadBefore === undefined) {
      expect(measured?.threadCpuMs).toBeUndefined();
    } else {
      // the loop ran on this thread: most of the process's CPU in the window is the thread's own
      expect(measured?.threadCpuMs).toBeGreaterThan(15);
      expect(measured?.threadCpuMs).toBeLessThanOrEqual((measured?.cpuMs ?? 0) + 1);
    }
  });

  it.skipIf(readThreadCpuMicros() === undefined)(
    'reads the thread CPU fresh, not as of the last scheduler tick',
    () => {
      // 21 stretches of ~2 ms of plain arithmetic on this thread: the thread's reading must match the process CPU they
      // cost. A reading that lags to the last tick (4 ms at HZ=250) is off by ~1-2 ms in the median; a fresh one by ~0.1.
      const errors: number[] = [];
      for (let i = 0; i < 21; i++) {
        const thread = readThreadCpuMicros() ?? 0;
        const start = process.cpuUsage();
        let x = 0;
        for (let k = 0; k < 300_000; k++) x += Math.sqrt(x + k);
        const threadMs = ((readThreadCpuMicros() ?? 0) - thread) / 1000;
        const used = process.cpuUsage(start);
        errors.push(Math.abs(threadMs - (used.user + used.system) / 1000) + (x < 0 ? 1 : 0));
      }
      errors.sort((a, b) => a - b);
      expect(errors[10]).toBeLessThan(0.5);
    },
  );

  it('thread CPU: a repeat section counts as rounds × its fastest round, plain windows as they are', async () => {
    let t = 0;
    let cpu = 0;
    let thread = 0;
    const usage: UsageProbe = {
      cpuUsage: () => ({ user: cpu, system: 0 }),
      memoryUsage: () => ({ rss: MB, heapUsed: MB }),
      threadCpuMicros: () => thread,
    };
    const spend = (ms: number, background = 0): void => {
      t += ms;
      thread += ms * 1000;
      cpu += (ms + background) * 1000;
    };
    const recorder = new PerfRecorder({ clock: () => t, usage });
    await recorder.time(() => spend(7, 3));
    const costs = [30, 12, 10, 11, 40];
    await recorder.repeat('warm', 5, (round) => spend(costs[round] ?? 0, round === 2 ? 25 : 0)); // GC helpers in round 2
    const work = recorder.snapshot();
    expect(work.sections[0]?.threadCpuMs).toEqual(costs);
    expect(work.sections[0]?.cpuMs).toEqual([30, 12, 35, 11, 40]);
    expect(work.measured).toMatchObject({ threadCpuMs: 7 + 5 * 10, cpuMs: 10 + 5 * 30 });
    // without a thread reading the figure is absent, never made up
    const plain = new PerfRecorder({
      clock: () => t,
      usage: { cpuUsage: usage.cpuUsage, memoryUsage: usage.memoryUsage },
    });
    await plain.repeat('warm', 2, () => spend(5));
    expect(plain.snapshot().measured?.threadCpuMs).toBeUndefined();
    expect(plain.snapshot().sections[0]).not.toHaveProperty('threadCpuMs');
  });
});
