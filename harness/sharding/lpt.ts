/** Something to place on a shard: a group of tests that stays together, with its planned duration. */
export interface Job {
  id: string;
  ms: number;
}

/** Which jobs each shard runs (job ids in placement order) and each shard's planned load. */
export interface Assignment {
  shards: string[][];
  loads: number[];
}

/** The slowest shard's load. */
export function makespanOf(loads: readonly number[]): number {
  return loads.reduce((max, load) => Math.max(max, load), 0);
}

/** No split of these jobs onto `n` shards finishes sooner: max(total / n, longest job). */
export function lowerBoundOf(jobs: readonly Job[], n: number): number {
  const total = jobs.reduce((sum, j) => sum + j.ms, 0);
  return Math.max(
    total / n,
    jobs.reduce((max, j) => Math.max(max, j.ms), 0),
  );
}

/** Longest first, then by id (code-unit order, the same in every locale), so equal inputs give equal plans. */
function byLongestFirst(a: Job, b: Job): number {
  return b.ms - a.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function checkShards(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`shard count must be a positive integer, got ${n}`);
}

/**
 * Longest-processing-time-first (Graham 1969): jobs in decreasing duration, each onto the least loaded shard (the
 * lowest index on a tie). Its slowest shard is at most (4/3 - 1/(3n)) times the optimum. The input order does not
 * matter: jobs are sorted by duration, then id.
 */
export function assignLongestFirst(jobs: readonly Job[], n: number): Assignment {
  checkShards(n);
  const shards: string[][] = Array.from({ length: n }, () => []);
  const loads = new Array<number>(n).fill(0);
  for (const job of [...jobs].sort(byLongestFirst)) {
    let target = 0;
    for (let i = 1; i < n; i++) if ((loads[i] ?? 0) < (loads[target] ?? 0)) target = i;
    shards[target]?.push(job.id);
    loads[target] = (loads[target] ?? 0) + job.ms;
  }
  return { shards, loads };
}

/** Index of the first element of `sorted` (ascending ms) with ms >= value. */
function lowerIndex(sorted: readonly Job[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid]?.ms ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Change {
  to: number;
  out: Job;
  back?: Job;
  newPairMax: number;
}

/**
 * Improves an assignment by local search on the slowest shard: move one of its jobs to another shard, or swap one of
 * its jobs with a shorter one elsewhere, whenever that lowers the larger of the two loads; the best such change is
 * made each round, until none helps. It never makes the slowest shard slower, so LPT's bound still holds; it closes
 * most of the gap LPT leaves when a few long jobs dominate. Deterministic: ties go to the lowest shard and job order.
 */
export function refineAssignment(jobs: readonly Job[], start: Assignment, maxRounds = 10_000): Assignment {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const shards = start.shards.map((ids) => ids.map((id) => byId.get(id)).filter((j): j is Job => j !== undefined));
  const loads = shards.map((list) => list.reduce((sum, j) => sum + j.ms, 0));
  const epsilon = 1e-9 * Math.max(1, makespanOf(loads));
  for (let round = 0; round < maxRounds; round++) {
    let worst = 0;
    for (let i = 1; i < loads.length; i++) if ((loads[i] ?? 0) > (loads[worst] ?? 0)) worst = i;
    const top = loads[worst] ?? 0;
    let best: Change | undefined;
    for (let to = 0; to < shards.length; to++) {
      const other = loads[to] ?? 0;
      if (to === worst || other >= top - epsilon) continue;
      const gap = top - other;
      const sortedOther = [...(shards[to] ?? [])].sort((a, b) => a.ms - b.ms || (a.id < b.id ? -1 : 1));
      for (const out of shards[worst] ?? []) {
        // A move of `out` (delta out.ms), or a swap for `back` (delta out.ms - back.ms): the pair's max is
        // max(top - delta, other + delta), lowest when delta is nearest gap / 2, and an improvement only for 0 < delta < gap.
        const consider = (delta: number, back: Job | undefined): void => {
          if (delta <= epsilon || delta >= gap - epsilon) return;
          const newPairMax = Math.max(top - delta, other + delta);
          if (best === undefined || newPairMax < best.newPairMax - epsilon)
            best = { to, out, ...(back !== undefined ? { back } : {}), newPairMax };
        };
        consider(out.ms, undefined);
        const at = lowerIndex(sortedOther, out.ms - gap / 2);
        for (const index of [at - 1, at]) {
          const back = sortedOther[index];
          if (back !== undefined) consider(out.ms - back.ms, back);
        }
      }
    }
    if (best === undefined) break;
    const { to, out, back } = best;
    shards[worst] = (shards[worst] ?? []).filter((j) => j !== out);
    shards[to] = [...(shards[to] ?? []).filter((j) => j !== back), out];
    if (back !== undefined) shards[worst]?.push(back);
    const delta = out.ms - (back?.ms ?? 0);
    loads[worst] = top - delta;
    loads[to] = (loads[to] ?? 0) + delta;
  }
  // Summed afresh: the running loads above carry rounding from every change.
  return {
    shards: shards.map((list) => list.map((j) => j.id)),
    loads: shards.map((list) => list.reduce((sum, j) => sum + j.ms, 0)),
  };
}

/** The plan's assignment: LPT, then {@link refineAssignment}. */
export function planAssignment(jobs: readonly Job[], n: number): Assignment {
  return refineAssignment(jobs, assignLongestFirst(jobs, n));
}
