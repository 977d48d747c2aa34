import { describe, expect, it } from 'vitest';
import { createFeatureSet, runPickles } from '../../engines/bdv/index.js';
import { NodeTimeoutError, WorkflowExecutor } from '../../engines/dag/index.js';
import { createLockManager } from '../../engines/sync/index.js';
import {
  findDependencyOrderViolations,
  generateFanOutFanInDag,
  type FaultPlan,
  type NodeFault,
} from '../generators/index.js';
import { registerVocabularySteps } from './bdv-vocabulary.js';
import { createDagEventLog } from './dag-events.js';
import { InjectedNodeFailure, buildDagWorkload } from './dag-workload.js';
import { createSharedLedger, incrementUnderLock, incrementUnprotected } from './shared-ledger.js';

const quiet = (id: string, extra: Partial<NodeFault> = {}): NodeFault => ({
  id,
  failuresBeforeSuccess: 0,
  hang: 'none',
  latencyClass: 'instant',
  latencyMs: 0,
  ...extra,
});

describe('buildDagWorkload', () => {
  it('outputs the independently computed digests and keeps dependency order', async () => {
    const shape = generateFanOutFanInDag({ stages: 2, width: 3, seed: 5 });
    const workload = buildDagWorkload(shape, { workflowId: 'w' });
    const log = createDagEventLog();
    const result = await new WorkflowExecutor().run(workload.definition, { onEvent: log.listener });
    expect(result.status).toBe('COMPLETED');
    for (const node of result.nodes)
      expect(node.status === 'COMPLETED' && node.output).toBe(workload.expectedOutputs[node.id]);
    expect(findDependencyOrderViolations(shape, log.runEvents(result.executionId))).toEqual([]);
    expect(workload.attempts).toHaveLength(shape.length);
  });

  it('fails, retries and hangs as the fault plan says, and records aborted hangs', async () => {
    const shape = [
      { id: 'a', dependsOn: [] },
      { id: 'b', dependsOn: ['a'] },
      { id: 'c', dependsOn: [] },
    ];
    const plan: FaultPlan = {
      seed: 1,
      nodes: { a: quiet('a', { failuresBeforeSuccess: 2 }), b: quiet('b'), c: quiet('c', { hang: 'every-attempt' }) },
    };
    const workload = buildDagWorkload(shape, {
      workflowId: 'w',
      faults: plan,
      retry: { retries: 2, minTimeout: 1 },
      timeoutMs: 30,
    });
    const result = await new WorkflowExecutor().run(workload.definition);
    const byId = Object.fromEntries(result.nodes.map((n) => [n.id, n]));
    expect(byId['a']).toMatchObject({ status: 'COMPLETED', attempts: 3 });
    expect(byId['b']).toMatchObject({ status: 'COMPLETED', attempts: 1 });
    expect(byId['c']).toMatchObject({ status: 'FAILED', attempts: 3 });
    expect(byId['c']?.status === 'FAILED' && byId['c'].error).toBeInstanceOf(NodeTimeoutError);
    const aAttempts = workload.attempts.filter((x) => x.nodeId === 'a').map((x) => x.planned);
    expect(aAttempts).toEqual(['fail', 'fail', 'succeed']);
    const hangs = workload.attempts.filter((x) => x.nodeId === 'c');
    expect(
      hangs.every(
        (h) => h.aborted && h.abortReason?.startsWith('NodeTimeoutError') === true && h.endedAt !== undefined,
      ),
    ).toBe(true);
    expect(new InjectedNodeFailure('a', 1).code).toBe('WORKLOAD_INJECTED_FAILURE');
  });
});

describe('registerVocabularySteps', () => {
  it('runs the vocabulary on the BDV engine and counts real step calls', async () => {
    const steps = registerVocabularySteps();
    const features = createFeatureSet({
      'cart.feature': [
        'Feature: cart',
        '  Scenario: add',
        '    Given a cart with 2 items',
        '    When I add 3 items to the cart',
        '    Then the cart has 5 items',
        '  Scenario: wrong',
        '    Given a cart with 1 items',
        '    Then the cart has 2 items',
        '',
      ].join('\n'),
    });
    const report = await runPickles(features, { registry: steps.registry });
    expect(report.counts.scenarios).toMatchObject({ passed: 1, failed: 1 });
    expect(steps.invocations()).toBe(5);
    expect(steps.invocationsByStep()).toEqual({ 'cart.add': 1, 'cart.given': 2, 'cart.has': 2 });
  });
});

describe('shared ledger', () => {
  it('loses updates without the lock and keeps every one with it', async () => {
    const racy = createSharedLedger();
    await Promise.all(Array.from({ length: 50 }, () => incrementUnprotected(racy, 'w')));
    expect(racy.count).toBeLessThan(50);
    const safe = createSharedLedger();
    const locks = createLockManager();
    await Promise.all(Array.from({ length: 50 }, (_, i) => incrementUnderLock(safe, locks, `o${i}`, 'w')));
    expect(safe.count).toBe(50);
    expect(safe.writesBy).toEqual({ w: 50 });
  });
});
