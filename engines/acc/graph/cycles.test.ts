import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalCycle, findElementaryCycles } from './elementary-cycles.js';
import { findStronglyConnectedComponents } from './strongly-connected.js';

type Adjacency = Map<string, string[]>;

function toAdjacency(n: number, edges: readonly [number, number][]): Adjacency {
  const name = (i: number): string => `f${String(i).padStart(2, '0')}.ts`;
  const adjacency: Adjacency = new Map();
  for (let i = 0; i < n; i++) adjacency.set(name(i), []);
  for (const [a, b] of edges) {
    const list = adjacency.get(name(a)) ?? [];
    if (!list.includes(name(b))) list.push(name(b));
    adjacency.set(name(a), list.sort());
  }
  return adjacency;
}

/** Reference: u and v share an SCC iff each reaches the other (plain DFS reachability, no Tarjan). */
function referenceCyclicComponents(adjacency: Adjacency): string[][] {
  const reach = (from: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [...(adjacency.get(from) ?? [])];
    while (stack.length > 0) {
      const v = stack.pop() ?? '';
      if (seen.has(v)) continue;
      seen.add(v);
      stack.push(...(adjacency.get(v) ?? []));
    }
    return seen;
  };
  const reachable = new Map([...adjacency.keys()].map((k) => [k, reach(k)]));
  const assigned = new Set<string>();
  const out: string[][] = [];
  for (const v of [...adjacency.keys()].sort()) {
    if (assigned.has(v) || !reachable.get(v)?.has(v)) continue;
    const members = [...adjacency.keys()].filter((w) => reachable.get(v)?.has(w) && reachable.get(w)?.has(v)).sort();
    members.forEach((m) => assigned.add(m));
    out.push(members);
  }
  return out;
}

/** Reference: every elementary cycle by brute-force DFS from each smallest node. */
function referenceCycles(adjacency: Adjacency): string[] {
  const found = new Set<string>();
  const nodes = [...adjacency.keys()].sort();
  for (const start of nodes) {
    const walk = (v: string, path: string[]): void => {
      for (const w of adjacency.get(v) ?? []) {
        if (w === start) found.add(canonicalCycle(path).id);
        else if (w > start && !path.includes(w)) walk(w, [...path, w]);
      }
    };
    walk(start, [start]);
  }
  return [...found].sort();
}

const graphArb = fc
  .integer({ min: 1, max: 9 })
  .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 3 })));

describe('cycle analysis', () => {
  it('finds the same cyclic SCCs as a reachability reference', () => {
    fc.assert(
      fc.property(graphArb, ([n, edges]) => {
        const adjacency = toAdjacency(n, edges);
        expect(findStronglyConnectedComponents(adjacency)).toEqual(referenceCyclicComponents(adjacency));
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  it('enumerates exactly the elementary cycles when unbounded, each one a real cycle', () => {
    fc.assert(
      fc.property(graphArb, ([n, edges]) => {
        const adjacency = toAdjacency(n, edges);
        const sccs = findStronglyConnectedComponents(adjacency);
        const result = findElementaryCycles(adjacency, sccs, { maxCycles: 100_000 });
        expect(result.truncated).toBe(false);
        expect(result.cycles.map((c) => c.id).sort()).toEqual(referenceCycles(adjacency));
        for (const cycle of result.cycles) {
          expect(new Set(cycle.files).size).toBe(cycle.files.length);
          cycle.files.forEach((f, i) => expect(adjacency.get(f)).toContain(cycle.files[(i + 1) % cycle.files.length]));
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('keeps at least one witness per SCC when the bound truncates', () => {
    // Two complete graphs of 6 nodes: hundreds of cycles each.
    const edges: [number, number][] = [];
    for (const base of [0, 6])
      for (let a = 0; a < 6; a++) for (let b = 0; b < 6; b++) if (a !== b) edges.push([base + a, base + b]);
    const adjacency = toAdjacency(12, edges);
    const sccs = findStronglyConnectedComponents(adjacency);
    const result = findElementaryCycles(adjacency, sccs, { maxCycles: 5 });
    expect(result.truncated).toBe(true);
    expect(result.cycles).toHaveLength(5);
    for (const scc of sccs) expect(result.cycles.some((c) => c.files.every((f) => scc.includes(f)))).toBe(true);
  });

  it('gives a cycle the same id whatever node it is reported from', () => {
    const a = canonicalCycle(['b.ts', 'c.ts', 'a.ts']);
    const b = canonicalCycle(['a.ts', 'b.ts', 'c.ts']);
    expect(a).toEqual(b);
    expect(a.files).toEqual(['a.ts', 'b.ts', 'c.ts']);
    expect(a.id).toMatch(/^cycle-[0-9a-f]{12}$/);
    expect(canonicalCycle(['a.ts', 'c.ts', 'b.ts']).id).not.toBe(a.id);
  });

  it('handles a 5,000-file import chain closed into one ring without recursion', () => {
    const adjacency: Adjacency = new Map();
    for (let i = 0; i < 5000; i++)
      adjacency.set(`m${String(i).padStart(4, '0')}`, [`m${String((i + 1) % 5000).padStart(4, '0')}`]);
    const sccs = findStronglyConnectedComponents(adjacency);
    expect(sccs).toHaveLength(1);
    expect(sccs[0]).toHaveLength(5000);
    expect(findElementaryCycles(adjacency, sccs).cycles[0]?.files).toHaveLength(5000);
  });
});
