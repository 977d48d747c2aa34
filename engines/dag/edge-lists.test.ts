import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invertEdgeLists, isAcyclic, toAdjacencyArrays, type EdgeLists } from './edge-lists.js';

function fromArrays(arrays: readonly (readonly number[])[]): EdgeLists {
  const offsets = [0];
  const list: number[] = [];
  for (const edges of arrays) {
    list.push(...edges);
    offsets.push(list.length);
  }
  return { offsets, list };
}

const graphs = fc.integer({ min: 0, max: 12 }).chain((count) =>
  fc.array(fc.uniqueArray(fc.integer({ min: 0, max: Math.max(0, count - 1) }), { maxLength: count }), {
    minLength: count,
    maxLength: count,
  }),
);

describe('edge lists', () => {
  it('inverts edges into ascending per-node lists and round-trips through adjacency arrays', () => {
    fc.assert(
      fc.property(graphs, (arrays) => {
        const count = arrays.length;
        const edges = fromArrays(arrays);
        expect(toAdjacencyArrays(edges, count)).toEqual(arrays);
        const expected = arrays.map((_, target) =>
          arrays.flatMap((sources, source) => (sources.includes(target) ? [source] : [])),
        );
        expect(toAdjacencyArrays(invertEdgeLists(edges, count), count)).toEqual(expected);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('tells acyclic graphs from cyclic ones', () => {
    const check = (arrays: number[][]): boolean => {
      const edges = fromArrays(arrays);
      return isAcyclic(edges, invertEdgeLists(edges, arrays.length), arrays.length);
    };
    expect(check([])).toBe(true);
    expect(check([[], [0], [0, 1], [2]])).toBe(true);
    expect(check([[3], [0], [0, 1], [2]])).toBe(false);
    expect(check([[0]])).toBe(false);
    expect(check([[], [2], [1]])).toBe(false);
  });
});
