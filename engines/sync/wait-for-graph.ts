/** An outgoing wait-for edge: the owner waits for `lock`, held by `heldBy`. */
export interface WaitTarget {
  readonly lock: string;
  readonly heldBy: string;
}

export interface CyclePathStep {
  readonly owner: string;
  readonly lock: string;
  readonly heldBy: string;
}

/**
 * Finds a wait-for cycle through `start`: a path start -> ... -> start where each step is "owner waits for a lock
 * held by the next owner". Depth-first over at most every owner once, so O(owners + waits). Targets are visited
 * in sorted order so the reported cycle is the same on every run.
 */
export function findCycleThrough(
  start: string,
  targetsOf: (owner: string) => readonly WaitTarget[],
): CyclePathStep[] | undefined {
  const visited = new Set<string>();
  const path: CyclePathStep[] = [];

  const visit = (owner: string): boolean => {
    visited.add(owner);
    const targets = [...targetsOf(owner)].sort(
      (a, b) => compareStrings(a.lock, b.lock) || compareStrings(a.heldBy, b.heldBy),
    );
    for (const target of targets) {
      path.push({ owner, lock: target.lock, heldBy: target.heldBy });
      if (target.heldBy === start) return true;
      if (!visited.has(target.heldBy) && visit(target.heldBy)) return true;
      path.pop();
    }
    return false;
  };

  return visit(start) ? path : undefined;
}

/**
 * Every distinct wait-for cycle among `owners`, each reported once, rotated to start at its smallest owner.
 * Used by the detect-only mode, where blocked requests stay queued and a watchdog asks who is stuck.
 */
export function findAllCycles(
  owners: Iterable<string>,
  targetsOf: (owner: string) => readonly WaitTarget[],
): CyclePathStep[][] {
  const seen = new Set<string>();
  const cycles: CyclePathStep[][] = [];
  for (const owner of [...owners].sort(compareStrings)) {
    const cycle = findCycleThrough(owner, targetsOf);
    if (cycle === undefined) continue;
    const rotated = rotateToSmallest(cycle);
    const key = rotated.map((step) => `${step.owner}\u0000${step.lock}`).join('\u0001');
    if (seen.has(key)) continue;
    seen.add(key);
    cycles.push(rotated);
  }
  return cycles;
}

function rotateToSmallest(cycle: CyclePathStep[]): CyclePathStep[] {
  let best = 0;
  cycle.forEach((step, index) => {
    if (compareStrings(step.owner, cycle[best]?.owner ?? step.owner) < 0) best = index;
  });
  return [...cycle.slice(best), ...cycle.slice(0, best)];
}

/** Code-unit order: locale-independent, so the global lock order is the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
