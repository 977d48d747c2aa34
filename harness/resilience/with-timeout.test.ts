import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getEventListeners } from 'node:events';
import { TaskTimeoutError } from './errors.js';
import { sleep, systemClock, type Clock, type TimerHandle } from '../../engines/common/index.js';
import type { Task } from './task.js';
import { withTimeout } from './with-timeout.js';

/** A task that only ends when its signal aborts, recording the signal it was given. */
function hangingTask(): Task<never> & { signal: () => AbortSignal | undefined } {
  let seen: AbortSignal | undefined;
  const task: Task<never> = (signal) => {
    seen = signal;
    return new Promise<never>((_resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  };
  return Object.assign(task, { signal: () => seen });
}

describe('withTimeout (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns the value of a task that finishes in time and clears its timer', async () => {
    const run = withTimeout(async (signal) => {
      await sleep(50, { signal });
      return 'done';
    }, 1_000)(new AbortController().signal);
    await vi.advanceTimersByTimeAsync(50);
    await expect(run).resolves.toBe('done');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with TaskTimeoutError at the deadline and aborts the inner signal with it', async () => {
    const task = hangingTask();
    const outer = new AbortController();
    const outcome = withTimeout(task, 300)(outer.signal).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(299);
    expect(task.signal()?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(TaskTimeoutError);
    expect(error).toMatchObject({ name: 'TaskTimeoutError', code: 'ERR_TASK_TIMEOUT', timeoutMs: 300 });
    expect(task.signal()?.aborted).toBe(true);
    expect(task.signal()?.reason).toBe(error);
    // The caller's own signal is untouched and carries no leftover listener.
    expect(outer.signal.aborted).toBe(false);
    expect(getEventListeners(outer.signal, 'abort')).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('forwards a caller abort to the inner task and rejects with the caller reason', async () => {
    const task = hangingTask();
    const outer = new AbortController();
    const outcome = withTimeout(task, 10_000)(outer.signal).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10);
    const reason = new Error('cancelled');
    outer.abort(reason);
    expect(await outcome).toBe(reason);
    expect(task.signal()?.reason).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('turns a synchronous throw into a rejection', async () => {
    const boom = new Error('sync');
    const task: Task<number> = () => {
      throw boom;
    };
    await expect(withTimeout(task, 100)(new AbortController().signal)).rejects.toBe(boom);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('uses injected timers when given', async () => {
    vi.useRealTimers();
    const scheduled: number[] = [];
    const clock: Clock = {
      ...systemClock,
      setTimeout: (fn, ms) => {
        scheduled.push(ms);
        return globalThis.setTimeout(fn, 0);
      },
    };
    const outcome = withTimeout(hangingTask(), 60_000, { clock, message: 'too slow' })(new AbortController().signal);
    await expect(outcome).rejects.toMatchObject({ name: 'TaskTimeoutError', message: 'too slow' });
    expect(scheduled).toEqual([60_000]);
  });

  it('rejects a non-positive limit as misuse', () => {
    expect(() => withTimeout(hangingTask(), 0)).toThrow(RangeError);
  });
});

describe('withTimeout (real timers)', () => {
  it('leaves no active timer behind, whether the task wins or the deadline does', async () => {
    // Real timers, wrapped to account for each one exactly: set, then either fired or cleared.
    const active = new Set<unknown>();
    const clock: Clock = {
      ...systemClock,
      setTimeout: (fn, ms) => {
        const handle = globalThis.setTimeout(() => {
          active.delete(handle);
          fn();
        }, ms);
        active.add(handle);
        return handle;
      },
      clearTimeout: (handle: TimerHandle) => {
        active.delete(handle);
        globalThis.clearTimeout(handle as NodeJS.Timeout);
      },
    };
    const timeoutsBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

    await withTimeout(async () => 1, 5_000, { clock })(new AbortController().signal);
    expect(active.size).toBe(0);
    await expect(withTimeout(hangingTask(), 20, { clock })(new AbortController().signal)).rejects.toBeInstanceOf(
      TaskTimeoutError,
    );
    expect(active.size).toBe(0);

    // Cross-check with the process's own view; at most as many as before, since the baseline may include a
    // transient timer of the test runner itself.
    const timeoutsAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(timeoutsAfter).toBeLessThanOrEqual(timeoutsBefore);
  });
});
