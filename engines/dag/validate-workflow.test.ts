import { describe, expect, it } from 'vitest';
import { WorkflowValidationError } from './errors.js';
import type { NodeDefinition } from './types.js';
import { validateWorkflow } from './validate-workflow.js';
import { WorkflowExecutor } from './workflow-executor.js';

const run = (): string => 'ok';

describe('validateWorkflow', () => {
  it('finds the same problems in large workflows (looked up through a map) as in small ones (a linear scan)', () => {
    const broken = (size: number): NodeDefinition[] => [
      ...Array.from({ length: size }, (_, i): NodeDefinition => ({
        id: `n${i}`,
        executor: run,
        ...(i > 0 ? { dependsOn: [`n${i - 1}`] } : {}),
      })),
      { id: 'n0', executor: run },
      { id: 'x', executor: run, dependsOn: ['ghost', `n${size - 1}`] },
      { id: 'y', executor: run, dependsOn: ['y'] },
    ];
    for (const size of [3, 100]) {
      const summary = validateWorkflow({ id: `w${size}`, nodes: broken(size) }).problems.map(
        (p) => `${p.code}:${p.nodeId ?? p.path?.join('>') ?? ''}`,
      );
      expect(summary.sort(), `size ${size}`).toEqual(['CYCLE:y>y', 'DUPLICATE_ID:n0', 'UNKNOWN_DEPENDENCY:x']);
    }
  });

  it('collects every problem at once, with node ids and cycle paths', () => {
    const nodes: NodeDefinition[] = [
      { id: 'a', executor: run, dependsOn: ['c'] },
      { id: 'b', executor: run, dependsOn: ['a', 'ghost'] },
      { id: 'c', executor: run, dependsOn: ['b'] },
      { id: 'a', executor: run },
      { id: 'd', executor: run, dependsOn: ['d', 'a', 'a'] },
      { id: 'e', type: 'CONDITIONAL', executor: run },
      { id: 'f' },
      {
        id: 'g',
        executor: run,
        retry: { retries: -1, factor: 0.5, randomize: 2 as unknown as boolean, minTimeout: -5 },
        timeoutMs: 0,
      },
      { id: 'h', executor: run, condition: 'context.x ==' },
      { id: 'i', type: 'BOGUS' as never, executor: run },
      { id: '', executor: run },
    ];
    const result = validateWorkflow({ id: 'broken', nodes });
    expect(result.valid).toBe(false);
    const summary = result.problems.map((p) => `${p.code}:${p.nodeId ?? ''}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        'DUPLICATE_ID:a',
        'UNKNOWN_DEPENDENCY:b',
        'DUPLICATE_DEPENDENCY:d',
        'MISSING_CONDITION:e',
        'MISSING_EXECUTOR:f',
        'INVALID_RETRY_POLICY:g',
        'INVALID_TIMEOUT:g',
        'INVALID_CONDITION:h',
        'INVALID_NODE_TYPE:i',
        'INVALID_NODE_ID:',
      ]),
    );
    expect(result.problems.filter((p) => p.code === 'INVALID_RETRY_POLICY')).toHaveLength(4);
    expect(result.problems.filter((p) => p.code === 'CYCLE').map((p) => p.path)).toEqual([
      ['a', 'c', 'b', 'a'],
      ['d', 'd'],
    ]);
    expect(result.problems.find((p) => p.code === 'CYCLE')?.message).toBe('dependency cycle: a -> c -> b -> a');
  });

  it('accepts empty workflows, disconnected graphs and executor-less group/checkpoint nodes', () => {
    expect(validateWorkflow({ id: 'empty', nodes: [] })).toEqual({ valid: true, problems: [] });
    const disconnected = validateWorkflow({
      id: 'islands',
      nodes: [
        { id: 'a', executor: run },
        { id: 'b', executor: run },
        { id: 'group', type: 'PARALLEL_GROUP', dependsOn: ['a'] },
        { id: 'checkpoint', type: 'CHECKPOINT', dependsOn: ['b'] },
      ],
    });
    expect(disconnected).toEqual({ valid: true, problems: [] });
  });

  it('makes the executor refuse an invalid workflow before running any node', async () => {
    let ran = 0;
    const executor = new WorkflowExecutor();
    const definition = {
      id: 'cyclic',
      nodes: [
        { id: 'x', executor: () => ran++, dependsOn: ['y'] },
        { id: 'y', executor: () => ran++, dependsOn: ['x'] },
        { id: 'z', executor: () => ran++ },
      ],
    };
    expect(() => executor.start(definition)).toThrowError(WorkflowValidationError);
    await expect(executor.run(definition)).rejects.toMatchObject({
      name: 'WorkflowValidationError',
      code: 'DAG_INVALID_WORKFLOW',
      problems: [{ code: 'CYCLE', path: ['x', 'y', 'x'] }],
    });
    expect(ran).toBe(0);
  });
});
