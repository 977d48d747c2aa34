import { describe, expect, it } from 'vitest';
import type { WorkflowEvent } from './events.js';
import type { ExecutionSnapshot } from './stores/context-store.js';
import { MemoryContextStore } from './stores/memory-store.js';
import { defineWorkflow } from './workflow-builder.js';
import { WorkflowExecutor } from './workflow-executor.js';

/** A store whose n-th save fails (disk full), a macrotask after it was asked, like a real write; the others succeed. */
class FailingStore extends MemoryContextStore {
  saves = 0;

  constructor(private readonly failAt: number) {
    super();
  }

  override async save(snapshot: ExecutionSnapshot): Promise<void> {
    this.saves += 1;
    const attempt = this.saves;
    const copy = structuredClone(snapshot);
    await new Promise((resolve) => setImmediate(resolve));
    if (attempt === this.failAt) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    await super.save(copy);
  }
}

/** root -> ten leaves that finish a macrotask apart -> join: completions pile up while a save is in flight. */
function fanOut(ran: string[]) {
  const builder = defineWorkflow('fan').node('root', () => (ran.push('root'), 0));
  const leaves = Array.from({ length: 10 }, (_, index) => `leaf-${index}`);
  leaves.forEach((id, index) =>
    builder.node(
      id,
      async () => {
        for (let turn = 0; turn <= index; turn++) await new Promise((resolve) => setImmediate(resolve));
        ran.push(id);
        return index;
      },
      { dependsOn: ['root'] },
    ),
  );
  builder.node('join', () => (ran.push('join'), 'done'), { dependsOn: leaves });
  return builder.build();
}

describe('a failed save', () => {
  it.each([2, 3, 4, 5, 6])(
    'at save %i: NODE_COMPLETED only for what the store holds, and the result agrees with it',
    async (failAt) => {
      const store = new FailingStore(failAt);
      const events: WorkflowEvent[] = [];
      const ran: string[] = [];
      const result = await new WorkflowExecutor({ store }).run(fanOut(ran), {
        executionId: 'e',
        onEvent: (event) => events.push(event),
      });

      expect(result).toMatchObject({
        status: 'FAILED',
        error: { name: 'ContextStoreWriteError', cause: { code: 'ENOSPC' } },
      });
      const stored = (await store.load('e'))?.nodes ?? {};
      const storedCompleted = Object.keys(stored)
        .filter((id) => stored[id]?.status === 'COMPLETED')
        .sort();
      const announced = events.flatMap((event) => (event.type === 'NODE_COMPLETED' ? [event.nodeId] : [])).sort();
      // Saved before announced, even when a save fails: nothing announced is missing from the store.
      expect(announced).toEqual(storedCompleted);
      expect(
        result.nodes
          .filter((node) => node.status === 'COMPLETED')
          .map((node) => node.id)
          .sort(),
      ).toEqual(storedCompleted);
      // Every attempt that started ended with one event (the unsaved ones as interrupted).
      const starts = events.filter((event) => event.type === 'NODE_STARTED').length;
      const ends = events.filter((event) =>
        ['NODE_COMPLETED', 'NODE_FAILED', 'NODE_RETRY', 'NODE_INTERRUPTED'].includes(event.type),
      ).length;
      expect(ends).toBe(starts);
      expect(events.at(-1)?.type).toBe('WORKFLOW_FAILED');

      // Resumed (the store is healthy again), it runs exactly what the store did not hold as completed.
      const rerun: string[] = [];
      const again = await (await new WorkflowExecutor({ store }).resume(fanOut(rerun), 'e')).result;
      expect(again.status).toBe('COMPLETED');
      expect(rerun.sort()).toEqual(
        result.nodes
          .map((node) => node.id)
          .filter((id) => !storedCompleted.includes(id))
          .sort(),
      );
    },
  );
});
