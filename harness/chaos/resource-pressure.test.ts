import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startCpuHog } from './cpu-hog.js';
import { ChaosPlanError } from './errors.js';
import { applyFdPressure } from './fd-pressure.js';
import { applyMemoryPressure } from './memory-pressure.js';

const MiB = 2 ** 20;

/** OS threads of this process (Linux), the honest way to see that worker threads are really gone. */
function threadCount(): number {
  const match = /^Threads:\s+(\d+)$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return Number(match?.[1]);
}

const openFdCount = (): number => fs.readdirSync('/proc/self/fd').length;

/** Polls a cheap condition: thread teardown finishes a moment after `terminate()` resolves. */
async function eventually(condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

describe('applyMemoryPressure', () => {
  it('raises RSS to the target, then gives the memory back on release', async () => {
    const before = process.memoryUsage.rss();
    const threadsBefore = threadCount();
    const pressure = await applyMemoryPressure({ targetRssBytes: before + 256 * MiB });

    expect(pressure.reachedTarget).toBe(true);
    expect(pressure.peakRssBytes).toBeGreaterThanOrEqual(before + 256 * MiB);
    expect(pressure.allocatedBytes).toBeGreaterThanOrEqual(200 * MiB);
    // Measured from this thread too, not just the worker's report: the pages are committed.
    expect(process.memoryUsage.rss()).toBeGreaterThanOrEqual(before + 200 * MiB);

    await pressure.release();
    expect(pressure.released).toBe(true);
    // Generous: other allocations in this process may move RSS a little either way.
    expect(await eventually(() => process.memoryUsage.rss() < before + 64 * MiB)).toBe(true);
    expect(await eventually(() => threadCount() <= threadsBefore)).toBe(true);
  });

  it('stops at limitBytes below an unreachable target', async () => {
    const pressure = await applyMemoryPressure({ targetRssBytes: 2 ** 50, limitBytes: 32 * MiB, chunkBytes: 8 * MiB });
    try {
      expect(pressure.reachedTarget).toBe(false);
      expect(pressure.allocatedBytes).toBe(32 * MiB);
    } finally {
      await pressure.release();
    }
  });

  it('release is idempotent and works through Symbol.asyncDispose', async () => {
    const pressure = await applyMemoryPressure({ targetRssBytes: 1, chunkBytes: MiB });
    await Promise.all([pressure.release(), pressure[Symbol.asyncDispose](), pressure.release()]);
    expect(pressure.released).toBe(true);
  });

  it('rejects a bad request listing every problem, and an aborted signal before starting', async () => {
    await expect(applyMemoryPressure({ targetRssBytes: -1, chunkBytes: 0 })).rejects.toMatchObject({
      name: 'ChaosPlanError',
      problems: ['targetRssBytes must be > 0, got -1', 'chunkBytes must be a positive integer, got 0'],
    });
    const reason = new Error('no');
    await expect(applyMemoryPressure({ targetRssBytes: 1, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
});

describe('startCpuHog', () => {
  it('runs N spinning threads that really burn CPU, and leaves no thread behind', async () => {
    const threadsBefore = threadCount();
    const cpuBefore = process.cpuUsage();
    const hog = await startCpuHog({ threads: 2 });
    expect(threadCount()).toBeGreaterThanOrEqual(threadsBefore + 2);
    expect(await eventually(() => hog.spins() > 50)).toBe(true);
    await hog.release();
    const cpu = process.cpuUsage(cpuBefore);
    expect(cpu.user).toBeGreaterThan(0);

    const spinsAtRelease = hog.spins();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hog.spins()).toBe(spinsAtRelease);
    expect(await eventually(() => threadCount() <= threadsBefore)).toBe(true);
  });

  it('with a low duty cycle spins much less than flat out over the same wall time', async () => {
    const spinFor = async (dutyCycle: number): Promise<number> => {
      const hog = await startCpuHog({ threads: 1, dutyCycle, periodMs: 50 });
      try {
        await new Promise((resolve) => setTimeout(resolve, 400));
        return hog.spins();
      } finally {
        await hog.release();
      }
    };
    const full = await spinFor(1);
    const tenth = await spinFor(0.1);
    // Ideal ratio 10; on a loaded 2-core machine the flat-out thread loses time too, so ask only for 2.
    expect(full).toBeGreaterThan(tenth * 2);
  });

  it('rejects bad options listing every problem', async () => {
    await expect(startCpuHog({ threads: 0, dutyCycle: 2 })).rejects.toBeInstanceOf(ChaosPlanError);
  });
});

describe('applyFdPressure', () => {
  it('holds exactly `count` descriptors and closes every one on release', async () => {
    const before = openFdCount();
    const fds = await applyFdPressure({ count: 500 });
    expect(fds.opened).toBe(500);
    expect(fds.limitReached).toBe(false);
    expect(openFdCount()).toBe(before + 500);
    await fds.release();
    expect(fds.opened).toBe(0);
    expect(openFdCount()).toBe(before);
  });

  it('rejects an unopenable path and leaves nothing open', async () => {
    const before = openFdCount();
    await expect(applyFdPressure({ count: 3, path: '/nonexistent/chaos' })).rejects.toMatchObject({
      name: 'ChaosResourceError',
      code: 'ERR_CHAOS_RESOURCE',
    });
    expect(openFdCount()).toBe(before);
  });

  it('stops at the process limit (EMFILE) and reports it, in a child with `ulimit -n 64`', async () => {
    const moduleUrl = new URL('./fd-pressure.ts', import.meta.url).href;
    const script = `
      import fs from 'node:fs';
      const { applyFdPressure } = await import(${JSON.stringify(moduleUrl)});
      const before = new Set(fs.readdirSync('/proc/self/fd'));
      const fds = await applyFdPressure({ count: 10000 });
      const held = { opened: fds.opened, limitReached: fds.limitReached };
      await fds.release();
      // Compare by descriptor number, not by count: the runtime may close one of its own fds meanwhile.
      const leaked = fs.readdirSync('/proc/self/fd').filter((fd) => !before.has(fd)).length;
      console.log(JSON.stringify({ ...held, leaked }));
    `;
    const cwd = fileURLToPath(new URL('../..', import.meta.url));
    const { stdout } = await promisify(execFile)(
      '/bin/sh',
      ['-c', 'ulimit -n 64 && exec "$0" --import tsx --input-type=module -e "$1"', process.execPath, script],
      { cwd, timeout: 30_000 },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      opened: number;
      limitReached: boolean;
      leaked: number;
    };
    expect(result.limitReached).toBe(true);
    expect(result.opened).toBeGreaterThan(0);
    expect(result.opened).toBeLessThan(64);
    expect(result.leaked).toBe(0);
  });
});
