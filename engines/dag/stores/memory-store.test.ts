import { describe, expect, it } from 'vitest';
import type { ExecutionSnapshot } from './context-store.js';
import { MemoryContextStore } from './memory-store.js';

function snapshot(executionId: string, output: unknown): ExecutionSnapshot {
  return {
    version: 1,
    executionId,
    workflowId: 'w',
    status: 'RUNNING',
    context: { env: 'ci' },
    nodes: { a: { status: 'COMPLETED', attempts: 1, output } },
    updatedAt: 1,
  };
}

describe('MemoryContextStore', () => {
  it('stores snapshots: later changes to the saved or the loaded object do not leak in', async () => {
    const store = new MemoryContextStore();
    const output = { items: [1, 2] };
    await store.save(snapshot('e1', output));
    output.items.push(3);
    const loaded = await store.load('e1');
    expect(loaded?.nodes['a']?.output).toEqual({ items: [1, 2] });
    (loaded?.nodes['a']?.output as { items: number[] }).items.push(99);
    expect((await store.load('e1'))?.nodes['a']?.output).toEqual({ items: [1, 2] });
  });

  it('lists, replaces and deletes executions; unknown ids load as undefined', async () => {
    const store = new MemoryContextStore();
    await store.save(snapshot('e1', 1));
    await store.save(snapshot('e2', 2));
    await store.save(snapshot('e1', 3));
    expect((await store.list()).sort()).toEqual(['e1', 'e2']);
    expect((await store.load('e1'))?.nodes['a']?.output).toBe(3);
    await store.delete('e1');
    expect(await store.load('e1')).toBeUndefined();
  });

  it('rejects values that cannot be snapshotted instead of keeping a live reference', async () => {
    await expect(new MemoryContextStore().save(snapshot('e1', () => 1))).rejects.toThrow();
  });
});
