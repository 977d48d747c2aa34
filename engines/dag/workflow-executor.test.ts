import { describe, expect, it } from 'vitest';
import { ConditionError, WorkflowCancelledError, WorkflowPausedError } from './errors.js';
import type { WorkflowEvent } from './events.js';
import { createDeferred, settle, type Deferred } from './testing/deferred.js';
import { withArtifacts, type NodeInput, type WorkflowDefinition } from './types.js';
import { defineWorkflow } from './workflow-builder.js';
import { WorkflowExecutor } from './workflow-executor.js';
import type { NodeResult } from './workflow-result.js';

function statuses(nodes: readonly NodeResult[]): Record<string, string> {
  return Object.fromEntries(nodes.map((node) => [node.id, node.status]));
}

function describeEvent(event: WorkflowEvent): string {
  return 'nodeId' in event ? `${event.type}:${event.nodeId}` : event.type;
}

describe('WorkflowExecutor scheduling', () => {
  it('starts a node as soon as its own dependencies complete, not when a whole generation does', async () => {
    const slow = createDeferred();
    const started: string[] = [];
    const record = (id: string, work?: Promise<unknown>) => (): Promise<unknown> => {
      started.push(id);
      return work ?? Promise.resolve(id);
    };
    const workflow = defineWorkflow('eager')
      .node('slow', record('slow', slow.promise))
      .node('fast', record('fast'))
      .node('afterFast', record('afterFast'), { dependsOn: ['fast'] })
      .node('join', record('join'), { dependsOn: ['slow', 'afterFast'] })
      .build();
    const handle = new WorkflowExecutor().start(workflow);
    await settle();
    expect(started).toEqual(['slow', 'fast', 'afterFast']);
    expect(handle.nodeStatus('join')).toBe('PENDING');
    slow.resolve('done');
    const result = await handle.result;
    expect(started).toEqual(['slow', 'fast', 'afterFast', 'join']);
    expect(result.status).toBe('COMPLETED');
  });

  it('gives each node its dependencies outputs, artifacts, the global context and its config', async () => {
    const inputs: Record<string, NodeInput> = {};
    const capture =
      (output: unknown) =>
      (input: NodeInput): unknown => {
        inputs[input.nodeId] = input;
        return output;
      };
    const workflow = defineWorkflow('data')
      .node('a', capture(withArtifacts({ n: 1 }, { report: 'a.html' })))
      .node('b', capture(2))
      .node('c', capture('c'), { dependsOn: ['a', 'b'], config: { level: 3 } })
      .build();
    const result = await new WorkflowExecutor().run(workflow, { context: { env: 'ci' }, executionId: 'exec-1' });
    expect(inputs['c']).toMatchObject({
      executionId: 'exec-1',
      workflowId: 'data',
      nodeId: 'c',
      attempt: 1,
      context: { env: 'ci' },
      dependencies: { a: { n: 1 }, b: 2 },
      artifacts: { a: { report: 'a.html' } },
      skippedDependencies: [],
      config: { level: 3 },
    });
    expect(result.nodes[0]).toMatchObject({
      id: 'a',
      status: 'COMPLETED',
      output: { n: 1 },
      artifacts: { report: 'a.html' },
      attempts: 1,
      restored: false,
    });
  });

  it('runs empty workflows and disconnected graphs', async () => {
    const executor = new WorkflowExecutor();
    const empty = await executor.run({ id: 'empty', nodes: [] });
    expect(empty).toMatchObject({ status: 'COMPLETED', nodes: [] });
    const islands = await executor.run(
      defineWorkflow('islands')
        .node('a', () => 1)
        .node('b', () => 2)
        .node('g', undefined, { type: 'PARALLEL_GROUP', dependsOn: ['b'] })
        .build(),
    );
    expect(statuses(islands.nodes)).toEqual({ a: 'COMPLETED', b: 'COMPLETED', g: 'COMPLETED' });
  });

  it('builds node results and counts on first read, once, visible to spreading and JSON like plain fields', async () => {
    const result = await new WorkflowExecutor().run(
      defineWorkflow('lazy')
        .node('a', () => 1)
        .node(
          'b',
          () => {
            throw new Error('no');
          },
          { dependsOn: ['a'] },
        )
        .node('c', () => 3, { dependsOn: ['b'] })
        .build(),
    );
    expect(result.nodes).toBe(result.nodes);
    expect(result.counts).toBe(result.counts);
    expect(result.counts).toEqual({
      PENDING: 0,
      READY: 0,
      RUNNING: 0,
      COMPLETED: 1,
      FAILED: 1,
      SKIPPED: 0,
      BLOCKED: 1,
    });
    expect({ ...result }.nodes.map((node) => node.status)).toEqual(['COMPLETED', 'FAILED', 'BLOCKED']);
    const json = JSON.parse(JSON.stringify(result)) as {
      nodes: { id: string; output?: unknown; blockedBy?: string }[];
      counts: Record<string, number>;
    };
    expect(json.nodes).toMatchObject([{ id: 'a', output: 1 }, { id: 'b' }, { id: 'c', blockedBy: 'b' }]);
    expect(json.counts['BLOCKED']).toBe(1);
  });

  it('handles a 5 000-node chain without deep recursion', async () => {
    const builder = defineWorkflow('chain');
    for (let i = 0; i < 5_000; i++)
      builder.node(
        `n${i}`,
        (input) => i + ((input.dependencies[`n${i - 1}`] as number | undefined) ?? 0),
        i === 0 ? {} : { dependsOn: [`n${i - 1}`] },
      );
    const result = await new WorkflowExecutor().run(builder.build());
    expect(result.status).toBe('COMPLETED');
    expect(result.nodes.at(-1)).toMatchObject({ output: (4_999 * 5_000) / 2 });
  });
});

describe('WorkflowExecutor failure propagation and skipping', () => {
  it('blocks every transitive dependent of a failed node and never runs them', async () => {
    const ran: string[] = [];
    const ok = (id: string) => (): string => {
      ran.push(id);
      return id;
    };
    const workflow = defineWorkflow('fail')
      .node('a', ok('a'))
      .node(
        'bad',
        () => {
          ran.push('bad');
          throw new TypeError('broken input');
        },
        { dependsOn: ['a'] },
      )
      .node('child', ok('child'), { dependsOn: ['bad', 'a'] })
      .node('grandchild', ok('grandchild'), { dependsOn: ['child'] })
      .node('sibling', ok('sibling'), { dependsOn: ['a'] })
      .build();
    const events: string[] = [];
    const result = await new WorkflowExecutor().run(workflow, { onEvent: (e) => events.push(describeEvent(e)) });
    expect(result.status).toBe('FAILED');
    expect(statuses(result.nodes)).toEqual({
      a: 'COMPLETED',
      bad: 'FAILED',
      child: 'BLOCKED',
      grandchild: 'BLOCKED',
      sibling: 'COMPLETED',
    });
    expect(ran.sort()).toEqual(['a', 'bad', 'sibling']);
    expect(result.nodes[1]).toMatchObject({
      status: 'FAILED',
      attempts: 1,
      error: { name: 'TypeError', message: 'broken input' },
    });
    expect(result.nodes[2]).toMatchObject({ blockedBy: 'bad' });
    expect(result.nodes[3]).toMatchObject({ blockedBy: 'child' });
    expect(events).toEqual(
      expect.arrayContaining(['NODE_BLOCKED:child', 'NODE_BLOCKED:grandchild', 'WORKFLOW_FAILED']),
    );
    expect(result.counts).toMatchObject({ COMPLETED: 2, FAILED: 1, BLOCKED: 2 });
  });

  it('blocks a dependent as soon as one dependency fails, while another is still running', async () => {
    const slow = createDeferred();
    const handle = new WorkflowExecutor().start(
      defineWorkflow('early-block')
        .node('slow', () => slow.promise)
        .node('bad', () => Promise.reject(new Error('x')))
        .node('join', () => 'never', { dependsOn: ['slow', 'bad'] })
        .build(),
    );
    await settle();
    expect(handle.nodeStatus('join')).toBe('BLOCKED');
    slow.resolve(1);
    expect(statuses((await handle.result).nodes)).toEqual({ slow: 'COMPLETED', bad: 'FAILED', join: 'BLOCKED' });
  });

  it('applies the skipped-dependency rules', async () => {
    const workflow = defineWorkflow('branches')
      .node('gate', () => ({ go: false }))
      .node('yes', () => 'yes', { dependsOn: ['gate'], condition: 'inputs.gate.go == true' })
      .node('no', () => 'no', { dependsOn: ['gate'], condition: 'inputs.gate.go == false' })
      .node('underYes', () => 'x', { dependsOn: ['yes'] })
      .node('join', (input) => input.skippedDependencies, { dependsOn: ['yes', 'no'] })
      .node('strictJoin', () => 'x', { dependsOn: ['yes', 'no'], whenDependencySkipped: 'skip-if-any' })
      .node('always', (input) => Object.keys(input.dependencies), {
        dependsOn: ['underYes'],
        whenDependencySkipped: 'run',
      })
      .build();
    const result = await new WorkflowExecutor().run(workflow);
    expect(statuses(result.nodes)).toEqual({
      gate: 'COMPLETED',
      yes: 'SKIPPED',
      no: 'COMPLETED',
      underYes: 'SKIPPED',
      join: 'COMPLETED',
      strictJoin: 'SKIPPED',
      always: 'COMPLETED',
    });
    const byId = new Map(result.nodes.map((node) => [node.id, node]));
    expect(byId.get('yes')).toMatchObject({ reason: 'condition-false' });
    expect(byId.get('underYes')).toMatchObject({ reason: 'dependency-skipped' });
    expect(byId.get('join')).toMatchObject({ output: ['yes'] });
    expect(byId.get('always')).toMatchObject({ output: [] });
    expect(result.status).toBe('COMPLETED');
  });

  it('fails a node whose condition errors instead of running it, and blocks its dependents', async () => {
    let ran = false;
    const events: WorkflowEvent[] = [];
    const result = await new WorkflowExecutor().run(
      defineWorkflow('bad-condition')
        .node('a', () => ({}))
        .node('b', () => (ran = true), { dependsOn: ['a'], condition: 'inputs.a.score > 5' })
        .node('c', () => (ran = true), { dependsOn: ['b'] })
        .build(),
      { onEvent: (e) => events.push(e) },
    );
    expect(ran).toBe(false);
    expect(statuses(result.nodes)).toEqual({ a: 'COMPLETED', b: 'FAILED', c: 'BLOCKED' });
    expect(result.nodes[1]).toMatchObject({ attempts: 0, error: expect.any(ConditionError) as unknown });
    expect(events.find((e) => e.type === 'NODE_FAILED')).toMatchObject({ nodeId: 'b', attempt: 0 });
  });

  it('fails a node whose predicate condition throws', async () => {
    const result = await new WorkflowExecutor().run({
      id: 'p',
      nodes: [
        {
          id: 'a',
          executor: () => 1,
          condition: () => {
            throw new RangeError('bad');
          },
        },
      ],
    });
    expect(result.nodes[0]).toMatchObject({
      status: 'FAILED',
      error: { name: 'ConditionError', cause: { name: 'RangeError' } },
    });
  });

  it('turns a thrown non-Error into a NonErrorThrownError', async () => {
    const result = await new WorkflowExecutor().run({
      id: 'w',
      nodes: [{ id: 'a', executor: () => Promise.reject('plain string') }],
    });
    expect(result.nodes[0]).toMatchObject({
      status: 'FAILED',
      error: { name: 'NonErrorThrownError', value: 'plain string' },
    });
  });
});

describe('WorkflowExecutor events', () => {
  it('emits each event exactly once, in lifecycle order', async () => {
    const events: string[] = [];
    const executor = new WorkflowExecutor();
    const unsubscribe = executor.on((e) => events.push(describeEvent(e)));
    await executor.run(
      defineWorkflow('ev')
        .node('a', () => 1)
        .node('b', () => 2, { dependsOn: ['a'] })
        .build(),
    );
    unsubscribe();
    await executor.run(
      defineWorkflow('ev2')
        .node('a', () => 1)
        .build(),
    );
    expect(events).toEqual([
      'WORKFLOW_STARTED',
      'NODE_STARTED:a',
      'NODE_COMPLETED:a',
      'NODE_STARTED:b',
      'NODE_COMPLETED:b',
      'WORKFLOW_COMPLETED',
    ]);
  });

  it('survives listeners that throw or reject and counts them', async () => {
    const executor = new WorkflowExecutor();
    executor.on(() => {
      throw new Error('listener bug');
    });
    const result = await executor.run(
      defineWorkflow('w')
        .node('a', () => 1)
        .build(),
      { onEvent: () => Promise.reject(new Error('async bug')) },
    );
    await settle();
    expect(result.status).toBe('COMPLETED');
    // Sync throws are counted before the result is built: STARTED, NODE_STARTED, NODE_COMPLETED (and WORKFLOW_COMPLETED after).
    expect(result.listenerErrors).toBeGreaterThanOrEqual(3);
  });

  it('puts the result on the terminal workflow event', async () => {
    let terminal: WorkflowEvent | undefined;
    const result = await new WorkflowExecutor().run(
      defineWorkflow('w')
        .node('a', () => 1)
        .build(),
      {
        onEvent: (e) => {
          if (e.type === 'WORKFLOW_COMPLETED') terminal = e;
        },
      },
    );
    expect(terminal).toMatchObject({ type: 'WORKFLOW_COMPLETED', result });
  });
});

describe('WorkflowExecutor concurrency limits', () => {
  function wideWorkflow(
    id: string,
    width: number,
    gates: Deferred<unknown>[],
    track: { running: number; peak: number },
  ): WorkflowDefinition {
    const builder = defineWorkflow(id);
    for (let i = 0; i < width; i++) {
      builder.node(`n${i}`, async () => {
        track.running++;
        track.peak = Math.max(track.peak, track.running);
        const gate = createDeferred();
        gates.push(gate);
        await gate.promise;
        track.running--;
      });
    }
    return builder.build();
  }

  it('never exceeds the per-workflow limit', async () => {
    const gates: Deferred<unknown>[] = [];
    const track = { running: 0, peak: 0 };
    const handle = new WorkflowExecutor({ workflowConcurrency: 3 }).start(wideWorkflow('w', 10, gates, track));
    for (let released = 0; released < 10; released++) {
      await settle();
      expect(track.running).toBeLessThanOrEqual(3);
      gates[released]?.resolve(undefined);
    }
    expect((await handle.result).status).toBe('COMPLETED');
    expect(track.peak).toBe(3);
  });

  it('shares the global limit fairly across many workflows in one process', async () => {
    const gates: Deferred<unknown>[] = [];
    const track = { running: 0, peak: 0 };
    const executor = new WorkflowExecutor({ concurrency: 4 });
    const startedBy = new Set<string>();
    const handles = Array.from({ length: 5 }, (_, w) =>
      executor.start(wideWorkflow(`w${w}`, 6, gates, track), {
        onEvent: (e) => e.type === 'NODE_STARTED' && startedBy.add(e.workflowId),
      }),
    );
    let released = 0;
    while (released < 30) {
      await settle();
      expect(track.running).toBeLessThanOrEqual(4);
      expect(executor.runningNodeCount).toBe(track.running);
      gates[released++]?.resolve(undefined);
      // Once the first four slots turned over, every workflow must have had a turn (FIFO hand-off, no starvation).
      if (released === 9) expect(startedBy.size).toBe(5);
    }
    const results = await Promise.all(handles.map((h) => h.result));
    expect(results.every((r) => r.status === 'COMPLETED')).toBe(true);
    expect(track.peak).toBe(4);
    expect(executor.activeExecutionIds).toEqual([]);
  });
});

describe('WorkflowExecutor pause, resume and cancel', () => {
  it('pause aborts running nodes, which run again as a new attempt after resume', async () => {
    const signals: AbortSignal[] = [];
    const gate = createDeferred();
    let calls = 0;
    const events: string[] = [];
    const handle = new WorkflowExecutor().start(
      defineWorkflow('p')
        .node('a', (_input, signal) => {
          calls++;
          signals.push(signal);
          return calls === 1 ? new Promise(() => undefined) : gate.promise;
        })
        .node('b', () => 'b', { dependsOn: ['a'] })
        .build(),
      { onEvent: (e) => events.push(describeEvent(e)) },
    );
    await settle();
    handle.pause();
    expect(handle.status).toBe('PAUSED');
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toBeInstanceOf(WorkflowPausedError);
    await settle();
    expect(calls).toBe(1);
    handle.resume();
    await settle();
    expect(calls).toBe(2);
    expect(signals[1]?.aborted).toBe(false);
    gate.resolve('a');
    const result = await handle.result;
    expect(result.status).toBe('COMPLETED');
    expect(result.nodes[0]).toMatchObject({ attempts: 2 });
    expect(events).toEqual([
      'WORKFLOW_STARTED',
      'NODE_STARTED:a',
      'WORKFLOW_PAUSED',
      'NODE_INTERRUPTED:a',
      'WORKFLOW_RESUMED',
      'NODE_STARTED:a',
      'NODE_COMPLETED:a',
      'NODE_STARTED:b',
      'NODE_COMPLETED:b',
      'WORKFLOW_COMPLETED',
    ]);
  });

  it('pause without interrupt lets running nodes finish but starts nothing new', async () => {
    const gate = createDeferred();
    const handle = new WorkflowExecutor().start(
      defineWorkflow('p')
        .node('a', () => gate.promise)
        .node('b', () => 'b', { dependsOn: ['a'] })
        .build(),
    );
    await settle();
    handle.pause({ interrupt: false });
    gate.resolve('a');
    await settle();
    expect(handle.nodeStatus('a')).toBe('COMPLETED');
    expect(handle.nodeStatus('b')).toBe('READY');
    handle.resume();
    expect((await handle.result).status).toBe('COMPLETED');
  });

  it('cancel aborts running nodes, starts nothing more and resolves CANCELLED', async () => {
    let signal: AbortSignal | undefined;
    let laterRan = false;
    const events: string[] = [];
    const handle = new WorkflowExecutor().start(
      defineWorkflow('c')
        .node('hang', (_input, s) => {
          signal = s;
          return new Promise(() => undefined);
        })
        .node('later', () => (laterRan = true), { dependsOn: ['hang'] })
        .build(),
      { onEvent: (e) => events.push(describeEvent(e)) },
    );
    await settle();
    handle.cancel('operator request');
    const result = await handle.result;
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(WorkflowCancelledError);
    expect(result).toMatchObject({
      status: 'CANCELLED',
      error: { name: 'WorkflowCancelledError', cause: 'operator request' },
    });
    expect(statuses(result.nodes)).toEqual({ hang: 'READY', later: 'PENDING' });
    expect(laterRan).toBe(false);
    expect(events).toEqual(['WORKFLOW_STARTED', 'NODE_STARTED:hang', 'NODE_INTERRUPTED:hang', 'WORKFLOW_CANCELLED']);
  });

  it('an aborted run signal cancels, even before the run began', async () => {
    const controller = new AbortController();
    const workflow = defineWorkflow('s')
      .node('a', () => new Promise(() => undefined))
      .build();
    const handle = new WorkflowExecutor().start(workflow, { signal: controller.signal });
    await settle();
    controller.abort(new Error('ci timeout'));
    expect(await handle.result).toMatchObject({ status: 'CANCELLED' });

    const early = new AbortController();
    early.abort();
    let ran = false;
    const result = await new WorkflowExecutor().run(
      defineWorkflow('s2')
        .node('a', () => (ran = true))
        .build(),
      { signal: early.signal },
    );
    expect(result.status).toBe('CANCELLED');
    expect(ran).toBe(false);
  });

  it('a listener may pause the run from inside NODE_STARTED', async () => {
    let calls = 0;
    const executor = new WorkflowExecutor();
    const handle = executor.start(
      defineWorkflow('l')
        .node('a', () => ++calls)
        .build(),
      {
        onEvent: (e) => {
          if (e.type === 'NODE_STARTED' && e.attempt === 1) handle.pause();
        },
      },
    );
    await settle();
    expect(calls).toBe(0);
    handle.resume();
    const result = await handle.result;
    expect(calls).toBe(1);
    expect(result.nodes[0]).toMatchObject({ status: 'COMPLETED', attempts: 2 });
  });
});
