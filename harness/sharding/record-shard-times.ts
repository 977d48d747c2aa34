import { formatMs } from './describe-plan.js';
import { readShardPlanRecords } from './plan-record.js';
import { balanceFloor } from './shard-cost.js';
import { appendShardTimes, type ShardTimeLine } from './shard-times.js';

export interface RecordShardTimesOptions {
  resultsDirs: readonly string[];
  /** The shard-times file (beside the run history). */
  file: string;
  runId: string;
  scale: number;
  workers: number | string;
  /** Each shard's `playwright test` process wall time by `i/N`, when this process started the shards. */
  processMs?: ReadonlyMap<string, number>;
  /** False: compute the lines and the floor, write nothing (a run that is not recorded). */
  write: boolean;
  now?: number;
}

/**
 * After a merged sharded run: what each shard took and held (its plan record's measured part, plus the process time
 * when known) appended to the shard-times file the next plans fit their shard costs to, and the line that says how
 * close to the mean any split of this run's tests could have come (see `balanceFloor`): a shard can never be shorter
 * than its longest test plus the start-up every shard pays.
 */
export async function recordShardTimes(
  options: RecordShardTimesOptions,
): Promise<{ lines: ShardTimeLine[]; summary: string[] }> {
  const records = await readShardPlanRecords(options.resultsDirs);
  const lines: ShardTimeLine[] = [];
  for (const { record } of records) {
    const actual = record?.actual;
    if (record === undefined || actual?.busiestWorkerMs === undefined || actual.longestTestMs === undefined) continue;
    const processWallMs = options.processMs?.get(`${record.current}/${record.total}`);
    lines.push({
      version: 1,
      runId: options.runId,
      recordedAt: options.now ?? Date.now(),
      scale: options.scale,
      workers: options.workers,
      shard: `${record.current}/${record.total}`,
      tests: actual.tests,
      reporterWallMs: actual.wallMs,
      ...(processWallMs !== undefined ? { processWallMs } : {}),
      busiestWorkerMs: actual.busiestWorkerMs,
      longestTestMs: actual.longestTestMs,
    });
  }
  lines.sort((a, b) => a.shard.localeCompare(b.shard, 'en', { numeric: true }));
  if (lines.length === 0) return { lines, summary: [] };
  if (options.write) await appendShardTimes(options.file, lines);
  const summary: string[] = [];
  const floor = balanceFloor(
    lines.map((l) => ({
      wallMs: l.processWallMs ?? l.reporterWallMs,
      busiestWorkerMs: l.busiestWorkerMs,
      longestTestMs: l.longestTestMs,
    })),
  );
  if (floor !== undefined && lines.length > 1) {
    const longest = lines.reduce((a, b) => (b.longestTestMs > a.longestTestMs ? b : a));
    summary.push(
      `  best any split of this run's tests could do: slowest ${formatMs(floor.floorMs)} against the mean ${formatMs(floor.meanMs)} (+${(floor.overMean * 100).toFixed(1)} %): ` +
        `the longest test took ${formatMs(longest.longestTestMs)} (shard ${longest.shard}) plus the least start-up any shard had`,
    );
  }
  summary.push(
    options.write
      ? `  shard times recorded in ${options.file} (the next plans fit their shard costs to them)`
      : '  shard times not recorded (the run is not)',
  );
  return { lines, summary };
}
