import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateChainDag, generateFanOutFanInDag, generateLayeredDag } from './dag-generators.js';
import { attemptOutcome, faultPlanArbitrary, faultPlanFor, predictNodeStatuses } from './fault-plan.js';

describe('faultPlanFor', () => {
  const shape = generateLayeredDag({ nodes: 100, layers: 5, seed: 9 });

  it('chooses exact, disjoint shares of failing and hanging nodes, deterministically', () => {
    const plan = faultPlanFor(shape, { failureRate: 0.2, hangRate: 0.05, maxFailuresPerNode: 3 }, 11);
    const faults = Object.values(plan.nodes);
    expect(faults).toHaveLength(100);
    expect(faults.filter((f) => f.hang !== 'none')).toHaveLength(5);
    const failing = faults.filter((f) => f.failuresBeforeSuccess > 0);
    expect(failing).toHaveLength(20);
    expect(failing.every((f) => f.hang === 'none' && f.failuresBeforeSuccess <= 3)).toBe(true);
    expect(faultPlanFor(shape, { failureRate: 0.2, hangRate: 0.05, maxFailuresPerNode: 3 }, 11)).toEqual(plan);
    expect(faultPlanFor(shape, { failureRate: 0.2, hangRate: 0.05, maxFailuresPerNode: 3 }, 12)).not.toEqual(plan);
  });

  it('keeps latencies within their class ranges and honours weights', () => {
    const plan = faultPlanFor(
      shape,
      {
        failureRate: 0,
        hangRate: 0,
        maxFailuresPerNode: 0,
        latencyWeights: { instant: 0, fast: 0, medium: 0, slow: 1 },
      },
      1,
    );
    for (const fault of Object.values(plan.nodes)) {
      expect(fault.latencyClass).toBe('slow');
      expect(fault.latencyMs).toBeGreaterThanOrEqual(100);
      expect(fault.latencyMs).toBeLessThanOrEqual(250);
    }
  });

  it('rejects rates outside [0, 1]', () => {
    expect(() => faultPlanFor(shape, { failureRate: 1.5, hangRate: 0, maxFailuresPerNode: 1 }, 1)).toThrow(RangeError);
  });
});

describe('attemptOutcome and predictNodeStatuses', () => {
  it('replays failures, hangs and success in attempt order', () => {
    const base = { id: 'x', latencyClass: 'instant', latencyMs: 0 } as const;
    expect([1, 2, 3].map((a) => attemptOutcome({ ...base, failuresBeforeSuccess: 2, hang: 'none' }, a))).toEqual([
      'fail',
      'fail',
      'succeed',
    ]);
    expect(
      [1, 2, 3].map((a) => attemptOutcome({ ...base, failuresBeforeSuccess: 1, hang: 'first-attempt' }, a)),
    ).toEqual(['hang', 'fail', 'succeed']);
    expect(attemptOutcome({ ...base, failuresBeforeSuccess: 0, hang: 'every-attempt' }, 9)).toBe('hang');
  });

  it('fails a node whose failures exceed the retry budget and blocks everything downstream', () => {
    const chain = generateChainDag({ length: 4 });
    const plan = faultPlanFor(chain, { failureRate: 0, hangRate: 0, maxFailuresPerNode: 0 }, 1);
    const nodes = { ...plan.nodes, n1: { ...plan.nodes['n1']!, failuresBeforeSuccess: 3 } };
    expect(predictNodeStatuses(chain, { ...plan, nodes }, { maxAttempts: 3 })).toEqual({
      n0: 'COMPLETED',
      n1: 'FAILED',
      n2: 'BLOCKED',
      n3: 'BLOCKED',
    });
    expect(predictNodeStatuses(chain, { ...plan, nodes }, { maxAttempts: 4 })).toEqual({
      n0: 'COMPLETED',
      n1: 'COMPLETED',
      n2: 'COMPLETED',
      n3: 'COMPLETED',
    });
    const hanging = { ...plan.nodes, n2: { ...plan.nodes['n2']!, hang: 'first-attempt' as const } };
    expect(predictNodeStatuses(chain, { ...plan, nodes: hanging }, { maxAttempts: 2 }).n3).toBe('COMPLETED');
    expect(predictNodeStatuses(chain, { ...plan, nodes: hanging }, { maxAttempts: 2, retryTimeouts: false }).n3).toBe(
      'BLOCKED',
    );
  });
});

describe('faultPlanArbitrary', () => {
  it('covers every node and shrinks to a single relevant fault', () => {
    const shape = generateFanOutFanInDag({ stages: 2, width: 5 });
    const arbitrary = faultPlanArbitrary(shape, { failureRate: 0.5, hangRate: 0.2, maxFailuresPerNode: 4 });
    const result = fc.check(
      fc.property(arbitrary, (plan) => {
        expect(Object.keys(plan.nodes).sort()).toEqual(shape.map((n) => n.id).sort());
        return Object.values(plan.nodes).filter((f) => f.failuresBeforeSuccess > 0 || f.hang !== 'none').length < 2;
      }),
      { seed: 3, numRuns: 200 },
    );
    expect(result.failed).toBe(true);
    const [shrunk] = result.counterexample ?? [];
    const faulty = Object.values(shrunk?.nodes ?? {}).filter((f) => f.failuresBeforeSuccess > 0 || f.hang !== 'none');
    expect(faulty).toHaveLength(2);
    expect(faulty.every((f) => f.failuresBeforeSuccess <= 1)).toBe(true);
  });
});
