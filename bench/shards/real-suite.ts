import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlaywright } from '../../harness/command-line/index.js';
import {
  SHARD_REPORTER_PATH,
  estimateGroups,
  recordedDurations,
  workloadChanges,
  type ShardPlanDump,
  type WeightedGroup,
} from '../../harness/sharding/index.js';
import type { RunRecord } from '../../harness/trends/index.js';

export type SuiteGroups = ShardPlanDump['groups'];

/**
 * This repository's suite as the shard reporter groups it: `playwright test --list --shard=1/1` with only the shard
 * reporter, which writes its groups (in Playwright's order, with history keys) to a temporary file.
 */
export async function loadSuiteGroups(root: string, signal?: AbortSignal): Promise<SuiteGroups> {
  const dir = await mkdtemp(join(tmpdir(), 'maestro-shard-bench-'));
  const out = join(dir, 'plan.json');
  try {
    const { code } = await startPlaywright(['test', '--list', '--shard=1/1', `--reporter=${SHARD_REPORTER_PATH}`], {
      cwd: root,
      env: { MAESTRO_SHARD_PLAN_OUT: out },
      stdout: 'ignore',
      ...(signal !== undefined ? { signal } : {}),
    }).done;
    if (code !== 0) throw new Error(`playwright test --list exited with ${code}`);
    return (JSON.parse(await readFile(out, 'utf8')) as ShardPlanDump).groups;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One evaluation on the recorded history: the durations a plan is made from, and what the tests then took. */
export interface HistoryCase {
  label: string;
  planned: WeightedGroup[];
  truth: Map<string, number>;
}

function truthOf(planned: readonly WeightedGroup[], groups: SuiteGroups, run: RunRecord): Map<string, number> {
  const measured = new Map(
    run.tests.flatMap((t) => (typeof t.durationMs === 'number' ? [[t.key, t.durationMs] as const] : [])),
  );
  const plannedMs = new Map(planned.flatMap((g) => g.tests.map((t) => [t.planId, t.ms] as const)));
  return new Map(
    groups.flatMap((g) =>
      g.tests.map((t) => {
        const key = t.historyKeys.find((k) => measured.has(k));
        return [t.planId, key !== undefined ? (measured.get(key) ?? 0) : (plannedMs.get(t.planId) ?? 0)] as const;
      }),
    ),
  );
}

/**
 * The cases the real history offers: in-sample (planned and judged at the medians of every run), and out-of-sample
 * (planned from the runs before run k as the shard reporter would plan run k, judged at what run k measured), for each
 * run k that has earlier runs.
 */
export function historyCases(groups: SuiteGroups, runs: readonly RunRecord[], window: number): HistoryCase[] {
  const cases: HistoryCase[] = [];
  // The suite as it is now: a test's durations from before its workload changed are not its own.
  const all = estimateGroups(
    groups,
    recordedDurations(runs, 'runs.jsonl', window, undefined, undefined, undefined, workloadChanges(groups)).medianMs,
  );
  if (all.measured > 0) {
    cases.push({
      label: `medians of ${Math.min(window, runs.length)} runs`,
      planned: all.groups,
      truth: new Map(all.groups.flatMap((g) => g.tests.map((t) => [t.planId, t.ms] as const))),
    });
  }
  for (let k = 1; k < runs.length; k++) {
    const run = runs[k];
    // As the shard reporter plans run k: from the earlier runs at its scale and worker count that met a load like
    // the newest of them did, leaving out the durations from before a workload change made by the time of run k.
    const before = estimateGroups(
      groups,
      recordedDurations(
        runs.slice(0, k),
        'runs.jsonl',
        window,
        run?.context?.scale,
        run?.context?.workers,
        2,
        workloadChanges(groups, run?.timestamp),
      ).medianMs,
    );
    if (run === undefined || before.measured === 0) continue;
    cases.push({
      label: `run ${k + 1} from runs 1-${k}`,
      planned: before.groups,
      truth: truthOf(before.groups, groups, run),
    });
  }
  return cases;
}
