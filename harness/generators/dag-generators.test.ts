import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dagShapeArbitrary } from './dag-arbitrary.js';
import { generateChainDag, generateFanOutFanInDag, generateLayeredDag } from './dag-generators.js';
import { findDependencyOrderViolations, topologicalOrder } from './dag-shape.js';
import type { DagRunEvent, DagShape } from './dag-shape.js';

function assertWellFormed(shape: DagShape): void {
  const ids = shape.map((node) => node.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const node of shape) for (const dependency of node.dependsOn) expect(ids).toContain(dependency);
  expect(topologicalOrder(shape)).toHaveLength(shape.length);
}

function runSequentially(shape: DagShape): DagRunEvent[] {
  return topologicalOrder(shape).flatMap((id): DagRunEvent[] => [
    { type: 'started', id },
    { type: 'completed', id },
  ]);
}

describe('generateFanOutFanInDag', () => {
  it('builds diamonds in series with the documented node count', () => {
    const shape = generateFanOutFanInDag({ stages: 3, width: 4 });
    assertWellFormed(shape);
    expect(shape).toHaveLength(1 + 3 * (4 + 1));
    expect(shape.find((node) => node.id === 's2.join')?.dependsOn).toEqual(['s2.w0', 's2.w1', 's2.w2', 's2.w3']);
    expect(shape.find((node) => node.id === 's2.w3')?.dependsOn).toEqual(['s1.join']);
  });

  it('draws stage widths within [minWidth, width] deterministically', () => {
    const a = generateFanOutFanInDag({ stages: 20, width: 6, minWidth: 2, seed: 7 });
    expect(generateFanOutFanInDag({ stages: 20, width: 6, minWidth: 2, seed: 7 })).toEqual(a);
    const joins = a.filter((node) => node.id.endsWith('.join'));
    const widths = joins.map((node) => node.dependsOn.length);
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...widths)).toBeLessThanOrEqual(6);
    expect(new Set(widths).size).toBeGreaterThan(1);
  });
});

describe('generateLayeredDag', () => {
  it('is acyclic, deterministic for a seed, and different across seeds', () => {
    const shape = generateLayeredDag({ nodes: 200, layers: 8, maxDependencies: 4, seed: 1 });
    assertWellFormed(shape);
    expect(shape).toHaveLength(200);
    expect(generateLayeredDag({ nodes: 200, layers: 8, maxDependencies: 4, seed: 1 })).toEqual(shape);
    expect(generateLayeredDag({ nodes: 200, layers: 8, maxDependencies: 4, seed: 2 })).not.toEqual(shape);
  });

  it('only points edges at lower layers and keeps every layer fed from the one below', () => {
    const shape = generateLayeredDag({ nodes: 120, layers: 6, seed: 3 });
    const layerOf = (id: string): number => Number(/^L(\d+)\./.exec(id)?.[1]);
    for (const node of shape) {
      for (const dependency of node.dependsOn) expect(layerOf(dependency)).toBeLessThan(layerOf(node.id));
      if (layerOf(node.id) > 0) expect(node.dependsOn.some((d) => layerOf(d) === layerOf(node.id) - 1)).toBe(true);
      expect(node.dependsOn.length).toBeLessThanOrEqual(3);
    }
  });
});

describe('generateChainDag', () => {
  it('links each node to the previous one', () => {
    expect(generateChainDag({ length: 3, idPrefix: 'c' })).toEqual([
      { id: 'c0', dependsOn: [] },
      { id: 'c1', dependsOn: ['c0'] },
      { id: 'c2', dependsOn: ['c1'] },
    ]);
  });
});

describe('dagShapeArbitrary', () => {
  it('yields well-formed acyclic shapes within the size bounds', () => {
    fc.assert(
      fc.property(dagShapeArbitrary({ minNodes: 1, maxNodes: 30 }), (shape) => {
        expect(shape.length).toBeGreaterThanOrEqual(1);
        expect(shape.length).toBeLessThanOrEqual(30);
        assertWellFormed(shape);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('shrinks a failing property to a small counterexample', () => {
    const result = fc.check(
      fc.property(dagShapeArbitrary({ maxNodes: 40 }), (shape) => !shape.some((node) => node.dependsOn.length >= 2)),
      { seed: 5, numRuns: 300 },
    );
    expect(result.failed).toBe(true);
    const [shrunk] = result.counterexample ?? [[]];
    expect(shrunk).toHaveLength(3);
  });
});

describe('findDependencyOrderViolations', () => {
  it('accepts a topological execution and reports early starts and missing completions', () => {
    const shape = generateFanOutFanInDag({ stages: 2, width: 3 });
    expect(findDependencyOrderViolations(shape, runSequentially(shape))).toEqual([]);
    const events: DagRunEvent[] = [
      { type: 'started', id: 'start' },
      { type: 'started', id: 's1.w0' },
      { type: 'completed', id: 'start' },
      { type: 'started', id: 's1.join' },
    ];
    expect(findDependencyOrderViolations(shape, events)).toEqual([
      { id: 's1.w0', dependency: 'start', reason: 'started-before-dependency-completed' },
      { id: 's1.join', dependency: 's1.w0', reason: 'dependency-never-completed' },
      { id: 's1.join', dependency: 's1.w1', reason: 'dependency-never-completed' },
      { id: 's1.join', dependency: 's1.w2', reason: 'dependency-never-completed' },
    ]);
  });

  it('topologicalOrder rejects cycles and unknown dependencies', () => {
    expect(() =>
      topologicalOrder([
        { id: 'a', dependsOn: ['b'] },
        { id: 'b', dependsOn: ['a'] },
      ]),
    ).toThrow(/not acyclic/);
    expect(() => topologicalOrder([{ id: 'a', dependsOn: ['zz'] }])).toThrow(/unknown node zz/);
  });
});
