/**
 * A workflow's edges in compressed sparse rows: the edges of node `i` are `list[offsets[i]]` up to (excluding)
 * `list[offsets[i + 1]]`. Two arrays per direction instead of two small arrays per node: with 10,000 distinct
 * 20-node workflows alive at once, those small arrays were a third of the compiled size and of the garbage.
 */
export interface EdgeLists {
  /** `count + 1` entries, non-decreasing, starting at 0. */
  readonly offsets: readonly number[];
  readonly list: readonly number[];
}

/** Nodes' edges reversed (dependencies into dependents), each node's list in ascending node order. */
export function invertEdgeLists(edges: EdgeLists, count: number): EdgeLists {
  const { offsets, list } = edges;
  const inverted: number[] = new Array<number>(count + 1).fill(0);
  for (let e = 0; e < list.length; e++) {
    const target = list[e] as number;
    inverted[target + 1] = (inverted[target + 1] as number) + 1;
  }
  for (let i = 0; i < count; i++) inverted[i + 1] = (inverted[i + 1] as number) + (inverted[i] as number);
  // Filling from the last node down with decreasing positions leaves every list in ascending order.
  const cursor = inverted.slice(1);
  const reversed: number[] = new Array<number>(list.length);
  for (let source = count - 1; source >= 0; source--) {
    for (let e = offsets[source] as number; e < (offsets[source + 1] as number); e++) {
      const target = list[e] as number;
      const at = (cursor[target] as number) - 1;
      cursor[target] = at;
      reversed[at] = source;
    }
  }
  return { offsets: inverted, list: reversed };
}

/**
 * Scratch space for {@link isAcyclic}, reused across calls (the check is synchronous and not re-entered): two
 * fresh arrays per workflow were a noticeable share of compiling 10,000 small workflows. Large workflows get
 * their own, so the scratch arrays never keep more than a few kB alive.
 */
const SCRATCH_LIMIT = 1024;
const scratchRemaining: number[] = [];
const scratchStack: number[] = [];

/** Kahn's algorithm: true when every node can be ordered (no cycle). `dependents` is `invertEdgeLists(dependencies)`. */
export function isAcyclic(dependencies: EdgeLists, dependents: EdgeLists, count: number): boolean {
  const remaining = count <= SCRATCH_LIMIT ? scratchRemaining : new Array<number>(count);
  const stack = count <= SCRATCH_LIMIT ? scratchStack : new Array<number>(count);
  let top = 0;
  for (let i = 0; i < count; i++) {
    const left = (dependencies.offsets[i + 1] as number) - (dependencies.offsets[i] as number);
    remaining[i] = left;
    if (left === 0) stack[top++] = i;
  }
  let ordered = 0;
  while (top > 0) {
    const node = stack[--top] as number;
    ordered++;
    for (let e = dependents.offsets[node] as number; e < (dependents.offsets[node + 1] as number); e++) {
      const dependent = dependents.list[e] as number;
      const left = (remaining[dependent] as number) - 1;
      remaining[dependent] = left;
      if (left === 0) stack[top++] = dependent;
    }
  }
  return ordered === count;
}

/** One array per node, for the rare paths (cycle enumeration) that want them. */
export function toAdjacencyArrays(edges: EdgeLists, count: number): number[][] {
  const arrays: number[][] = new Array<number[]>(count);
  for (let i = 0; i < count; i++) arrays[i] = edges.list.slice(edges.offsets[i], edges.offsets[i + 1]);
  return arrays;
}
