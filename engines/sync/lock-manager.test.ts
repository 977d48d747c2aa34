import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DeadlockError,
  LockAbortedError,
  LockTimeoutError,
  LockUsageError,
  createLockManager,
  describeDeadlock,
  type LockGrantEvent,
} from './index.js';
import { createManualClock } from '../common/index.js';

const flush = async (): Promise<void> => {
  for (let round = 0; round < 5; round += 1) await Promise.resolve();
};

describe('LockManager basics', () => {
  it('grants one holder at a time and hands off in request order (FIFO)', async () => {
    const clock = createManualClock();
    const grants: LockGrantEvent[] = [];
    const locks = createLockManager({ clock, onGrant: (event) => grants.push(event) });
    const first = await locks.acquire('w0', 'db');
    const waiting = ['w1', 'w2', 'w3', 'w4'].map((owner) => locks.acquire(owner, 'db'));
    expect(locks.snapshot()).toEqual([{ lock: 'db', holder: 'w0', waiting: ['w1', 'w2', 'w3', 'w4'] }]);

    let current = first;
    for (const next of waiting) {
      clock.advance(10);
      current.release();
      current = await next;
      expect(locks.snapshot()[0]?.holder).toBe(current.owner);
    }
    current.release();

    expect(grants.map((grant) => grant.owner)).toEqual(['w0', 'w1', 'w2', 'w3', 'w4']);
    expect(grants.map((grant) => grant.waitedMs)).toEqual([0, 10, 20, 30, 40]);
    const stats = locks.stats();
    expect(stats.waits).toMatchObject({ count: 5, minMs: 0, maxMs: 40, meanMs: 20, spreadMs: 40 });
    expect(stats.waits.stdDevMs).toBeCloseTo(Math.sqrt(200), 6);
    expect(locks.snapshot()).toEqual([]);
  });

  it('times out a waiter, removes it from the queue and clears its timer', async () => {
    const clock = createManualClock();
    const locks = createLockManager({ clock });
    const holder = await locks.acquire('a', 'x');
    const late = locks.acquire('b', 'x', { timeoutMs: 50 });
    clock.advance(49);
    await flush();
    expect(locks.snapshot()[0]?.waiting).toEqual(['b']);
    clock.advance(1);
    await expect(late).rejects.toBeInstanceOf(LockTimeoutError);
    await expect(late).rejects.toMatchObject({ code: 'LOCK_TIMEOUT', message: expect.stringContaining('held by a') });
    expect(locks.snapshot()).toEqual([{ lock: 'x', holder: 'a', waiting: [] }]);
    holder.release();
    expect(locks.stats()).toMatchObject({ timeouts: 1, granted: 1, released: 1 });
    expect(clock.pending()).toBe(0);
  });

  it('gives up on abort with the reason as cause and removes its abort listener on grant', async () => {
    const locks = createLockManager();
    const holder = await locks.acquire('a', 'x');
    const controller = new AbortController();
    const aborted = locks.acquire('b', 'x', { signal: controller.signal });
    controller.abort(new Error('user cancelled'));
    await expect(aborted).rejects.toBeInstanceOf(LockAbortedError);
    await expect(aborted).rejects.toMatchObject({ cause: { message: 'user cancelled' } });

    const kept = new AbortController();
    const granted = locks.acquire('c', 'x', { signal: kept.signal });
    expect(getEventListeners(kept.signal, 'abort')).toHaveLength(1);
    holder.release();
    (await granted).release();
    expect(getEventListeners(kept.signal, 'abort')).toHaveLength(0);
  });

  it('rejects re-entry and releasing a lock one does not hold', async () => {
    const locks = createLockManager();
    const handle = await locks.acquire('a', 'x');
    await expect(locks.acquire('a', 'x')).rejects.toMatchObject({ name: 'LockUsageError', code: 'LOCK_REENTRY' });
    expect(() => locks.release('b', 'x')).toThrow(LockUsageError);
    handle.release();
    expect(() => handle.release()).toThrow(expect.objectContaining({ code: 'LOCK_NOT_HELD' }) as Error);
  });

  it('acquireAll takes locks in global order and rolls back what it took when it times out', async () => {
    const clock = createManualClock();
    const locks = createLockManager({ clock });
    const blocker = await locks.acquire('blocker', 'm');
    const all = locks.acquireAll('t', ['z', 'm', 'a', 'm'], { timeoutMs: 100 });
    await flush();
    expect(locks.heldBy('t')).toEqual(['a']);
    clock.advance(100);
    await expect(all).rejects.toBeInstanceOf(LockTimeoutError);
    expect(locks.heldBy('t')).toEqual([]);
    blocker.release();
    const handle = await locks.acquireAll('t', ['z', 'm', 'a']);
    expect(handle.locks).toEqual(['a', 'm', 'z']);
    handle.release();
    expect(locks.snapshot()).toEqual([]);
  });
});

describe('LockManager deadlock detection', () => {
  it('refuses the request that closes a cycle and names who holds and waits for what', async () => {
    const cycles: string[] = [];
    const locks = createLockManager({ onDeadlock: (cycle) => cycles.push(describeDeadlock(cycle)) });
    const aHoldsX = await locks.acquire('A', 'x');
    const bHoldsY = await locks.acquire('B', 'y');
    const aWaitsY = locks.acquire('A', 'y');
    const bWaitsX = locks.acquire('B', 'x');

    const error = await bWaitsX.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(DeadlockError);
    const deadlock = error as DeadlockError;
    expect(deadlock.code).toBe('DEADLOCK');
    expect(deadlock.cycle.owners).toEqual(['B', 'A']);
    expect(deadlock.cycle.edges).toEqual([
      { owner: 'B', waitsFor: 'x', heldBy: 'A', holds: ['y'] },
      { owner: 'A', waitsFor: 'y', heldBy: 'B', holds: ['x'] },
    ]);
    expect(deadlock.message).toBe('deadlock: B (holds y) waits for x held by A -> A (holds x) waits for y held by B');
    expect(cycles).toEqual([deadlock.message.replace('deadlock: ', '')]);

    // The victim backs off; the survivor proceeds.
    bHoldsY.release();
    const aHoldsY = await aWaitsY;
    aHoldsY.release();
    aHoldsX.release();
    expect(locks.stats().deadlocks).toBe(1);
  });

  it('finds a three-party cycle in detect mode and leaves breaking it to the caller', async () => {
    const locks = createLockManager({ deadlockPolicy: 'detect' });
    const handles = await Promise.all([locks.acquire('p1', 'a'), locks.acquire('p2', 'b'), locks.acquire('p3', 'c')]);
    const controller = new AbortController();
    const w1 = locks.acquire('p1', 'b', { signal: controller.signal });
    const w2 = locks.acquire('p2', 'c');
    expect(locks.findDeadlocks()).toEqual([]);
    const w3 = locks.acquire('p3', 'a');
    const found = locks.findDeadlocks();
    expect(found).toHaveLength(1);
    expect(found[0]?.owners).toEqual(['p1', 'p2', 'p3']);
    expect(found[0]?.edges.map((edge) => `${edge.owner}->${edge.waitsFor}->${edge.heldBy}`)).toEqual([
      'p1->b->p2',
      'p2->c->p3',
      'p3->a->p1',
    ]);

    controller.abort();
    await expect(w1).rejects.toBeInstanceOf(LockAbortedError);
    handles[0]?.release();
    (await w3).release();
    handles[2]?.release();
    (await w2).release();
    handles[1]?.release();
    expect(locks.findDeadlocks()).toEqual([]);
    expect(locks.stats().deadlocks).toBe(1);
  });
});

/** One task: take `order[0]`, yield to the scheduler, take `order[1]`, ... then release everything. */
async function runUnordered(
  s: fc.Scheduler,
  locks: ReturnType<typeof createLockManager>,
  owner: string,
  order: readonly string[],
  signal: AbortSignal,
): Promise<void> {
  const handles = [];
  try {
    for (const lock of order) {
      await s.schedule(Promise.resolve(), `${owner} wants ${lock}`);
      handles.push(await locks.acquire(owner, lock, { signal }));
    }
  } finally {
    for (const handle of handles.reverse()) handle.release();
  }
}

describe('LockManager under fc.scheduler interleavings', () => {
  it('control: opposite lock orders deadlock in some interleavings, and a cycle is reported iff tasks are stuck', async () => {
    let deadlockedRuns = 0;
    let cleanRuns = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 4 }), async (s, parties) => {
        const locks = createLockManager({ deadlockPolicy: 'detect' });
        const names = Array.from({ length: parties }, (_, index) => `L${index}`);
        const controller = new AbortController();
        // Party i takes L_i then L_{i+1}: the dining philosophers, a ring when all first locks are taken.
        const outcomes = names.map((_, index) => {
          const order = [names[index] ?? '', names[(index + 1) % parties] ?? ''];
          return runUnordered(s, locks, `P${index}`, order, controller.signal).then(
            () => 'done' as const,
            (error: unknown) => error,
          );
        });
        const settled: unknown[] = [];
        for (const [index, outcome] of outcomes.entries()) void outcome.then((value) => (settled[index] = value));
        await s.waitIdle();
        await flush();

        const stuck = settled.filter((value) => value === undefined).length + (parties - settled.length);
        const cycles = locks.findDeadlocks();
        if (stuck === 0) {
          expect(cycles).toEqual([]);
          cleanRuns += 1;
        } else {
          deadlockedRuns += 1;
          expect(stuck).toBe(parties);
          expect(cycles).toHaveLength(1);
          expect([...(cycles[0]?.owners ?? [])].sort()).toEqual(names.map((_, index) => `P${index}`));
          for (const edge of cycles[0]?.edges ?? []) expect(edge.holds).toHaveLength(1);
          expect(locks.stats().deadlocks).toBe(1);
        }
        controller.abort();
        await Promise.all(outcomes);
        expect(locks.snapshot()).toEqual([]);
      }),
      { numRuns: 150 },
    );
    expect(deadlockedRuns).toBeGreaterThan(0);
    expect(cleanRuns).toBeGreaterThan(0);
  });

  it('ordered acquisition never deadlocks and keeps every lock exclusive', async () => {
    const lockNames = ['a', 'b', 'c', 'd'];
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(
          fc.subarray(lockNames, { minLength: 1 }).chain((set) => fc.shuffledSubarray(set, { minLength: set.length })),
          {
            minLength: 2,
            maxLength: 6,
          },
        ),
        async (s, wishes) => {
          const locks = createLockManager({ deadlockPolicy: 'detect' });
          const holders = new Map<string, string>();
          let completed = 0;
          const tasks = wishes.map(async (wish, index) => {
            const owner = `T${index}`;
            await s.schedule(Promise.resolve(), `${owner} starts`);
            await locks.withLocks(owner, wish, async () => {
              for (const lock of wish) {
                expect(holders.get(lock)).toBeUndefined();
                holders.set(lock, owner);
              }
              await s.schedule(Promise.resolve(), `${owner} works`);
              for (const lock of wish) holders.delete(lock);
            });
            completed += 1;
          });
          await s.waitFor(Promise.all(tasks));
          expect(completed).toBe(wishes.length);
          expect(locks.stats().deadlocks).toBe(0);
          expect(locks.snapshot()).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('FIFO fairness: grants of a lock follow request order even with waiters giving up mid-queue', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.record({ rounds: fc.integer({ min: 1, max: 3 }), givesUp: fc.boolean() }), {
          minLength: 2,
          maxLength: 5,
        }),
        async (s, workers) => {
          const grants: LockGrantEvent[] = [];
          const locks = createLockManager({ onGrant: (event) => grants.push(event) });
          let abandoned = 0;
          const tasks = workers.map(async (worker, index) => {
            const owner = `W${index}`;
            for (let round = 0; round < worker.rounds; round += 1) {
              await s.schedule(Promise.resolve(), `${owner} asks (round ${round})`);
              const controller = new AbortController();
              if (worker.givesUp)
                void s.schedule(Promise.resolve(), `${owner} gives up`).then(() => controller.abort());
              let handle;
              try {
                handle = await locks.acquire(owner, 'shared', { signal: controller.signal });
              } catch (error) {
                expect(error).toBeInstanceOf(LockAbortedError);
                abandoned += 1;
                continue;
              }
              await s.schedule(Promise.resolve(), `${owner} holds`);
              handle.release();
            }
          });
          await s.waitFor(Promise.all(tasks));
          const order = grants.map((grant) => grant.requestSeq);
          expect(order).toEqual([...order].sort((a, b) => a - b));
          const requests = workers.reduce((sum, worker) => sum + worker.rounds, 0);
          expect(grants.length + abandoned).toBe(requests);
          expect(locks.stats()).toMatchObject({ granted: grants.length, released: grants.length, aborts: abandoned });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reject policy: every interleaving of opposite orders ends with all tasks settled and a named victim when one was needed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const locks = createLockManager();
        const never = new AbortController().signal;
        const outcomes = [
          runUnordered(s, locks, 'A', ['x', 'y'], never).then(
            () => 'done',
            (error: unknown) => error,
          ),
          runUnordered(s, locks, 'B', ['y', 'x'], never).then(
            () => 'done',
            (error: unknown) => error,
          ),
        ];
        const results = await s.waitFor(Promise.all(outcomes));
        const victims = results.filter((result) => result instanceof DeadlockError);
        expect(victims.length).toBeLessThanOrEqual(1);
        expect(results.filter((result) => result === 'done').length).toBe(2 - victims.length);
        expect(locks.stats().deadlocks).toBe(victims.length);
        for (const victim of victims) expect((victim as DeadlockError).cycle.owners).toHaveLength(2);
        expect(locks.snapshot()).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
