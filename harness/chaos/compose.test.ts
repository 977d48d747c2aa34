import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createSeededRandom,
  RetryExhaustedError,
  TaskTimeoutError,
  withRetry,
  withTimeout,
} from '../resilience/index.js';
import { withChaos } from './with-chaos.js';

describe('withTimeout(withRetry(withChaos(task)))', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('every call ends (value or bounded failure), hangs are cut by the per-attempt timeout, no timer is left', async () => {
    const random = createSeededRandom(31337);
    let completedWork = 0;
    const work = async (): Promise<number> => {
      completedWork += 1;
      return 42;
    };
    const chaotic = withChaos(
      work,
      { errorRate: 0.3, hangRate: 0.1, latency: { kind: 'exponential', meanMs: 20 } },
      random,
    );
    const attemptsPerCall: number[] = [];
    const runOne = async (): Promise<'ok' | 'exhausted'> => {
      let attempts = 0;
      const robust = withTimeout(
        withRetry(withTimeout(chaotic, 200), {
          retries: 3,
          minTimeout: 10,
          randomize: true,
          random,
          onAttempt: () => (attempts += 1),
        }),
        60_000,
      );
      try {
        expect(await robust(new AbortController().signal)).toBe(42);
        return 'ok';
      } catch (error) {
        expect(error).toBeInstanceOf(RetryExhaustedError);
        return 'exhausted';
      } finally {
        attemptsPerCall.push(attempts);
      }
    };
    const outcomes = Promise.all(Array.from({ length: 200 }, () => runOne()));
    await vi.runAllTimersAsync();
    const results = await outcomes;

    expect(results).toHaveLength(200);
    expect(Math.max(...attemptsPerCall)).toBeLessThanOrEqual(4);
    const stats = chaotic.stats();
    expect(stats.calls).toBe(attemptsPerCall.reduce((a, b) => a + b, 0));
    expect(stats.hanging).toBe(0);
    expect(stats.hangs).toBeGreaterThan(0);
    // Each call fails an attempt with p = 0.4, so all four fail with p = 0.0256: about 5 of 200.
    const exhausted = results.filter((r) => r === 'exhausted').length;
    expect(exhausted).toBeLessThan(20);
    expect(completedWork).toBe(results.filter((r) => r === 'ok').length);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the outer timeout aborts the signal all the way down, releasing a hang inside the retry loop', async () => {
    const chaotic = withChaos(async () => 'never', { hangRate: 1 }, createSeededRandom(1));
    const outcome = withTimeout(
      withRetry(chaotic, { retries: 5 }),
      1_000,
    )(new AbortController().signal).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(TaskTimeoutError);
    expect(chaotic.stats()).toMatchObject({ calls: 1, hangs: 1, hanging: 0 });
    expect(vi.getTimerCount()).toBe(0);
  });
});
