import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { predictNodeStatuses } from './fault-plan.js';
import { hangLoadFor } from './hang-load.js';

/** E2E-115's retry policy allows two attempts; its load has 50 nodes at scale 1, so 13 at the quick scale 0.25. */
const MAX_ATTEMPTS = 2;
const nodesAtScale = (scale: number): number => Math.max(1, Math.round(50 * scale));

function outcome(nodes: number, seed: number): { completed: number; hanging: number } {
  const { shape, plan } = hangLoadFor({ nodes, seed });
  const statuses = Object.values(predictNodeStatuses(shape, plan, { maxAttempts: MAX_ATTEMPTS }));
  return {
    completed: statuses.filter((s) => s === 'COMPLETED').length,
    hanging: Object.values(plan.nodes).filter((f) => f.hang !== 'none').length,
  };
}

describe('hangLoadFor (the E2E-115 load)', () => {
  it('completes a node for the seeds that once generated a load where nothing could complete', () => {
    for (const seed of [986584684, 2002054300]) {
      const { completed, hanging } = outcome(nodesAtScale(0.25), seed);
      expect(completed).toBeGreaterThan(0);
      expect(hanging).toBe(3);
    }
  });

  it('has a completable node and a hanging one for any seed at any scale from 0.25 up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.double({ min: 0.25, max: 4, noNaN: true }),
        (seed, scale) => {
          const { completed, hanging } = outcome(nodesAtScale(scale), seed);
          expect(completed).toBeGreaterThan(0);
          expect(hanging).toBeGreaterThan(0);
        },
      ),
      { seed: 115, numRuns: 300 },
    );
  });

  it('keeps the hanging share exact and leaves the spared node a root without fault', () => {
    const { shape, plan } = hangLoadFor({ nodes: 50, seed: 7 });
    const faults = Object.values(plan.nodes);
    expect(faults.filter((f) => f.hang === 'every-attempt')).toHaveLength(10);
    const healthyRoots = shape.filter((n) => n.dependsOn.length === 0 && plan.nodes[n.id]?.hang === 'none');
    expect(healthyRoots.length).toBeGreaterThan(0);
    expect(hangLoadFor({ nodes: 50, seed: 7 })).toEqual({ shape, plan });
  });

  it('never hangs every node, even at a hang rate of 1', () => {
    const { shape, plan } = hangLoadFor({ nodes: 6, seed: 3, hangRate: 1 });
    expect(Object.values(plan.nodes).filter((f) => f.hang !== 'none')).toHaveLength(5);
    expect(Object.values(predictNodeStatuses(shape, plan, { maxAttempts: MAX_ATTEMPTS }))).toContain('COMPLETED');
  });
});
