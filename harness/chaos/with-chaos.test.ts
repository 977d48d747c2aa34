import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getEventListeners, setMaxListeners } from 'node:events';
import { createSeededRandom, type Task } from '../resilience/index.js';
import { ChaosInjectedError, ChaosPlanError } from './errors.js';
import type { FaultPlan } from './fault-plan.js';
import { withChaos, type ChaosDecision } from './with-chaos.js';

const signal = (): AbortSignal => new AbortController().signal;

/** Runs `n` calls one after another and tallies what each call did. */
async function tally<T>(task: Task<T>, n: number): Promise<{ ok: T[]; errors: unknown[] }> {
  const ok: T[] = [];
  const errors: unknown[] = [];
  for (let i = 0; i < n; i += 1) {
    try {
      ok.push(await task(signal()));
    } catch (error) {
      errors.push(error);
    }
  }
  return { ok, errors };
}

/** |observed - n p| within `sigmas` binomial standard deviations. */
function expectBinomial(observed: number, n: number, p: number, sigmas = 4): void {
  const sd = Math.sqrt(n * p * (1 - p));
  expect(Math.abs(observed - n * p)).toBeLessThanOrEqual(sigmas * sd);
}

describe('withChaos: rates under a fixed seed', () => {
  it('fails at the configured error rate (0.3 over 1,000 calls) and counts what it injected', async () => {
    let ran = 0;
    const task = withChaos(
      async () => {
        ran += 1;
        return 'ok';
      },
      { errorRate: 0.3 },
      createSeededRandom(2024),
    );
    const { ok, errors } = await tally(task, 1_000);
    expectBinomial(errors.length, 1_000, 0.3);
    expect(errors.every((e) => e instanceof ChaosInjectedError && e.code === 'ERR_CHAOS_INJECTED')).toBe(true);
    expect(task.stats()).toMatchObject({ calls: 1_000, errors: errors.length, hangs: 0, partials: 0, delayed: 0 });
    // phase "before": a failed call never reached the task.
    expect(ran).toBe(ok.length);
  });

  it('holds the rate across seeds, not just a lucky one', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const task = withChaos(async () => 1, { errorRate: 0.1 }, createSeededRandom(seed));
      const { errors } = await tally(task, 1_000);
      expectBinomial(errors.length, 1_000, 0.1);
    }
  });

  it('replays the identical fault sequence for the same seed, and a different one for another seed', async () => {
    const plan: FaultPlan<number[]> = {
      errorRate: 0.2,
      partialRate: 0.2,
      truncate: (items, random) => items.slice(0, Math.floor(random() * items.length)),
    };
    const run = async (seed: number): Promise<string[]> => {
      const task = withChaos(async () => [1, 2, 3, 4, 5, 6, 7, 8], plan, createSeededRandom(seed));
      const trace: string[] = [];
      for (let i = 0; i < 300; i += 1) {
        try {
          trace.push(`ok:${(await task(signal())).length}`);
        } catch {
          trace.push('error');
        }
      }
      return trace;
    };
    const first = await run(77);
    expect(await run(77)).toEqual(first);
    expect(await run(78)).not.toEqual(first);
  });

  it('returns truncated results at the partial rate', async () => {
    const full = 'abcdefghijklmnopqrstuvwxyz';
    const task = withChaos(
      async () => full,
      { partialRate: 0.25, truncate: (s) => s.slice(0, 5) },
      createSeededRandom(9),
    );
    const { ok, errors } = await tally(task, 1_000);
    const partial = ok.filter((s) => s !== full);
    expect(errors).toHaveLength(0);
    expect(new Set(partial)).toEqual(new Set(['abcde']));
    expectBinomial(partial.length, 1_000, 0.25);
    expect(task.stats().partials).toBe(partial.length);
  });

  it('makes exclusive rates exact marginals: hang + error + partial split one draw', async () => {
    const decisions: ChaosDecision[] = [];
    const plan: FaultPlan<number> = { hangRate: 0.1, errorRate: 0.2, partialRate: 0.3, truncate: (x) => x };
    const task = withChaos(async () => 1, plan, createSeededRandom(5), { onDecision: (d) => decisions.push(d) });
    const controller = new AbortController();
    setMaxListeners(0, controller.signal); // 2,000 calls share this signal on purpose
    const pending = Array.from({ length: 2_000 }, () => task(controller.signal).catch(() => undefined));
    controller.abort(new Error('release the hangs'));
    await Promise.all(pending);
    const count = (fault: string): number => decisions.filter((d) => d.fault === fault).length;
    expectBinomial(count('hang'), 2_000, 0.1);
    expectBinomial(count('error'), 2_000, 0.2);
    expectBinomial(count('partial'), 2_000, 0.3);
    expectBinomial(count('none'), 2_000, 0.4);
  });

  it('with errorPhase "after" runs the task and then discards its result', async () => {
    const done: number[] = [];
    const task = withChaos(
      async () => {
        done.push(done.length);
        return 'ack';
      },
      { errorRate: 1, errorPhase: 'after' },
      createSeededRandom(1),
    );
    await expect(task(signal())).rejects.toMatchObject({ name: 'ChaosInjectedError', phase: 'after', call: 1 });
    expect(done).toHaveLength(1);
  });

  it('uses createError for the injected error', async () => {
    const task = withChaos(
      async () => 1,
      {
        errorRate: 1,
        createError: ({ call }) => Object.assign(new Error(`ECONNRESET on ${call}`), { code: 'ECONNRESET' }),
      },
      createSeededRandom(1),
    );
    await expect(task(signal())).rejects.toMatchObject({ message: 'ECONNRESET on 1', code: 'ECONNRESET' });
  });

  it('does not wrap real failures of the task', async () => {
    const real = new Error('real');
    const task = withChaos(
      async () => {
        throw real;
      },
      { errorRate: 0 },
      createSeededRandom(1),
    );
    await expect(task(signal())).rejects.toBe(real);
    expect(task.stats().errors).toBe(0);
  });

  it('rejects a bad plan listing every problem', () => {
    const bad = (): unknown =>
      withChaos(async () => 1, { errorRate: 0.8, hangRate: 0.5, partialRate: 1.5 }, Math.random);
    expect(bad).toThrow(ChaosPlanError);
    try {
      bad();
    } catch (error) {
      expect((error as ChaosPlanError).problems).toEqual([
        'partialRate must be within [0, 1], got 1.5',
        'errorRate + hangRate + partialRate must be <= 1, got 2.8',
        'partialRate > 0 needs a truncate function',
      ]);
    }
  });
});

describe('withChaos: hangs', () => {
  it('never settles until the signal aborts, then rejects with the reason and removes its listener', async () => {
    const task = withChaos(async () => 'never', { hangRate: 1 }, createSeededRandom(1));
    const controller = new AbortController();
    let settled = false;
    const running = task(controller.signal).finally(() => {
      settled = true;
    });
    const outcome = running.catch((error: unknown) => error);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    expect(task.stats()).toMatchObject({ hangs: 1, hanging: 1 });
    const reason = new Error('deadline');
    controller.abort(reason);
    expect(await outcome).toBe(reason);
    expect(task.stats()).toMatchObject({ hangs: 1, hanging: 0 });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe('withChaos: latency (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('delays the call by the fixed latency before the task runs', async () => {
    let started = false;
    const task = withChaos(
      async () => {
        started = true;
        return 'x';
      },
      { latency: { kind: 'fixed', ms: 250 } },
      createSeededRandom(1),
    );
    const running = task(signal());
    await vi.advanceTimersByTimeAsync(249);
    expect(started).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(running).resolves.toBe('x');
    expect(task.stats()).toMatchObject({ delayed: 1, latencyMsTotal: 250 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('delays only a latencyRate share of calls, by the sampled amount', async () => {
    const decisions: ChaosDecision[] = [];
    const task = withChaos(
      async () => 1,
      { latency: { kind: 'uniform', minMs: 10, maxMs: 20 }, latencyRate: 0.4 },
      createSeededRandom(8),
      {
        onDecision: (d) => decisions.push(d),
      },
    );
    const all = Promise.all(Array.from({ length: 1_000 }, () => task(signal())));
    await vi.advanceTimersByTimeAsync(20);
    await all;
    const delayed = decisions.filter((d) => d.latencyMs > 0);
    expectBinomial(delayed.length, 1_000, 0.4);
    expect(delayed.every((d) => d.latencyMs >= 10 && d.latencyMs < 20)).toBe(true);
    expect(task.stats().delayed).toBe(delayed.length);
  });

  it('an abort during the latency rejects, runs nothing and clears the timer', async () => {
    let ran = false;
    const task = withChaos(
      async () => {
        ran = true;
      },
      { latency: { kind: 'fixed', ms: 10_000 } },
      createSeededRandom(1),
    );
    const controller = new AbortController();
    const outcome = task(controller.signal).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(100);
    const reason = new Error('stop');
    controller.abort(reason);
    expect(await outcome).toBe(reason);
    expect(ran).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
