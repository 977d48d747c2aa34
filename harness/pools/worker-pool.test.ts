import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerPool, type WorkerPool } from './index.js';

describe('worker-thread pool', () => {
  let workers: WorkerPool | undefined;
  afterEach(async () => {
    await workers?.drain({ timeoutMs: 5_000 });
    workers = undefined;
  });

  it('runs CPU-bound tasks in at most `size` worker threads and returns their real results', async () => {
    workers = createWorkerPool({ size: 2, minIdle: 2, acquireTimeoutMs: 30_000 });
    const pool = workers;
    // Two warm workers, so the first two tasks are lent at once and both threads really run.
    await pool.pool.prefill();
    const limits = [10_000, 20_000, 30_000, 40_000, 50_000, 60_000];
    const [primes, threads] = await Promise.all([
      Promise.all(limits.map((limit) => pool.run<number>('countPrimes', { limit }))),
      Promise.all(Array.from({ length: 6 }, () => pool.run<number>('whoAmI', undefined))),
    ]);
    expect(primes).toEqual([1229, 2262, 3245, 4203, 5133, 6057]);
    const distinctThreads = new Set(threads);
    expect(distinctThreads.size).toBeGreaterThanOrEqual(1);
    expect(distinctThreads.size).toBeLessThanOrEqual(2);
    expect(distinctThreads.has(0)).toBe(false);
    expect(pool.stats()).toMatchObject({ highWater: 2, borrowedHighWater: 2, acquired: 12 });
  });

  it('propagates a task error and keeps the worker', async () => {
    workers = createWorkerPool({ size: 1 });
    await expect(workers.run('fail', { message: 'bad input' })).rejects.toMatchObject({
      name: 'WorkerTaskError',
      code: 'TASK_FAILED',
      remoteName: 'RangeError',
      message: expect.stringContaining('bad input'),
    });
    expect(await workers.run<string>('hashChain', { seed: 'a', rounds: 2 })).toBe(await referenceHash('a', 2));
    expect(workers.stats()).toMatchObject({ created: 1, destroyed: 0 });
  });

  it('terminates the worker of an aborted task and replaces it', async () => {
    workers = createWorkerPool({ size: 1 });
    const controller = new AbortController();
    const busy = workers.run('spin', { ms: 20_000 }, { signal: controller.signal });
    // Wait until the task really occupies the worker before aborting it.
    while (workers.stats().borrowed === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(busy).rejects.toMatchObject({ code: 'TASK_ABORTED' });
    expect(workers.stats()).toMatchObject({ destroyed: 1 });
    expect(await workers.run<number>('countPrimes', { limit: 100 })).toBe(25);
    expect(workers.stats().created).toBe(2);
  });

  it('replaces a worker that crashed', async () => {
    workers = createWorkerPool({ size: 1 });
    await expect(workers.run('crash', undefined)).rejects.toMatchObject({
      code: 'WORKER_EXITED',
      message: expect.stringContaining('crashed on purpose'),
    });
    expect(await workers.run<number>('countPrimes', { limit: 100 })).toBe(25);
    expect(workers.stats()).toMatchObject({ created: 2, destroyed: 1 });
  });

  it('loads a custom .mjs task module, and a TypeScript one through tsx', async () => {
    workers = createWorkerPool({ size: 1, tasksModule: new URL('./testdata/echo-tasks.mjs', import.meta.url) });
    expect(await workers.run('echo', { a: [1, 2, 3] })).toEqual({ echoed: { a: [1, 2, 3] } });
    await workers.drain();
    workers = createWorkerPool({ size: 1, tasksModule: new URL('./testdata/typed-tasks.ts', import.meta.url) });
    expect(await workers.run<number>('square', { n: 12 })).toBe(144);
  });
});

async function referenceHash(seed: string, rounds: number): Promise<string> {
  const { createHash } = await import('node:crypto');
  let digest = seed;
  for (let round = 0; round < rounds; round += 1) digest = createHash('sha256').update(digest).digest('hex');
  return digest;
}
