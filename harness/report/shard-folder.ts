/** Playwright's shard, as in `FullConfig.shard`. */
export interface ShardSpec {
  readonly current: number;
  readonly total: number;
}

/** Parses `--shard i/N` or `--shard=i/N` from a command line; undefined when not sharded. */
export function parseShardArg(argv: readonly string[]): ShardSpec | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value =
      arg === '--shard' ? argv[i + 1] : arg.startsWith('--shard=') ? arg.slice('--shard='.length) : undefined;
    if (value === undefined) continue;
    const match = /^(\d+)\/(\d+)$/.exec(value);
    if (match === null) throw new RangeError(`--shard expects i/N (e.g. 1/4), got "${value}"`);
    const current = Number(match[1]);
    const total = Number(match[2]);
    if (current < 1 || current > total) throw new RangeError(`--shard ${value}: i must be between 1 and N`);
    return { current, total };
  }
  return undefined;
}

/** The results folder name of a shard: `shard-1-of-4`, or `local` for an unsharded run. */
export function shardFolderName(shard: ShardSpec | null | undefined): string {
  return shard === null || shard === undefined ? 'local' : `shard-${shard.current}-of-${shard.total}`;
}
