import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afferentCounts, indexGraph, insertSorted, topByCoupling } from './graph-index.js';
import type { ImportEdge, ImportGraph } from '../types.js';

function graphOf(files: string[], edges: [string, string, Partial<ImportEdge>?][]): ImportGraph {
  const edgesByFile = new Map<string, ImportEdge[]>(files.map((f) => [f, []]));
  for (const [from, to, extra] of edges) {
    edgesByFile
      .get(from)
      ?.push({ from, to, specifier: to, kind: 'static', typeOnly: false, line: 1, status: 'internal', ...extra });
  }
  return {
    root: '/r',
    files,
    edgesByFile,
    skipped: [],
    notes: [],
    durationMs: 0,
    counters: {
      foldersListed: 0,
      filesDiscovered: 0,
      filesScanned: 0,
      filesParsed: 0,
      cacheHits: 0,
      bytesRead: 0,
      edges: 0,
      internalEdges: 0,
      externalEdges: 0,
      unresolvedEdges: 0,
      filesSkipped: 0,
    },
  };
}

describe('indexGraph', () => {
  it('numbers files in path order and keeps sorted, unique internal dependencies', () => {
    const graph = graphOf(
      ['c.ts', 'a.ts', 'b.ts'],
      [
        ['c.ts', 'b.ts'],
        ['c.ts', 'a.ts'],
        ['c.ts', 'b.ts'],
        ['a.ts', 'x.json'],
        ['a.ts', 'lodash', { status: 'external' }],
        ['b.ts', './gone', { status: 'unresolved' }],
        ['b.ts', 'a.ts', { typeOnly: true }],
      ],
    );
    const indexed = indexGraph(graph, false);
    expect(indexed.files).toEqual(['a.ts', 'b.ts', 'c.ts']);
    expect(indexed.succ).toEqual([[], [], [0, 1]]);
    expect(indexed.internalEdges.map((e) => `${e.from}>${e.to}`)).toEqual([
      'c.ts>b.ts',
      'c.ts>a.ts',
      'c.ts>b.ts',
      'a.ts>x.json',
    ]);
    expect(indexed.internalTo).toEqual([1, 0, 1, -1]);
    expect(indexed.unresolvedImports.map((e) => e.to)).toEqual(['./gone']);
    expect(indexGraph(graph, true).succ[1]).toEqual([0]); // the type-only import counts when included
  });
});

describe('insertSorted and topByCoupling', () => {
  it('insertSorted keeps an array sorted and free of repeats', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 })), (values) => {
        const sorted: number[] = [];
        for (const v of values) insertSorted(sorted, v);
        expect(sorted).toEqual([...new Set(values)].sort((a, b) => a - b));
      }),
      { numRuns: 500, seed: 20_260_107 },
    );
  });

  it('topByCoupling equals a full sort by Ca + Ce, ties by number', () => {
    const succ = fc.integer({ min: 1, max: 30 }).chain((n) =>
      fc.array(
        fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 5 }).map((t) => t.sort((a, b) => a - b)),
        { minLength: n, maxLength: n },
      ),
    );
    fc.assert(
      fc.property(succ, fc.integer({ min: 1, max: 12 }), (s, count) => {
        const afferent = afferentCounts(s);
        const total = (v: number): number => (afferent[v] ?? 0) + (s[v]?.length ?? 0);
        const expected = s
          .map((_, v) => v)
          .sort((a, b) => total(b) - total(a) || a - b)
          .slice(0, count);
        expect(topByCoupling(s, afferent, count)).toEqual(expected);
      }),
      { numRuns: 500, seed: 20_260_108 },
    );
  });
});
