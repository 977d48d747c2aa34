import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PoolAcquireAbortedError,
  PoolAcquireTimeoutError,
  PoolCreateError,
  PoolDrainedError,
  PoolOptionsError,
  PoolReleaseError,
  createPool,
  type HeldLease,
  type Lease,
  type PoolOptions,
} from './index.js';
import { createManualClock } from '../common/index.js';

/** An in-memory resource that knows whether it was destroyed, so the test can count what is really open. */
interface FakeConnection {
  readonly id: number;
  healthy: boolean;
  closed: boolean;
}

function fakeHooks(overrides: Partial<PoolOptions<FakeConnection>> = {}) {
  const open = new Set<FakeConnection>();
  let nextId = 1;
  let maxOpen = 0;
  const options: PoolOptions<FakeConnection> = {
    max: 2,
    create: () => {
      const connection = { id: nextId++, healthy: true, closed: false };
      open.add(connection);
      maxOpen = Math.max(maxOpen, open.size);
      return connection;
    },
    destroy: (connection) => {
      connection.closed = true;
      open.delete(connection);
    },
    validate: (connection) => connection.healthy,
    ...overrides,
  };
  return { options, open, maxOpen: () => maxOpen };
}

const flush = async (): Promise<void> => {
  for (let round = 0; round < 10; round += 1) await Promise.resolve();
};

describe('Pool', () => {
  it('rejects inconsistent options', () => {
    expect(() => createPool({ ...fakeHooks().options, max: 0 })).toThrow(PoolOptionsError);
    expect(() => createPool({ ...fakeHooks().options, max: 2, minIdle: 3 })).toThrow(PoolOptionsError);
  });

  it('never opens more than max, reuses released resources and serves waiters in order', async () => {
    const { options, open, maxOpen } = fakeHooks({ max: 2 });
    const pool = createPool(options);
    const a = await pool.acquire({ owner: 'a' });
    const b = await pool.acquire({ owner: 'b' });
    const order: string[] = [];
    const c = pool.acquire({ owner: 'c' }).then((lease) => (order.push('c'), lease));
    const d = pool.acquire({ owner: 'd' }).then((lease) => (order.push('d'), lease));
    await flush();
    expect(pool.stats()).toMatchObject({ size: 2, borrowed: 2, pending: 2 });
    b.release();
    a.release();
    const [leaseC, leaseD] = await Promise.all([c, d]);
    expect(order).toEqual(['c', 'd']);
    expect(leaseC.resource.id).toBe(b.resource.id);
    expect(leaseD.resource.id).toBe(a.resource.id);
    leaseC.release();
    leaseD.release();
    expect(maxOpen()).toBe(2);
    expect(pool.stats()).toMatchObject({ highWater: 2, borrowedHighWater: 2, created: 2, acquired: 4, released: 4 });
    await pool.drain();
    expect(open.size).toBe(0);
  });

  it('times out an acquire when the pool is exhausted and lets later acquires proceed', async () => {
    const clock = createManualClock();
    const pool = createPool({ ...fakeHooks({ max: 1 }).options, clock, acquireTimeoutMs: 100 });
    const held = await pool.acquire();
    const late = pool.acquire();
    clock.advance(100);
    await expect(late).rejects.toBeInstanceOf(PoolAcquireTimeoutError);
    await expect(late).rejects.toMatchObject({
      code: 'POOL_ACQUIRE_TIMEOUT',
      message: expect.stringContaining('size 1/1'),
    });
    expect(pool.stats()).toMatchObject({ pending: 0, timeouts: 1 });
    held.release();
    const next = await pool.acquire();
    expect(next.resource).toBe(held.resource);
    next.release();
    await pool.drain();
  });

  it('aborts an acquire through its signal', async () => {
    const pool = createPool(fakeHooks({ max: 1 }).options);
    const held = await pool.acquire();
    const controller = new AbortController();
    const waiting = pool.acquire({ signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toBeInstanceOf(PoolAcquireAbortedError);
    await expect(pool.acquire({ signal: controller.signal })).rejects.toMatchObject({ cause: { message: 'stop' } });
    held.release();
    expect(pool.stats()).toMatchObject({ aborts: 2, pending: 0 });
    await pool.drain();
  });

  it('treats a double release and a foreign release as errors', async () => {
    const first = createPool(fakeHooks().options);
    const second = createPool(fakeHooks().options);
    const lease = await first.acquire({ owner: 'job' });
    expect(() => second.release(lease)).toThrow(expect.objectContaining({ code: 'POOL_FOREIGN_RELEASE' }) as Error);
    lease.release();
    expect(() => lease.release()).toThrow(PoolReleaseError);
    expect(() => first.release(lease)).toThrow(expect.objectContaining({ code: 'POOL_DOUBLE_RELEASE' }) as Error);
    const forged: Lease<FakeConnection> = { ...lease };
    expect(() => first.release(forged)).toThrow(expect.objectContaining({ code: 'POOL_FOREIGN_RELEASE' }) as Error);
    await Promise.all([first.drain(), second.drain()]);
  });

  it('validates idle resources before lending and replaces broken ones', async () => {
    const { options, open } = fakeHooks({ max: 1 });
    const pool = createPool(options);
    const lease = await pool.acquire();
    const broken = lease.resource;
    lease.release();
    broken.healthy = false;
    const fresh = await pool.acquire();
    expect(fresh.resource).not.toBe(broken);
    expect(broken.closed).toBe(true);
    expect(pool.stats()).toMatchObject({ validationFailures: 1, created: 2, destroyed: 1, highWater: 1 });
    fresh.release();
    await pool.drain();
    expect(open.size).toBe(0);
  });

  it('destroys a resource given back as broken, and use() destroys it when the task throws', async () => {
    const { options, open } = fakeHooks({ max: 1 });
    const pool = createPool(options);
    const lease = await pool.acquire();
    await lease.destroy();
    expect(lease.resource.closed).toBe(true);
    await expect(pool.use(() => Promise.reject(new Error('protocol error')))).rejects.toThrow('protocol error');
    expect(await pool.use((connection) => connection.id)).toBe(3);
    expect(pool.stats()).toMatchObject({ destroyed: 2, borrowed: 0, idle: 1 });
    await pool.drain();
    expect(open.size).toBe(0);
  });

  it('fails one acquire per failed creation instead of queueing forever', async () => {
    let attempts = 0;
    const failures: string[] = [];
    const pool = createPool<number>({
      max: 2,
      create: () => {
        attempts += 1;
        if (attempts === 1) throw new Error('connection refused');
        return attempts;
      },
      destroy: () => undefined,
      onHookFailure: (failure) => failures.push(`${failure.hook}: ${String(failure.error)}`),
    });
    await expect(pool.acquire()).rejects.toBeInstanceOf(PoolCreateError);
    await expect(pool.acquire()).resolves.toMatchObject({ resource: 2 });
    expect(failures).toEqual(['create: Error: connection refused']);
    expect(pool.stats().createFailures).toBe(1);
    await pool.drain({ timeoutMs: 0 });
  });

  it('prefills minIdle and evicts idle resources past idleTimeoutMs, oldest first, never below minIdle', async () => {
    const clock = createManualClock();
    const { options, open } = fakeHooks({ max: 4 });
    const pool = createPool({ ...options, clock, minIdle: 1, idleTimeoutMs: 1_000 });
    await pool.prefill();
    expect(pool.stats()).toMatchObject({ idle: 1, created: 1 });
    const leases = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    await flush();
    // minIdle keeps one warm spare beside the three borrowed (idle since t=0).
    expect(pool.stats()).toMatchObject({ idle: 1, borrowed: 3, size: 4 });
    clock.advance(500);
    for (const lease of leases) lease.release();
    expect(pool.stats().idle).toBe(4);
    clock.advance(499);
    await flush();
    expect(pool.stats()).toMatchObject({ idle: 4, evicted: 0 });
    clock.advance(1);
    await flush();
    expect(pool.stats()).toMatchObject({ idle: 3, evicted: 1 });
    clock.advance(500);
    await flush();
    expect(pool.stats()).toMatchObject({ idle: 1, evicted: 3, destroyed: 3 });
    expect(open.size).toBe(1);
    await pool.drain();
    expect(open.size).toBe(0);
  });

  it('keeps minIdle resources warm as borrowers take them, within max', async () => {
    const { options, open } = fakeHooks({ max: 3 });
    const pool = createPool({ ...options, minIdle: 2 });
    await pool.prefill();
    expect(pool.stats()).toMatchObject({ idle: 2, size: 2 });
    const first = await pool.acquire();
    await flush();
    expect(pool.stats()).toMatchObject({ idle: 2, borrowed: 1, size: 3, created: 3 });
    const second = await pool.acquire();
    await flush();
    // At max: no replacement is possible.
    expect(pool.stats()).toMatchObject({ idle: 1, borrowed: 2, size: 3, created: 3 });
    await second.destroy();
    await flush();
    expect(pool.stats()).toMatchObject({ idle: 2, borrowed: 1, size: 3, created: 4 });
    first.release();
    await pool.drain();
    expect(open.size).toBe(0);
  });

  it('reports a lease held past leakThresholdMs with its owner and the acquiring stack', async () => {
    const clock = createManualClock();
    const leaks: HeldLease[] = [];
    const pool = createPool({
      ...fakeHooks().options,
      clock,
      leakThresholdMs: 5_000,
      onLeak: (leak) => leaks.push(leak),
    });
    const kept = await pool.acquire({ owner: 'forgetful-test' });
    const returned = await pool.acquire({ owner: 'tidy-test' });
    clock.advance(1_000);
    returned.release();
    clock.advance(4_000);
    expect(leaks).toHaveLength(1);
    expect(leaks[0]).toMatchObject({ owner: 'forgetful-test', heldMs: 5_000, leaseId: kept.id, pool: 'pool' });
    expect(leaks[0]?.acquiredAt).toContain('pool.test.ts');
    expect(pool.findLeaks().map((leak) => leak.owner)).toEqual(['forgetful-test']);
    expect(pool.stats().leaksReported).toBe(1);

    const report = await pool.drain({ timeoutMs: 0 });
    expect(report.revoked.map((leak) => leak.owner)).toEqual(['forgetful-test']);
    expect(kept.resource.closed).toBe(true);
    // The borrower finding out late is not a double release: its lease was revoked.
    expect(() => kept.release()).not.toThrow();
  });

  it('drain rejects waiters and later acquires, waits for borrowers, and leaves nothing open', async () => {
    const { options, open } = fakeHooks({ max: 1 });
    const pool = createPool(options);
    const held = await pool.acquire();
    const waiting = pool.acquire();
    const drained = pool.drain();
    await expect(waiting).rejects.toBeInstanceOf(PoolDrainedError);
    await expect(pool.acquire()).rejects.toMatchObject({ code: 'POOL_DRAINED' });
    await flush();
    expect(open.size).toBe(1);
    held.release();
    const report = await drained;
    expect(report).toEqual({ destroyed: 1, revoked: [], unsettled: { creating: 0, validating: 0, destroying: 0 } });
    expect(open.size).toBe(0);
    expect(pool.stats()).toMatchObject({ state: 'drained', size: 0 });
  });
});

type Step =
  | { readonly kind: 'release' }
  | { readonly kind: 'destroy' }
  | { readonly kind: 'leak' }
  | { readonly kind: 'abort-while-waiting' }
  | { readonly kind: 'break-then-release' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Step>({ kind: 'release' }) },
  fc.constant<Step>({ kind: 'destroy' }),
  fc.constant<Step>({ kind: 'leak' }),
  fc.constant<Step>({ kind: 'abort-while-waiting' }),
  fc.constant<Step>({ kind: 'break-then-release' }),
);

describe('Pool under fc.scheduler interleavings', () => {
  it('never exceeds max, accounts for every lease as released or leaked, and drains to nothing open', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 4 }),
        fc.array(stepArbitrary, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 4 }),
        async (s, max, steps, failSomeCreates, wantedIdle) => {
          const open = new Set<FakeConnection>();
          let nextId = 1;
          let maxOpen = 0;
          let createCalls = 0;
          // Every hook is an async step the scheduler can reorder against borrowers.
          const pool = createPool<FakeConnection>({
            max,
            minIdle: Math.min(wantedIdle, max),
            create: async () => {
              createCalls += 1;
              const fail = failSomeCreates && createCalls % 3 === 0;
              await s.schedule(Promise.resolve(), 'create');
              if (fail) throw new Error('create failed');
              const connection = { id: nextId++, healthy: true, closed: false };
              open.add(connection);
              maxOpen = Math.max(maxOpen, open.size);
              return connection;
            },
            destroy: async (connection) => {
              await s.schedule(Promise.resolve(), 'destroy');
              connection.closed = true;
              open.delete(connection);
            },
            validate: async (connection) => {
              await s.schedule(Promise.resolve(), 'validate');
              return connection.healthy;
            },
          });
          const leaked = new Set<number>();
          let given = 0;
          const borrowers = steps.map(async (step, index) => {
            const owner = `b${index}`;
            await s.schedule(Promise.resolve(), `${owner} arrives`);
            const controller = new AbortController();
            if (step.kind === 'abort-while-waiting') {
              void s.schedule(Promise.resolve(), `${owner} times out`).then(() => controller.abort());
            }
            let lease: Lease<FakeConnection>;
            try {
              lease = await pool.acquire({ owner, signal: controller.signal });
            } catch (error) {
              // Drained: still waiting at the end because leakers held every resource.
              expect((error as Error).name).toMatch(/PoolAcquireAbortedError|PoolCreateError|PoolDrainedError/);
              return;
            }
            expect(lease.resource.closed).toBe(false);
            await s.schedule(Promise.resolve(), `${owner} uses ${lease.resource.id}`);
            given += 1;
            if (step.kind === 'leak') leaked.add(lease.id);
            else if (step.kind === 'destroy') await lease.destroy();
            else {
              if (step.kind === 'break-then-release') lease.resource.healthy = false;
              lease.release();
              expect(() => lease.release()).toThrow(PoolReleaseError);
            }
          });
          const finished = Promise.all(borrowers);
          await s.waitIdle();
          await flush();

          // No lost wake-up: once nothing is in flight, a borrower still waits only if leakers hold everything.
          const quiet = pool.stats();
          if (quiet.pending > 0) expect(quiet).toMatchObject({ borrowed: max, idle: 0, creating: 0 });
          expect(maxOpen).toBeLessThanOrEqual(max);
          expect(pool.stats().highWater).toBeLessThanOrEqual(max);
          expect(pool.stats().acquired).toBe(given);
          expect(new Set(pool.findLeaks(0).map((leak) => leak.leaseId))).toEqual(leaked);

          const report = await s.waitFor(pool.drain({ timeoutMs: 0 }));
          await finished;
          expect(new Set(report.revoked.map((leak) => leak.leaseId))).toEqual(leaked);
          expect(open.size).toBe(0);
          expect(pool.stats()).toMatchObject({ size: 0, idle: 0, borrowed: 0, creating: 0, pending: 0 });
        },
      ),
      { numRuns: 200 },
    );
  });
});
