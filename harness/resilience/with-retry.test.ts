import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NonRetryableError, RetryExhaustedError } from './errors.js';
import { createSeededRandom } from './random.js';
import type { Task } from './task.js';
import { withRetry, type RetryFailureInfo } from './with-retry.js';

/** A task that fails `failures` times, then returns `value`; counts its calls. */
function flaky<T>(failures: number, value: T): Task<T> & { calls: () => number } {
  let calls = 0;
  const task: Task<T> = async () => {
    calls += 1;
    if (calls <= failures) throw new Error(`failure ${calls}`);
    return value;
  };
  return Object.assign(task, { calls: () => calls });
}

describe('withRetry', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('retries with exponential backoff until the task succeeds', async () => {
    const task = flaky(2, 'ok');
    const attempts: number[] = [];
    const retries: RetryFailureInfo[] = [];
    const run = withRetry(task, {
      retries: 5,
      minTimeout: 100,
      factor: 2,
      onAttempt: ({ attempt }) => attempts.push(attempt),
      onRetry: (info) => retries.push(info),
    })(new AbortController().signal);

    await vi.advanceTimersByTimeAsync(0);
    expect(task.calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(task.calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(task.calls()).toBe(2);
    await vi.advanceTimersByTimeAsync(199);
    expect(task.calls()).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    await expect(run).resolves.toBe('ok');

    expect(attempts).toEqual([1, 2, 3]);
    expect(retries.map((r) => [r.attempt, r.delayMs, r.retriesLeft, r.error.message])).toEqual([
      [1, 100, 4, 'failure 1'],
      [2, 200, 3, 'failure 2'],
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is bounded: retries + 1 attempts, then RetryExhaustedError with the last error as cause', async () => {
    const task = flaky(Number.POSITIVE_INFINITY, 'never');
    const run = withRetry(task, { retries: 3, minTimeout: 10 })(new AbortController().signal);
    const outcome = run.catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    const error = await outcome;
    expect(error).toBeInstanceOf(RetryExhaustedError);
    expect(error).toMatchObject({ name: 'RetryExhaustedError', code: 'ERR_RETRIES_EXHAUSTED', attempts: 4 });
    expect((error as RetryExhaustedError).cause).toMatchObject({ message: 'failure 4' });
    expect(task.calls()).toBe(4);
  });

  it('stops at once on NonRetryableError and rethrows it unchanged', async () => {
    const fatal = new NonRetryableError('bad input', { cause: new Error('400') });
    let calls = 0;
    const run = withRetry(async () => {
      calls += 1;
      throw fatal;
    })(new AbortController().signal);
    await expect(run).rejects.toBe(fatal);
    expect(calls).toBe(1);
    expect(fatal.code).toBe('ERR_NON_RETRYABLE');
  });

  it('stops when shouldRetry vetoes the error', async () => {
    const task = flaky(5, 'x');
    const run = withRetry(task, { shouldRetry: (error) => error.message !== 'failure 2', minTimeout: 1 })(
      new AbortController().signal,
    );
    const outcome = run.catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(await outcome).toMatchObject({ message: 'failure 2' });
    expect(task.calls()).toBe(2);
  });

  it('does not retry a TypeError (a programming error, as in p-retry)', async () => {
    let calls = 0;
    const run = withRetry(async () => {
      calls += 1;
      throw new TypeError('undefined is not a function');
    })(new AbortController().signal);
    await expect(run).rejects.toBeInstanceOf(TypeError);
    expect(calls).toBe(1);
  });

  it('aborting during the backoff wait rejects with the reason, makes no further attempt, leaves no timer', async () => {
    const task = flaky(10, 'x');
    const controller = new AbortController();
    const run = withRetry(task, { retries: 10, minTimeout: 1_000 })(controller.signal);
    const outcome = run.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(500);
    expect(task.calls()).toBe(1);
    const reason = new Error('caller gave up');
    controller.abort(reason);
    expect(await outcome).toBe(reason);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(task.calls()).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes the caller signal to every attempt', async () => {
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    const run = withRetry(
      async (signal) => {
        seen.push(signal);
        if (seen.length < 3) throw new Error('again');
        return seen.length;
      },
      { minTimeout: 0 },
    )(controller.signal);
    await expect(run).resolves.toBe(3);
    expect(seen).toEqual([controller.signal, controller.signal, controller.signal]);
  });

  it('draws the jitter from the injected seeded source, so delays replay', async () => {
    const delaysFor = async (seed: number): Promise<number[]> => {
      const delays: number[] = [];
      const run = withRetry(flaky(4, 'ok'), {
        retries: 4,
        minTimeout: 100,
        randomize: true,
        random: createSeededRandom(seed),
        onRetry: ({ delayMs }) => delays.push(delayMs),
      })(new AbortController().signal);
      await vi.runAllTimersAsync();
      await run;
      return delays;
    };
    const first = await delaysFor(11);
    expect(first).toHaveLength(4);
    first.forEach((delay, n) => {
      expect(delay).toBeGreaterThanOrEqual(100 * 2 ** n);
      expect(delay).toBeLessThanOrEqual(200 * 2 ** n);
    });
    expect(await delaysFor(11)).toEqual(first);
  });
});
