import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { PoolCreateError, PoolDrainedError, PoolOptionsError, createPool, type PoolHookFailure } from './index.js';
import { createManualClock } from '../common/index.js';

/** 'pending' if `promise` has not settled after a few microtask turns, else how it settled. */
async function stateOf(promise: Promise<unknown>): Promise<'pending' | 'resolved' | 'rejected'> {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  for (let round = 0; round < 20 && state === 'pending'; round += 1) await Promise.resolve();
  return state;
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

interface Thing {
  readonly id: number;
  closed: boolean;
}

function things() {
  let next = 1;
  const open = new Set<Thing>();
  return {
    open,
    create: (): Thing => {
      const thing = { id: next++, closed: false };
      open.add(thing);
      return thing;
    },
    destroy: (thing: Thing): void => {
      thing.closed = true;
      open.delete(thing);
    },
  };
}

describe('Pool under hooks that never settle', () => {
  it('a validate that never settles times out, the resource is replaced, and the pool is not wedged', async () => {
    const clock = createManualClock();
    const failures: PoolHookFailure[] = [];
    const { open, create, destroy } = things();
    let hang = false;
    const pool = createPool<Thing>({
      max: 2,
      clock,
      create,
      destroy,
      validate: () => (hang ? never<boolean>() : true),
      validateTimeoutMs: 100,
      acquireTimeoutMs: 1_000,
      onHookFailure: (failure) => failures.push(failure),
    });
    const first = await pool.acquire();
    first.release();
    hang = true;
    const next = pool.acquire(); // the idle resource goes into a validation that never settles
    clock.advance(99);
    expect(await stateOf(next)).toBe('pending');
    expect(pool.stats()).toMatchObject({ size: 1, idle: 0, borrowed: 0, pending: 0 });
    clock.advance(1);
    expect(await stateOf(next)).toBe('resolved');
    const lease = await next;
    // The hung one was given up on and destroyed; a fresh resource was created and lent.
    expect(first.resource.closed).toBe(true);
    expect(lease.resource.id).toBe(2);
    expect(pool.stats()).toMatchObject({ validationFailures: 1, hookTimeouts: 1, borrowed: 1, timeouts: 0 });
    expect(failures.map((failure) => `${failure.hook}: ${(failure.error as Error).name}`)).toEqual([
      'validate: PoolHookTimeoutError',
    ]);
    lease.release();
    hang = false;
    const report = await pool.drain({ timeoutMs: 100 });
    expect(report.unsettled).toEqual({ creating: 0, validating: 0, destroying: 0 });
    expect(open.size).toBe(0);
  });

  it('drain({ timeoutMs }) settles within its bound though a validate, a create and a destroy never settle', async () => {
    const clock = createManualClock();
    const { create } = things();
    let hangCreate = false;
    let hangDestroy = false;
    const pool = createPool<Thing>({
      max: 3,
      clock,
      // Ignores its abort signal on purpose.
      create: () => (hangCreate ? never<Thing>() : create()),
      destroy: () => (hangDestroy ? never<void>() : undefined),
      validate: () => never<boolean>(),
      validateTimeoutMs: 60_000,
      createTimeoutMs: 60_000,
      destroyTimeoutMs: 60_000,
    });
    const kept = await pool.acquire();
    const idle = await pool.acquire();
    idle.release();
    const validating = pool.acquire(); // the idle resource goes into a validation that hangs
    hangCreate = true;
    const creating = pool.acquire(); // a third resource, whose creation hangs
    await stateOf(creating);
    expect(pool.stats()).toMatchObject({ size: 3, creating: 1, pending: 1 });

    hangDestroy = true;
    const drained = pool.drain({ timeoutMs: 100 });
    expect(await stateOf(validating)).toBe('rejected');
    await expect(creating).rejects.toBeInstanceOf(PoolDrainedError);
    clock.advance(99);
    expect(await stateOf(drained)).toBe('pending');
    clock.advance(1);
    expect(await stateOf(drained)).toBe('resolved');
    const report = await drained;
    expect(report.revoked.map((lease) => lease.leaseId)).toEqual([kept.id]);
    expect(report.unsettled).toEqual({ creating: 1, validating: 1, destroying: 1 });
    expect(pool.stats().state).toBe('draining');
  });

  it('a create that ignores its abort signal fails its acquire after createTimeoutMs, and a late resource is destroyed', async () => {
    const clock = createManualClock();
    const failures: string[] = [];
    const { open, create, destroy } = things();
    const late: { resolve?: (thing: Thing) => void; signal?: AbortSignal } = {};
    let calls = 0;
    const pool = createPool<Thing>({
      max: 1,
      clock,
      create: ({ signal }) => {
        calls += 1;
        if (calls > 1) return create();
        late.signal = signal;
        return new Promise<Thing>((resolve) => (late.resolve = resolve));
      },
      destroy,
      createTimeoutMs: 500,
      onHookFailure: (failure) => failures.push(`${failure.hook}: ${(failure.error as Error).message}`),
    });
    const first = pool.acquire();
    clock.advance(500);
    await expect(first).rejects.toBeInstanceOf(PoolCreateError);
    await expect(first).rejects.toMatchObject({ cause: { name: 'PoolHookTimeoutError', code: 'POOL_HOOK_TIMEOUT' } });
    expect(late.signal?.aborted).toBe(true);
    expect(failures).toEqual(['create: pool: create did not settle within 500 ms']);
    // The slot is free again: the next acquire creates a resource.
    const second = await pool.acquire();
    expect(second.resource.id).toBe(1);
    // The hung creation finally produces a resource: nobody waits for it any more, so it is destroyed at once.
    const straggler = create();
    late.resolve?.(straggler);
    await stateOf(Promise.resolve());
    expect(straggler.closed).toBe(true);
    second.release();
    await pool.drain();
    expect(open.size).toBe(0);
  });

  it('validates a resource that waited idle, never a brand-new one handed straight to a waiting acquire', async () => {
    const validated: number[] = [];
    const { create, destroy } = things();
    const pool = createPool<Thing>({
      max: 3,
      minIdle: 1,
      create,
      destroy,
      validate: (thing) => {
        validated.push(thing.id);
        return true;
      },
    });
    await pool.prefill(); // #1, idle
    const a = await pool.acquire(); // #1 left the idle list: validated
    await stateOf(never()); // lets #2, minIdle's replacement spare, land in the idle list
    expect(pool.stats()).toMatchObject({ idle: 1, borrowed: 1 });
    const b = await pool.acquire(); // #2 sat idle: validated
    const c = await pool.acquire(); // #3 created for this acquire: not validated
    expect([a.resource.id, b.resource.id, c.resource.id]).toEqual([1, 2, 3]);
    expect(validated).toEqual([1, 2]);
    c.release();
    (await pool.acquire()).release(); // #3 came back and waited idle: validated now
    expect(validated).toEqual([1, 2, 3]);
    a.release();
    b.release();
    await pool.drain();
  });
});

describe('Pool on bad input', () => {
  it.each([
    ['NaN', Number.NaN],
    ['a negative number', -5],
  ])('refuses a timeout of %s in options, acquire and drain, naming it', async (_label, bad) => {
    const { create, destroy } = things();
    for (const option of [
      'acquireTimeoutMs',
      'idleTimeoutMs',
      'leakThresholdMs',
      'createTimeoutMs',
      'validateTimeoutMs',
      'destroyTimeoutMs',
    ] as const) {
      expect(() => createPool<Thing>({ max: 1, create, destroy, [option]: bad }), option).toThrow(PoolOptionsError);
    }
    const pool = createPool<Thing>({ max: 1, create, destroy });
    const held = await pool.acquire();
    const acquired = pool.acquire({ timeoutMs: bad });
    expect(await stateOf(acquired)).toBe('rejected');
    await expect(acquired).rejects.toMatchObject({
      code: 'POOL_INVALID_OPTIONS',
      message: expect.stringContaining(`got ${String(bad)}`),
    });
    expect(pool.stats().pending).toBe(0);
    await expect(pool.drain({ timeoutMs: bad })).rejects.toBeInstanceOf(PoolOptionsError);
    held.release();
    await pool.drain();
  });

  it('one AbortSignal shared by many acquires carries one listener', async () => {
    const { create, destroy } = things();
    const pool = createPool<Thing>({ max: 1, create, destroy });
    const held = await pool.acquire();
    const controller = new AbortController();
    const waiting = Array.from({ length: 30 }, () => pool.acquire({ signal: controller.signal }));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    expect((await Promise.allSettled(waiting)).every((outcome) => outcome.status === 'rejected')).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    held.release();
    await pool.drain();
  });
});
