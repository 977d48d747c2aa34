/**
 * Tarjan's strongly connected components, iterative so a 5,000-file import chain cannot overflow the stack.
 * Returns only components that contain a cycle (two or more nodes, or one node importing itself), each sorted,
 * the list sorted by first member: the same graph always gives the same output.
 */
export function findStronglyConnectedComponents(adjacency: ReadonlyMap<string, readonly string[]>): string[][] {
  const nodes = [...adjacency.keys()].sort();
  const indexOf = new Map<string, number>();
  nodes.forEach((n, i) => indexOf.set(n, i));
  const succ: number[][] = nodes.map((n) => {
    const targets = adjacency.get(n) ?? [];
    const out: number[] = [];
    for (let i = 0; i < targets.length; i++) {
      const t = indexOf.get(targets[i] ?? '');
      if (t !== undefined) out.push(t);
    }
    return out;
  });
  return stronglyConnectedIndices(succ).map((members) => members.map((m) => nodes[m] ?? ''));
}

/**
 * The same over numbered nodes (`succ[v]`: v's successors): members ascending, components by first member. With
 * nodes numbered in path order this is exactly the order findStronglyConnectedComponents gives.
 */
export function stronglyConnectedIndices(succ: readonly (readonly number[])[]): number[][] {
  const count = succ.length;
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const callNode: number[] = [];
  const callEdge: number[] = [];
  const result: number[][] = [];
  let counter = 0;

  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    callNode.push(root);
    callEdge.push(0);
    while (callNode.length > 0) {
      const top = callNode.length - 1;
      const v = callNode[top] ?? 0;
      const edges = succ[v] ?? [];
      const i = callEdge[top] ?? 0;
      if (i < edges.length) {
        callEdge[top] = i + 1;
        const w = edges[i] ?? 0;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          callNode.push(w);
          callEdge.push(0);
        } else if (onStack[w] === 1) {
          low[v] = Math.min(low[v] ?? 0, index[w] ?? 0);
        }
        continue;
      }
      callNode.pop();
      callEdge.pop();
      const parent = callNode[callNode.length - 1];
      if (parent !== undefined) low[parent] = Math.min(low[parent] ?? 0, low[v] ?? 0);
      if (low[v] === index[v]) {
        const members: number[] = [];
        let w: number;
        do {
          w = stack.pop() ?? v;
          onStack[w] = 0;
          members.push(w);
        } while (w !== v);
        if (members.length > 1 || edges.includes(v)) result.push(members.sort((a, b) => a - b));
      }
    }
  }
  return result.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}
