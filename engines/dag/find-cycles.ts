export interface FindCyclesOptions {
  /** Stop after this many cycles (default 50): a dense graph has exponentially many. */
  readonly maxCycles?: number;
  /** Stop after this many search steps (default 200 000). */
  readonly maxSteps?: number;
}

export interface FoundCycles {
  /** Each cycle as its full path, first node repeated last, rotated to start at its smallest id; sorted. */
  readonly cycles: readonly (readonly string[])[];
  /** True when a limit stopped the search (some cycles are not listed). */
  readonly truncated: boolean;
}

/**
 * Finds elementary cycles of a directed graph given as `edges[i]` = indexes that node `i` points to. Strongly
 * connected components (Tarjan, iterative so deep chains cannot overflow the stack) narrow the search; inside each
 * component every cycle is enumerated once, from its smallest member.
 */
export function findCycles(
  ids: readonly string[],
  edges: readonly (readonly number[])[],
  options: FindCyclesOptions = {},
): FoundCycles {
  const maxCycles = options.maxCycles ?? 50;
  const budget = { steps: options.maxSteps ?? 200_000 };
  const cycles: string[][] = [];
  let truncated = false;
  for (const component of findStronglyConnectedComponents(edges)) {
    const isCyclic = component.length > 1 || (edges[component[0] ?? -1] ?? []).includes(component[0] ?? -1);
    if (!isCyclic) continue;
    const complete = enumerateComponentCycles(ids, edges, component, cycles, maxCycles, budget);
    if (!complete) {
      truncated = true;
      break;
    }
  }
  cycles.sort(comparePaths);
  return { cycles, truncated };
}

function enumerateComponentCycles(
  ids: readonly string[],
  edges: readonly (readonly number[])[],
  component: readonly number[],
  out: string[][],
  maxCycles: number,
  budget: { steps: number },
): boolean {
  const members = [...component].sort((a, b) => compareIds(ids[a] ?? '', ids[b] ?? ''));
  const rank = new Map<number, number>(members.map((node, position) => [node, position]));
  for (let k = 0; k < members.length; k++) {
    const start = members[k] as number;
    const path: number[] = [start];
    const onPath = new Set<number>([start]);
    // Explicit stack of neighbour cursors: depth can reach the component size.
    const cursors: number[] = [0];
    while (path.length > 0) {
      if (--budget.steps < 0) return false;
      const depth = path.length - 1;
      const node = path[depth] as number;
      const neighbours = edges[node] ?? [];
      const cursor = cursors[depth] as number;
      if (cursor >= neighbours.length) {
        path.pop();
        cursors.pop();
        onPath.delete(node);
        continue;
      }
      cursors[depth] = cursor + 1;
      const next = neighbours[cursor] as number;
      const nextRank = rank.get(next);
      if (nextRank === undefined || nextRank < k) continue;
      if (next === start) {
        out.push([...path, start].map((index) => ids[index] ?? String(index)));
        if (out.length >= maxCycles) return false;
      } else if (!onPath.has(next)) {
        path.push(next);
        onPath.add(next);
        cursors.push(0);
      }
    }
  }
  return true;
}

function findStronglyConnectedComponents(edges: readonly (readonly number[])[]): number[][] {
  const count = edges.length;
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const components: number[][] = [];
  let nextIndex = 0;
  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    index[root] = low[root] = nextIndex++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1] as [number, number];
      const [node, cursor] = frame;
      const neighbours = edges[node] ?? [];
      if (cursor < neighbours.length) {
        frame[1] = cursor + 1;
        const next = neighbours[cursor] as number;
        if (index[next] === -1) {
          index[next] = low[next] = nextIndex++;
          stack.push(next);
          onStack[next] = 1;
          work.push([next, 0]);
        } else if (onStack[next] === 1) {
          low[node] = Math.min(low[node] as number, index[next] as number);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent[0]] = Math.min(low[parent[0]] as number, low[node] as number);
      if (low[node] === index[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = 0;
          component.push(member);
        } while (member !== node);
        components.push(component);
      }
    }
  }
  return components;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePaths(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareIds(a[i] ?? '', b[i] ?? '');
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
