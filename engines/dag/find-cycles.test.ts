import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCycles } from './find-cycles.js';

function graph(edges: Record<string, string[]>): [string[], number[][]] {
  const ids = Object.keys(edges);
  return [ids, ids.map((id) => (edges[id] ?? []).map((target) => ids.indexOf(target)))];
}

describe('findCycles', () => {
  it('reports every elementary cycle as its full path, rotated to the smallest id and sorted', () => {
    const [ids, edges] = graph({ c: ['a'], a: ['b'], b: ['c', 'a'], d: ['d'], e: [] });
    expect(findCycles(ids, edges)).toEqual({
      cycles: [
        ['a', 'b', 'a'],
        ['a', 'b', 'c', 'a'],
        ['d', 'd'],
      ],
      truncated: false,
    });
  });

  it('finds nothing in a DAG', () => {
    const [ids, edges] = graph({ a: ['b', 'c'], b: ['d'], c: ['d'], d: [] });
    expect(findCycles(ids, edges).cycles).toEqual([]);
  });

  it('stops at maxCycles and says so', () => {
    // A complete digraph on 6 nodes has hundreds of elementary cycles.
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const edges = ids.map((_, i) => ids.map((__, j) => j).filter((j) => j !== i));
    const found = findCycles(ids, edges, { maxCycles: 10 });
    expect(found.cycles).toHaveLength(10);
    expect(found.truncated).toBe(true);
  });

  it('handles a 20 000-node chain closing on itself without overflowing the stack', () => {
    const size = 20_000;
    const ids = Array.from({ length: size }, (_, i) => `n${String(i).padStart(5, '0')}`);
    const edges = ids.map((_, i) => [(i + 1) % size]);
    const found = findCycles(ids, edges);
    expect(found.cycles).toHaveLength(1);
    expect(found.cycles[0]).toHaveLength(size + 1);
  });

  it('property: reports a cycle iff the graph has one, and each reported path is a real cycle', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 12 })
          .chain((size) =>
            fc.tuple(fc.constant(size), fc.array(fc.tuple(fc.nat(size - 1), fc.nat(size - 1)), { maxLength: 20 })),
          ),
        ([size, pairs]) => {
          const ids = Array.from({ length: size }, (_, i) => `n${i}`);
          const edges: number[][] = ids.map(() => []);
          for (const [from, to] of pairs) if (!edges[from]?.includes(to)) edges[from]?.push(to);
          const found = findCycles(ids, edges, { maxCycles: 1_000 });
          for (const path of found.cycles) {
            expect(path[0]).toBe(path.at(-1));
            for (let i = 0; i + 1 < path.length; i++) {
              expect(edges[ids.indexOf(path[i] as string)]).toContain(ids.indexOf(path[i + 1] as string));
            }
          }
          expect(found.cycles.length > 0).toBe(!hasTopologicalOrder(edges));
        },
      ),
      { seed: 20240301, numRuns: 300 },
    );
  });
});

function hasTopologicalOrder(edges: readonly number[][]): boolean {
  const indegree = edges.map(() => 0);
  for (const targets of edges) for (const target of targets) indegree[target] = (indegree[target] ?? 0) + 1;
  const queue = indegree.flatMap((degree, index) => (degree === 0 ? [index] : []));
  let visited = 0;
  while (queue.length > 0) {
    const node = queue.pop() as number;
    visited++;
    for (const target of edges[node] ?? []) {
      indegree[target] = (indegree[target] ?? 0) - 1;
      if (indegree[target] === 0) queue.push(target);
    }
  }
  return visited === edges.length;
}
