import { describe, expect, it } from 'vitest';
import { createDeferred, settle } from './testing/deferred.js';
import { defineWorkflow } from './workflow-builder.js';
import { WorkflowExecutor } from './workflow-executor.js';

describe('executors that return synchronously', () => {
  it('hands slots from run to run without recursing, even when every node settles inline', async () => {
    // One run holds the only slot while 5,000 others queue for it. A scheduler that pumped the next run from
    // inside the previous run's release would nest a group of stack frames per queued run and overflow.
    const executor = new WorkflowExecutor({ concurrency: 1 });
    const gate = createDeferred();
    let peak = 0;
    let ran = 0;
    const work = (): number => {
      peak = Math.max(peak, executor.runningNodeCount);
      return ++ran;
    };
    const holder = executor.run(
      defineWorkflow('holder')
        .node('a', () => gate.promise)
        .build(),
    );
    const queued = Array.from({ length: 5_000 }, (_, w) =>
      executor.run(
        defineWorkflow(`w${w}`)
          .node('a', work)
          .node('b', work, { dependsOn: ['a'] })
          .build(),
      ),
    );
    await settle();
    expect(ran).toBe(0);
    gate.resolve('done');
    const results = await Promise.all([holder, ...queued]);
    expect(results.every((result) => result.status === 'COMPLETED')).toBe(true);
    expect(ran).toBe(10_000);
    expect(peak).toBe(1);
    expect(executor.runningNodeCount).toBe(0);
  });

  it('passes a synchronous output on and fails the node on a synchronous throw', async () => {
    const boom = new Error('boom');
    const result = await new WorkflowExecutor().run(
      defineWorkflow('inline')
        .node('a', () => 2)
        .node('b', (input) => (input.dependencies['a'] as number) * 21, { dependsOn: ['a'] })
        .node(
          'c',
          () => {
            throw boom;
          },
          { dependsOn: ['b'] },
        )
        .node('d', () => 'never', { dependsOn: ['c'] })
        .build(),
    );
    expect(result.status).toBe('FAILED');
    expect(result.nodes.map((node) => node.status)).toEqual(['COMPLETED', 'COMPLETED', 'FAILED', 'BLOCKED']);
    expect(result.nodes[1]).toMatchObject({ status: 'COMPLETED', output: 42, attempts: 1 });
    expect(result.nodes[2]).toMatchObject({ status: 'FAILED', error: boom });
  });

  it('ignores the return of a node whose executor cancelled the run while it ran', async () => {
    const executor = new WorkflowExecutor();
    const ran: string[] = [];
    // The first node runs on a later microtask, after `handle` is assigned.
    const handle = executor.start(
      defineWorkflow('self-cancel')
        .node('a', () => {
          ran.push('a');
          handle.cancel('stop');
          return 'late';
        })
        .node('b', () => ran.push('b'), { dependsOn: ['a'] })
        .build(),
    );
    const result = await handle.result;
    expect(result.status).toBe('CANCELLED');
    expect(ran).toEqual(['a']);
    expect(result.nodes[0]?.status).not.toBe('COMPLETED');
  });
});
