import { createHash } from 'node:crypto';

/** One elementary cycle: files in import order, starting at the smallest path; the first imports the second. */
export interface ImportCycle {
  /** `cycle-` + 12 hex chars of SHA-1 over the canonical path list: same cycle, same id, on every machine. */
  readonly id: string;
  readonly files: readonly string[];
}

export interface CycleSearchOptions {
  /** Upper bound on cycles returned (default 100). Every cyclic component still yields at least one cycle. */
  readonly maxCycles?: number;
  /** Upper bound on search steps across all components (default 1,000,000), since cycle counts can be exponential. */
  readonly maxSteps?: number;
}

export interface CycleSearchResult {
  readonly cycles: ImportCycle[];
  /** True when a bound stopped the enumeration: there may be more elementary cycles than listed. */
  readonly truncated: boolean;
}

/** Rotates a cycle to start at its smallest path and derives its stable id. */
export function canonicalCycle(files: readonly string[]): ImportCycle {
  let start = 0;
  for (let i = 1; i < files.length; i++) if ((files[i] ?? '') < (files[start] ?? '')) start = i;
  const rotated = [...files.slice(start), ...files.slice(0, start)];
  const id = `cycle-${createHash('sha1').update(rotated.join('\n')).digest('hex').slice(0, 12)}`;
  return { id, files: rotated };
}

/**
 * Lists elementary cycles inside the given strongly connected components with Johnson's algorithm (iterative,
 * bounded). Each component first contributes the shortest cycle through its smallest file (found by BFS, so a
 * component is never left without a witness), then further cycles while the budget lasts.
 */
export function findElementaryCycles(
  adjacency: ReadonlyMap<string, readonly string[]>,
  components: readonly (readonly string[])[],
  options: CycleSearchOptions = {},
): CycleSearchResult {
  const maxCycles = options.maxCycles ?? 100;
  let stepsLeft = options.maxSteps ?? 1_000_000;
  const seen = new Set<string>();
  const cycles: ImportCycle[] = [];
  let truncated = false;
  const add = (files: readonly string[]): void => {
    const c = canonicalCycle(files);
    if (seen.has(c.id)) return;
    seen.add(c.id);
    cycles.push(c);
  };

  for (const component of components) {
    const first = shortestCycleThrough(adjacency, component);
    if (first !== undefined) add(first);
  }
  for (const component of components) {
    if (cycles.length >= maxCycles || stepsLeft <= 0) {
      truncated = true;
      break;
    }
    const outcome = johnson(adjacency, component, stepsLeft, add, () => cycles.length >= maxCycles);
    stepsLeft -= outcome.steps;
    if (outcome.stopped) truncated = true;
  }
  cycles.sort((a, b) => {
    const x = a.files.join('\n');
    const y = b.files.join('\n');
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return { cycles, truncated };
}

function shortestCycleThrough(
  adjacency: ReadonlyMap<string, readonly string[]>,
  component: readonly string[],
): string[] | undefined {
  const members = new Set(component);
  const start = component[0];
  if (start === undefined) return undefined;
  if ((adjacency.get(start) ?? []).includes(start)) return [start];
  const parent = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v: string = queue[head] ?? start;
    for (const w of adjacency.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        for (let p: string | undefined = parent.get(v); p !== undefined; p = parent.get(p)) path.push(p);
        return path.reverse();
      }
      if (!parent.has(w) && w !== start) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return undefined;
}

interface JohnsonOutcome {
  readonly steps: number;
  readonly stopped: boolean;
}

function johnson(
  adjacency: ReadonlyMap<string, readonly string[]>,
  component: readonly string[],
  stepBudget: number,
  emit: (files: readonly string[]) => void,
  full: () => boolean,
): JohnsonOutcome {
  const nodes = [...component].sort();
  const idx = new Map<string, number>();
  nodes.forEach((n, i) => idx.set(n, i));
  const succAll = nodes.map((n) =>
    (adjacency.get(n) ?? []).map((t) => idx.get(t)).filter((t): t is number => t !== undefined),
  );
  let steps = 0;
  // Allocated once and reset through `touched`: per-round allocation made a 5,000-node ring quadratic in memory.
  const blocked = new Uint8Array(nodes.length);
  const blockers: (Set<number> | undefined)[] = new Array<Set<number> | undefined>(nodes.length);
  const touched: number[] = [];
  // A cycle found in round s returns to s from a node >= s; without such a predecessor the round finds nothing.
  const maxPredecessor = new Int32Array(nodes.length).fill(-1);
  succAll.forEach((targets, v) => {
    for (const w of targets) maxPredecessor[w] = Math.max(maxPredecessor[w] ?? -1, v);
  });
  for (let s = 0; s < nodes.length; s++) {
    if ((maxPredecessor[s] ?? -1) < s) continue;
    for (const t of touched) {
      blocked[t] = 0;
      blockers[t]?.clear();
    }
    touched.length = 0;
    // Johnson restricts each round to nodes >= s: every cycle is found exactly once, from its smallest node.
    const succ = (v: number): number[] => (succAll[v] ?? []).filter((w) => w >= s);
    const unblock = (u: number): void => {
      const work = [u];
      while (work.length > 0) {
        const x = work.pop() ?? u;
        if (blocked[x] === 0) continue;
        blocked[x] = 0;
        const b = blockers[x];
        if (b) {
          for (const w of b) work.push(w);
          b.clear();
        }
      }
    };
    const path = [s];
    blocked[s] = 1;
    touched.push(s);
    const frames: { v: number; next: number[]; i: number; found: boolean }[] = [
      { v: s, next: succ(s), i: 0, found: false },
    ];
    while (frames.length > 0) {
      if (++steps > stepBudget) return { steps, stopped: true };
      const f = frames[frames.length - 1];
      if (f === undefined) break;
      if (f.i < f.next.length) {
        const w = f.next[f.i++] ?? s;
        if (w === s) {
          emit(path.map((p) => nodes[p] ?? ''));
          f.found = true;
          if (full()) return { steps, stopped: true };
        } else if (blocked[w] === 0) {
          path.push(w);
          blocked[w] = 1;
          touched.push(w);
          frames.push({ v: w, next: succ(w), i: 0, found: false });
        }
        continue;
      }
      frames.pop();
      path.pop();
      if (f.found) unblock(f.v);
      else {
        for (const w of f.next) {
          let b = blockers[w];
          if (b === undefined) blockers[w] = b = new Set<number>();
          b.add(f.v);
          touched.push(w);
        }
      }
      const parent = frames[frames.length - 1];
      if (parent && f.found) parent.found = true;
    }
  }
  return { steps, stopped: false };
}
