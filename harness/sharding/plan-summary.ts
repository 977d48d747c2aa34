import { basename } from 'node:path';
import { formatMs } from './describe-plan.js';
import { readShardPlanRecords } from './plan-record.js';

/** The spread of shard times: how much the slowest exceeds the mean. */
export interface ShardBalance {
  slowestMs: number;
  meanMs: number;
  /** (slowest - mean) / mean. */
  overMean: number;
}

/** Balance of a set of shard times (undefined for none). */
export function shardBalance(times: readonly number[]): ShardBalance | undefined {
  if (times.length === 0) return undefined;
  const slowestMs = Math.max(...times);
  const meanMs = times.reduce((a, b) => a + b, 0) / times.length;
  return { slowestMs, meanMs, overMean: meanMs > 0 ? (slowestMs - meanMs) / meanMs : 0 };
}

function formatBalance(balance: ShardBalance): string {
  return `slowest ${formatMs(balance.slowestMs)}, mean ${formatMs(balance.meanMs)}: slowest is ${(balance.overMean * 100).toFixed(1)} % over the mean`;
}

/** One line on shard wall times (e.g. each `playwright test --shard` process, as `npm run stress:shards` times them). */
export function describeShardTimes(times: readonly { label: string; ms: number }[]): string {
  const balance = shardBalance(times.map((t) => t.ms));
  if (balance === undefined) return 'shard times: none';
  return `shard times: ${times.map((t) => `${t.label} ${formatMs(t.ms)}`).join(', ')}; ${formatBalance(balance)}`;
}

/**
 * What the merge says about the plans the shards ran: one plan (its hash) on every shard, or which shards disagree;
 * and, per shard, the planned time beside the measured one. `agree` is false when shards ran different plans (their
 * histories differed): the count check then shows whether a test was lost or run twice.
 */
export async function summarizeShardPlans(
  resultsDirs: readonly string[],
): Promise<{ lines: string[]; agree: boolean }> {
  const records = await readShardPlanRecords(resultsDirs);
  const withPlan = records.filter((r) => r.record !== undefined);
  if (withPlan.length === 0)
    return {
      lines: ['shard plan: none recorded (not a sharded run, or the shard reporter is not configured)'],
      agree: true,
    };
  const labels = withPlan.map((r) => {
    const plan = r.record?.plan;
    return plan?.method === 'duration' ? plan.hash : 'playwright-split';
  });
  const agree = new Set(labels).size === 1 && withPlan.length === records.length;
  const lines: string[] = [];
  if (agree) {
    lines.push(
      labels[0] === 'playwright-split'
        ? `shard plan: Playwright's own split by test count on all ${records.length} shard(s) (no recorded durations)`
        : `shard plan: ${labels[0]} on all ${records.length} shard(s), by recorded duration`,
    );
  } else {
    lines.push(
      `shard plan: the shards did NOT run one plan: ${records.map((r) => `${basename(r.dir)} ${r.record === undefined ? 'none' : r.record.plan.method === 'duration' ? r.record.plan.hash : 'playwright-split'}`).join(', ')}`,
    );
  }
  for (const { dir, record } of withPlan) {
    if (record === undefined) continue;
    const planned =
      record.plan.method === 'duration' ? formatMs(record.plan.shards[record.current - 1]?.plannedMs ?? 0) : '-';
    const actual =
      record.actual === undefined
        ? 'not finished'
        : `ran ${formatMs(record.actual.wallMs)} (${record.actual.tests} tests, ${formatMs(record.actual.testsMs)} in tests)`;
    lines.push(`  ${basename(dir)}: planned ${planned}, ${actual}`);
  }
  const balance = shardBalance(
    withPlan.flatMap((r) => (r.record?.actual !== undefined ? [r.record.actual.wallMs] : [])),
  );
  if (balance !== undefined && withPlan.length > 1) lines.push(`  run time ${formatBalance(balance)}`);
  return { lines, agree };
}
