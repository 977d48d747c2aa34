import type { EstimatedTest } from './estimate-durations.js';
import type { DurationPlan, ShardPlan } from './shard-plan.js';

/** `7.9 s`, `850 ms`, `12 min 3 s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

function ratio(value: number, bound: number): string {
  return bound > 0 ? `${(value / bound).toFixed(2)}x` : '-';
}

/**
 * The lines a shard prints at the start of its run: the plan (hash, method, where the durations came from) and this
 * shard's share against the lower bound and Playwright's count split.
 */
export function describePlan(plan: ShardPlan, current: number): string[] {
  if (plan.method === 'playwright') return [`[shards] ${plan.reason}: Playwright's own split by test count`];
  const mine = plan.shards[current - 1];
  const h = plan.history;
  const left = [
    ...((h.otherScaleRuns ?? 0) > 0 ? [`${h.otherScaleRuns} at another scale`] : []),
    ...((h.otherWorkersRuns ?? 0) > 0 ? [`${h.otherWorkersRuns} with another worker count`] : []),
    ...((h.otherLoadRuns ?? 0) > 0 ? [`${h.otherLoadRuns} at a load unlike the newest run's`] : []),
  ];
  const stale = Object.entries(h.staleDurations ?? {}).map(([key, n]) => `${n} of ${key}`);
  return [
    `[shards] plan ${plan.hash}: ${plan.total} shards by recorded duration, ${plan.groups} groups (${h.measured} tests measured, ${h.estimated} estimated; median of the newest ${h.runsUsed} of ${h.runsInFile} runs in ${h.file}${left.length > 0 ? `, ${left.join(' and ')} left out` : ''}${stale.length > 0 ? `; durations from before a workload change left out: ${stale.join(', ')}` : ''})`,
    describeCosts(plan),
    `[shards] shard ${current}/${plan.total} runs ${mine?.tests.length ?? 0} tests, planned ${formatMs(mine?.plannedMs ?? 0)}; ` +
      `slowest shard ${formatMs(plan.makespanMs)} (${ratio(plan.makespanMs, plan.lowerBoundMs)} the bound ${formatMs(plan.lowerBoundMs)}), ` +
      `Playwright's count split ${formatMs(plan.countSplitMakespanMs)} (${ratio(plan.countSplitMakespanMs, plan.lowerBoundMs)})`,
  ];
}

/** The shard costs the planned times include, and what they were fitted to. */
export function describeCosts(plan: DurationPlan): string {
  const c = plan.costs;
  const workers = `${c.workers} worker${c.workers === 1 ? '' : 's'} per shard`;
  if (c.samples === 0) {
    const runs = plan.history.costRuns ?? 0;
    return `[shards] shard costs: ${runs === 0 ? 'none recorded yet' : `${runs} sharded run(s) recorded, too few to fit`} (planned times are the tests' sums; ${workers})`;
  }
  const from = `${c.samples} shard runs of ${plan.history.costRuns ?? '?'} sharded run(s), ${plan.history.costWall === 'reporter' ? "the reporter's" : 'the process'} wall time`;
  return `[shards] shard costs: ${formatMs(c.fixedMs)} per shard + ${formatMs(c.perTestMs)} per test, ${workers} (fitted to ${from})`;
}

function describeTest(test: EstimatedTest): string {
  const note =
    test.source === 'measured'
      ? ''
      : test.source === 'skipped'
        ? '  (skipped)'
        : `  (estimated: ${test.source === 'file-median' ? "its file's median" : 'the median'})`;
  return `    ${formatMs(test.ms).padStart(9)}  ${test.planId}${note}`;
}

/** Every shard with its tests and planned durations: what `--list` prints with the plan. */
export function describePlanInFull(plan: DurationPlan): string[] {
  return plan.shards.flatMap((shard) => [
    `[shards] shard ${shard.index}/${plan.total}: ${shard.tests.length} tests, planned ${formatMs(shard.plannedMs)}`,
    ...shard.tests.map(describeTest),
  ]);
}
