import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ContextStoreCorruptError,
  ExecutionActiveError,
  ExecutionExistsError,
  ExecutionNotFoundError,
  ResumeMismatchError,
} from './errors.js';
import type { WorkflowEvent } from './events.js';
import type { ContextStore, ExecutionSnapshot } from './stores/context-store.js';
import { FileContextStore } from './stores/file-store.js';
import { MemoryContextStore } from './stores/memory-store.js';
import { createDeferred, settle, type Deferred } from './testing/deferred.js';
import { defineWorkflow } from './workflow-builder.js';
import { WorkflowExecutor } from './workflow-executor.js';

function pipeline(runs: Record<string, number>, failB: { value: boolean }) {
  const count = (id: string, output: unknown) => (): unknown => {
    runs[id] = (runs[id] ?? 0) + 1;
    return output;
  };
  return defineWorkflow('pipeline')
    .node('a', count('a', { value: 1 }))
    .node(
      'b',
      () => {
        runs['b'] = (runs['b'] ?? 0) + 1;
        if (failB.value) throw new Error('flaky dependency');
        return 'b';
      },
      { dependsOn: ['a'] },
    )
    .node(
      'c',
      (input) => {
        runs['c'] = (runs['c'] ?? 0) + 1;
        return { fromA: input.dependencies['a'], fromB: input.dependencies['b'] };
      },
      { dependsOn: ['a', 'b'] },
    )
    .node('side', count('side', 's'), { dependsOn: ['a'], condition: "context.mode == 'full'" })
    .build();
}

describe('resume from the store', () => {
  it('keeps COMPLETED and SKIPPED nodes, re-runs FAILED and BLOCKED ones with restored inputs', async () => {
    const runs: Record<string, number> = {};
    const failB = { value: true };
    const workflow = pipeline(runs, failB);
    const executor = new WorkflowExecutor({ store: new MemoryContextStore() });
    const first = await executor.run(workflow, { executionId: 'exec-1', context: { mode: 'lite' } });
    expect(first.status).toBe('FAILED');
    expect(first.counts).toMatchObject({ COMPLETED: 1, FAILED: 1, BLOCKED: 1, SKIPPED: 1 });

    failB.value = false;
    const events: WorkflowEvent[] = [];
    const handle = await executor.resume(workflow, 'exec-1', { onEvent: (e) => events.push(e) });
    const second = await handle.result;
    expect(second).toMatchObject({ status: 'COMPLETED', resumed: true });
    expect(runs).toEqual({ a: 1, b: 2, c: 1 });
    expect(second.nodes.find((n) => n.id === 'a')).toMatchObject({ status: 'COMPLETED', restored: true, attempts: 0 });
    expect(second.nodes.find((n) => n.id === 'side')).toMatchObject({ status: 'SKIPPED', reason: 'condition-false' });
    expect(second.nodes.find((n) => n.id === 'c')).toMatchObject({ output: { fromA: { value: 1 }, fromB: 'b' } });
    expect(events[0]).toMatchObject({ type: 'WORKFLOW_STARTED', resumed: true });
    expect(events.filter((e) => e.type === 'NODE_STARTED').map((e) => 'nodeId' in e && e.nodeId)).toEqual(['b', 'c']);
    // The stored context is reused, and attempts accumulate across runs in the store.
    const stored = await executor.store?.load('exec-1');
    expect(stored).toMatchObject({
      status: 'COMPLETED',
      context: { mode: 'lite' },
      nodes: { b: { attempts: 2 }, a: { attempts: 1 } },
    });
  });

  it('resuming a COMPLETED execution runs nothing', async () => {
    const runs: Record<string, number> = {};
    const workflow = pipeline(runs, { value: false });
    const executor = new WorkflowExecutor({ store: new MemoryContextStore() });
    await executor.run(workflow, { executionId: 'done', context: { mode: 'full' } });
    const again = await (await executor.resume(workflow, 'done')).result;
    expect(again.status).toBe('COMPLETED');
    expect(runs).toEqual({ a: 1, b: 1, c: 1, side: 1 });
  });

  it('rejects unknown ids, other workflows, taken ids and executions still running', async () => {
    const store = new MemoryContextStore();
    const executor = new WorkflowExecutor({ store });
    const workflow = pipeline({}, { value: false });
    await expect(executor.resume(workflow, 'nope')).rejects.toBeInstanceOf(ExecutionNotFoundError);
    await expect(new WorkflowExecutor().resume(workflow, 'nope')).rejects.toBeInstanceOf(ExecutionNotFoundError);

    await executor.run(workflow, { executionId: 'taken', context: { mode: 'full' } });
    const other = defineWorkflow('other')
      .node('a', () => 1)
      .build();
    await expect(executor.resume(other, 'taken')).rejects.toBeInstanceOf(ResumeMismatchError);
    const renamed = defineWorkflow('pipeline')
      .node('a', () => 1)
      .node('z', () => 1)
      .build();
    await expect(executor.resume(renamed, 'taken')).rejects.toThrow(/not stored: z; not in the workflow: b, c, side/);

    let ran = false;
    const clash = defineWorkflow('pipeline')
      .node('a', () => (ran = true))
      .build();
    await expect(executor.run(clash, { executionId: 'taken' })).rejects.toBeInstanceOf(ExecutionExistsError);
    expect(ran).toBe(false);

    const gate = createDeferred();
    const slow = defineWorkflow('slow')
      .node('a', () => gate.promise)
      .build();
    const handle = executor.start(slow, { executionId: 'busy' });
    expect(() => executor.start(slow, { executionId: 'busy' })).toThrow(ExecutionActiveError);
    await expect(executor.resume(slow, 'busy')).rejects.toBeInstanceOf(ExecutionActiveError);
    gate.resolve(1);
    await handle.result;
  });

  it('refuses a corrupt store file, names it, and leaves it in place', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'dag-resume-'));
    try {
      const store = new FileContextStore({ directory, fsync: false });
      const executor = new WorkflowExecutor({ store });
      const workflow = pipeline({}, { value: true });
      await executor.run(workflow, { executionId: 'broken', context: { mode: 'full' } });
      const path = store.pathOf('broken');
      const truncated = (await readFile(path, 'utf8')).slice(0, 40);
      await writeFile(path, truncated);
      await expect(executor.resume(workflow, 'broken')).rejects.toSatisfy(
        (error) => error instanceof ContextStoreCorruptError && error.message.includes(path),
      );
      await expect(executor.run(workflow, { executionId: 'broken' })).rejects.toBeInstanceOf(ContextStoreCorruptError);
      expect(await readFile(path, 'utf8')).toBe(truncated);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

/** A store whose saves complete only when the test says so. */
class GatedStore implements ContextStore {
  readonly inner = new MemoryContextStore();
  readonly pending: { snapshot: ExecutionSnapshot; gate: Deferred<void> }[] = [];
  failNext: Error | undefined;

  async save(snapshot: ExecutionSnapshot): Promise<void> {
    const copy = structuredClone(snapshot);
    const gate = createDeferred<void>();
    this.pending.push({ snapshot: copy, gate });
    await gate.promise;
    if (this.failNext !== undefined) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    await this.inner.save(copy);
  }

  load(id: string): Promise<ExecutionSnapshot | undefined> {
    return this.inner.load(id);
  }

  list(): Promise<string[]> {
    return this.inner.list();
  }

  delete(id: string): Promise<void> {
    return this.inner.delete(id);
  }

  async flushAll(): Promise<void> {
    for (let guard = 0; guard < 100; guard++) {
      await settle();
      const next = this.pending.shift();
      if (next === undefined) return;
      next.gate.resolve();
    }
  }
}

describe('durability of completions', () => {
  it('emits NODE_COMPLETED and starts dependents only after a snapshot holding the output was saved', async () => {
    const store = new GatedStore();
    const events: string[] = [];
    let bRan = false;
    const handle = new WorkflowExecutor({ store }).start(
      defineWorkflow('d')
        .node('a', () => ({ v: 1 }))
        .node('b', () => (bRan = true), { dependsOn: ['a'] })
        .build(),
      { executionId: 'd1', onEvent: (e) => events.push('nodeId' in e ? `${e.type}:${e.nodeId}` : e.type) },
    );
    await settle();
    expect(store.pending).toHaveLength(1); // the initial snapshot, still in flight
    expect(events).toEqual(['WORKFLOW_STARTED', 'NODE_STARTED:a']);
    store.pending.shift()?.gate.resolve();
    await settle();
    // a finished while the first save was in flight: its completion needs a second save.
    expect(store.pending).toHaveLength(1);
    expect(store.pending[0]?.snapshot.nodes['a']).toMatchObject({ status: 'COMPLETED', output: { v: 1 } });
    expect(bRan).toBe(false);
    expect(events).not.toContain('NODE_COMPLETED:a');
    store.pending.shift()?.gate.resolve();
    await settle();
    expect(events).toContain('NODE_COMPLETED:a');
    expect(bRan).toBe(true);
    await store.flushAll();
    expect((await handle.result).status).toBe('COMPLETED');
    expect(await store.load('d1')).toMatchObject({ status: 'COMPLETED', nodes: { b: { status: 'COMPLETED' } } });
  });

  it('stores a snapshot of outputs, not a live reference', async () => {
    const store = new MemoryContextStore();
    const shared = { list: [1] };
    const result = await new WorkflowExecutor({ store }).run(
      defineWorkflow('s')
        .node('a', () => shared)
        .build(),
      { executionId: 's1' },
    );
    shared.list.push(2);
    expect(result.status).toBe('COMPLETED');
    expect((await store.load('s1'))?.nodes['a']?.output).toEqual({ list: [1] });
  });

  it('fails the workflow with ContextStoreWriteError when a save fails', async () => {
    const store = new GatedStore();
    const handle = new WorkflowExecutor({ store }).start(
      defineWorkflow('f')
        .node('a', () => 1)
        .node('b', () => 2, { dependsOn: ['a'] })
        .build(),
      { executionId: 'f1' },
    );
    await settle();
    store.failNext = new Error('disk full');
    await store.flushAll();
    const result = await handle.result;
    expect(result).toMatchObject({
      status: 'FAILED',
      error: { name: 'ContextStoreWriteError', code: 'DAG_STORE_WRITE', cause: { message: 'disk full' } },
    });
  });
});
