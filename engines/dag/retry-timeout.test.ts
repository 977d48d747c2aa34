import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NodeTimeoutError } from './errors.js';
import type { WorkflowEvent } from './events.js';
import type { NodeExecutor } from './types.js';
import { defineWorkflow } from './workflow-builder.js';
import { WorkflowExecutor, type WorkflowExecutorOptions } from './workflow-executor.js';
import { systemClock } from '../common/index.js';

// Fake timers drive every delay, so the assertions are exact and independent of machine load.
beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

function makeExecutor(options: WorkflowExecutorOptions = {}): WorkflowExecutor {
  // vitest fakes Date but not performance.now(): time the run on the faked Date.
  return new WorkflowExecutor({ clock: { ...systemClock, now: () => Date.now() }, ...options });
}

/** Fails `failures` times, then returns 'ok'; records when each attempt started. */
function flaky(
  failures: number,
  starts: number[],
  makeError: () => Error = () => new Error('transient'),
): NodeExecutor {
  return () => {
    starts.push(Date.now());
    return starts.length <= failures ? Promise.reject(makeError()) : Promise.resolve('ok');
  };
}

function hangUntilAborted(signals: AbortSignal[]): NodeExecutor {
  return (_input, signal) => {
    signals.push(signal);
    return new Promise((_resolve, reject) =>
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
    );
  };
}

describe('retries with exponential backoff (p-retry)', () => {
  it('waits exactly minTimeout * factor^(n-1), capped at maxTimeout, between attempts', async () => {
    const starts: number[] = [];
    const events: WorkflowEvent[] = [];
    const workflow = defineWorkflow('r')
      .node('n', flaky(3, starts), { retry: { retries: 3, minTimeout: 100, factor: 2, maxTimeout: 250 } })
      .build();
    const handle = makeExecutor().start(workflow, { onEvent: (e) => events.push(e) });

    await vi.advanceTimersByTimeAsync(0);
    expect(starts).toEqual([0]);
    await vi.advanceTimersByTimeAsync(99);
    expect(starts).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(starts).toEqual([0, 100]);
    await vi.advanceTimersByTimeAsync(199);
    expect(starts).toEqual([0, 100]);
    await vi.advanceTimersByTimeAsync(1);
    expect(starts).toEqual([0, 100, 300]);
    await vi.advanceTimersByTimeAsync(250);
    expect(starts).toEqual([0, 100, 300, 550]);

    const result = await handle.result;
    expect(result.nodes[0]).toMatchObject({
      status: 'COMPLETED',
      attempts: 4,
      startedAt: 0,
      finishedAt: 550,
      durationMs: 550,
    });
    expect(
      events
        .filter((e) => e.type === 'NODE_RETRY')
        .map((e) => [e.type === 'NODE_RETRY' && e.attempt, e.type === 'NODE_RETRY' && e.delayMs]),
    ).toEqual([
      [1, 100],
      [2, 200],
      [3, 250],
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives up after `retries` retries: one start and one terminal event per attempt', async () => {
    const starts: number[] = [];
    const events: string[] = [];
    const workflow = defineWorkflow('r')
      .node('n', flaky(10, starts), { retry: { retries: 2, minTimeout: 10, factor: 3 } })
      .build();
    const handle = makeExecutor().start(workflow, { onEvent: (e) => events.push(e.type) });
    await vi.advanceTimersByTimeAsync(1_000);
    const result = await handle.result;
    expect(starts).toEqual([0, 10, 40]);
    expect(result.nodes[0]).toMatchObject({ status: 'FAILED', attempts: 3, error: { message: 'transient' } });
    expect(events).toEqual([
      'WORKFLOW_STARTED',
      'NODE_STARTED',
      'NODE_RETRY',
      'NODE_STARTED',
      'NODE_RETRY',
      'NODE_STARTED',
      'NODE_FAILED',
      'WORKFLOW_FAILED',
    ]);
  });

  it('randomizes from the seeded source: an injected random source gives exact delays, the same seed the same delays', async () => {
    const starts: number[] = [];
    const workflow = defineWorkflow('j')
      .node('n', flaky(2, starts), { retry: { retries: 2, minTimeout: 100, factor: 2, randomize: true } })
      .build();
    // r = 1 + 0.25: waits 125, then 250
    const handle = makeExecutor({ random: () => 0.25 }).start(workflow);
    await vi.advanceTimersByTimeAsync(1_000);
    await handle.result;
    expect(starts).toEqual([0, 125, 375]);

    const delaysFor = async (seed: number): Promise<number[]> => {
      const delays: number[] = [];
      const run = makeExecutor({ seed }).start(
        defineWorkflow('j')
          .node('n', flaky(3, []), { retry: { retries: 3, randomize: true } })
          .build(),
        {
          onEvent: (e) => e.type === 'NODE_RETRY' && delays.push(e.delayMs),
        },
      );
      await vi.advanceTimersByTimeAsync(10_000);
      await run.result;
      return delays;
    };
    const first = await delaysFor(7);
    expect(first).toHaveLength(3);
    expect(await delaysFor(7)).toEqual(first);
    expect(first.some((delay, i) => delay !== 100 * 2 ** i)).toBe(true);
  });

  it('retries TypeErrors too, and stops when retryOn says no', async () => {
    const typeErrorStarts: number[] = [];
    const r1 = makeExecutor().start(
      defineWorkflow('t')
        .node(
          'n',
          flaky(1, typeErrorStarts, () => new TypeError('x is undefined')),
          { retry: { retries: 1, minTimeout: 5 } },
        )
        .build(),
    );
    await vi.advanceTimersByTimeAsync(5);
    expect((await r1.result).status).toBe('COMPLETED');
    expect(typeErrorStarts).toEqual([0, 5]);

    const fatalStarts: number[] = [];
    const r2 = makeExecutor().start(
      defineWorkflow('f')
        .node(
          'n',
          flaky(5, fatalStarts, () => new RangeError('fatal')),
          { retry: { retries: 5, retryOn: (e) => e.name !== 'RangeError' } },
        )
        .build(),
    );
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await r2.result).nodes[0]).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(fatalStarts).toHaveLength(1);
  });

  it('cancel during a backoff wait clears the timer and starts no further attempt', async () => {
    const starts: number[] = [];
    const handle = makeExecutor().start(
      defineWorkflow('c')
        .node('n', flaky(5, starts), { retry: { retries: 5, minTimeout: 1_000 } })
        .build(),
    );
    await vi.advanceTimersByTimeAsync(500);
    expect(vi.getTimerCount()).toBe(1);
    handle.cancel();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    expect((await handle.result).status).toBe('CANCELLED');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(starts).toEqual([0]);
  });
});

describe('per-node timeouts (p-timeout)', () => {
  it('fails the attempt at exactly timeoutMs and aborts its signal with the NodeTimeoutError', async () => {
    const signals: AbortSignal[] = [];
    const handle = makeExecutor().start(
      defineWorkflow('t')
        .node('hang', hangUntilAborted(signals), { timeoutMs: 1_000 })
        .node('after', () => 1, { dependsOn: ['hang'] })
        .build(),
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(handle.nodeStatus('hang')).toBe('RUNNING');
    expect(signals[0]?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const result = await handle.result;
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toBeInstanceOf(NodeTimeoutError);
    expect(result.nodes[0]).toMatchObject({
      status: 'FAILED',
      attempts: 1,
      finishedAt: 1_000,
      error: { name: 'NodeTimeoutError', code: 'DAG_NODE_TIMEOUT', timeoutMs: 1_000 },
    });
    expect(result.nodes[1]).toMatchObject({ status: 'BLOCKED', blockedBy: 'hang' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('times out even an executor that ignores its signal (its late result is dropped)', async () => {
    let finish: (value: string) => void = () => undefined;
    const handle = makeExecutor().start(
      defineWorkflow('t')
        .node('deaf', () => new Promise<string>((resolve) => (finish = resolve)), { timeoutMs: 50 })
        .build(),
    );
    await vi.advanceTimersByTimeAsync(50);
    const result = await handle.result;
    finish('too late');
    expect(result.nodes[0]).toMatchObject({ status: 'FAILED', error: { name: 'NodeTimeoutError' } });
  });

  it('clears the timeout when the attempt finishes in time', async () => {
    const handle = makeExecutor().start(
      defineWorkflow('t')
        .node('quick', () => Promise.resolve('done'), { timeoutMs: 60_000 })
        .build(),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect((await handle.result).nodes[0]).toMatchObject({ status: 'COMPLETED', output: 'done' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives each attempt its own timeout, with the backoff in between', async () => {
    const signals: AbortSignal[] = [];
    const starts: number[] = [];
    const hang = hangUntilAborted(signals);
    const handle = makeExecutor().start(
      defineWorkflow('t')
        .node(
          'n',
          (input, signal) => {
            starts.push(Date.now());
            return hang(input, signal);
          },
          { timeoutMs: 500, retry: { retries: 1, minTimeout: 200 } },
        )
        .build(),
    );
    await vi.advanceTimersByTimeAsync(699);
    expect(starts).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(starts).toEqual([0, 700]);
    await vi.advanceTimersByTimeAsync(499);
    expect(handle.nodeStatus('n')).toBe('RUNNING');
    await vi.advanceTimersByTimeAsync(1);
    const result = await handle.result;
    expect(result.nodes[0]).toMatchObject({
      status: 'FAILED',
      attempts: 2,
      finishedAt: 1_200,
      error: { name: 'NodeTimeoutError', attempt: 2 },
    });
    expect(signals.map((s) => s.aborted)).toEqual([true, true]);
  });

  it('pause reaches a node under a timeout: its signal aborts and its timer is cleared', async () => {
    const signals: AbortSignal[] = [];
    const handle = makeExecutor().start(
      defineWorkflow('p').node('n', hangUntilAborted(signals), { timeoutMs: 10_000 }).build(),
    );
    await vi.advanceTimersByTimeAsync(100);
    handle.pause();
    await vi.advanceTimersByTimeAsync(0);
    expect(signals[0]?.reason).toMatchObject({ name: 'WorkflowPausedError' });
    expect(vi.getTimerCount()).toBe(0);
    handle.cancel();
    expect((await handle.result).status).toBe('CANCELLED');
  });
});
