/** A group as Playwright's count split sees it: how many of its tests will run, and how many it has. */
export interface CountedGroup {
  id: string;
  /** Tests not skipped at declaration. */
  active: number;
  tests: number;
}

/**
 * Playwright's built-in split (runner `filterForShard`, 1.65, equal weights), reproduced for comparison: the groups,
 * in the order Playwright lists them, are cut into N contiguous ranges of about equal test count; a group belongs to
 * the shard its first test falls in. Returns the group ids of each shard.
 */
export function splitByCount(groups: readonly CountedGroup[], n: number): string[][] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`shard count must be a positive integer, got ${n}`);
  const active = groups.map((g) => g.active);
  const sizes = active.some((a) => a > 0) ? active : groups.map((g) => g.tests);
  const total = sizes.reduce((a, b) => a + b, 0);
  const shardSizes = Array.from({ length: n }, () => Math.floor(total / n));
  const remainder = total - shardSizes.reduce((a, b) => a + b, 0);
  for (let i = 0; i < remainder; i++) shardSizes[i % n] = (shardSizes[i % n] ?? 0) + 1;
  const shards: string[][] = Array.from({ length: n }, () => []);
  let from = 0;
  for (let shard = 0; shard < n; shard++) {
    const to = from + (shardSizes[shard] ?? 0);
    let current = 0;
    groups.forEach((group, index) => {
      const size = sizes[index] ?? 0;
      // An empty (all-skipped) group goes with the test before it, as Playwright places it.
      const position = size > 0 ? current : Math.max(current - 1, 0);
      if (position >= from && position < to) shards[shard]?.push(group.id);
      current += size;
    });
    from = to;
  }
  return shards;
}
