import { writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestRun } from '@playwright/test/reporter';
import {
  DEFAULT_QUARANTINE_POLICY,
  QUARANTINE_FILE_NAME,
  QuarantineFileError,
  evaluateQuarantine,
  loadQuarantine,
  quarantineVerdict,
  utcDay,
  writeQuarantineMarks,
  type QuarantinePolicy,
} from '../quarantine/index.js';
import { readScaleFromEnv, readWorkersFromEnv, reportPaths } from '../pipeline/index.js';
import { DataFileError } from '../files/index.js';
import { findAllureResultsDir } from '../report/index.js';
import { RunHistoryError, readRunHistory, summarizeTrends, type RunRecord } from '../trends/index.js';
import { excludeOtherShards } from './apply-plan.js';
import { collectTestGroups, type PlannedTest, type TestGroup } from './collect-groups.js';
import { describePlan, describePlanInFull } from './describe-plan.js';
import { estimateGroups } from './estimate-durations.js';
import { recordedDurations, workloadChanges } from './history-durations.js';
import {
  writeShardPlanAttachment,
  writeShardPlanRecord,
  type ShardPlanDump,
  type ShardPlanRecord,
} from './plan-record.js';
import { marksOf, matchRunQuarantine, proposalLines, type RunQuarantine } from './run-quarantine.js';
import { buildDurationPlan, type DurationPlan, type ShardPlan } from './shard-plan.js';
import { fitFromShardTimes, readShardTimes, shardTimesFileFor, type FittedCosts } from './shard-times.js';
import { identifyTest, type TestIdentity } from './test-identity.js';

/** Options of the shard reporter, as given in the Playwright config. Paths are relative to the config's folder. */
export interface ShardReporterOptions {
  /** The run history JSONL (default `reports/history/runs.jsonl`). */
  historyFile?: string;
  /** Newest runs whose durations are used (default 10). */
  historyWindow?: number;
  /** Plan from the runs whose slowdown is within this factor of the newest run's (default 2; `Infinity`: every run). */
  loadBand?: number;
  /** The measured shard times the shard costs are fitted to (default: `shard-times.jsonl` beside the history). */
  shardTimesFile?: string;
  /** The quarantine file (default `quarantine.yaml`). */
  quarantineFile?: string;
  /** When to propose quarantine and release (defaults in DEFAULT_QUARANTINE_POLICY). */
  quarantinePolicy?: Partial<QuarantinePolicy>;
  /** Where the plan and quarantine records go (default: allure-playwright's resultsDir from the same config). */
  resultsDir?: string;
  /** Also write the whole plan as JSON here (or set MAESTRO_SHARD_PLAN_OUT). */
  planOutput?: string;
  /** The day quarantine entries are judged on, YYYY-MM-DD (default: today, UTC). */
  today?: string;
}

/** Rethrown without a stack: Playwright prints a thrown error's stack, and a user's input error has none worth reading. */
function asInputError(error: unknown): unknown {
  if (error instanceof QuarantineFileError) error.stack = '';
  return error;
}

/** Excludes the other shards' tests; returns the tests this shard keeps. */
function applyPlan(
  plan: DurationPlan,
  current: number,
  suite: Suite,
  testRun: TestRun,
  planned: readonly PlannedTest[],
): Set<TestCase> {
  testRun.skipSharding();
  const keep = new Set(plan.shards[current - 1]?.tests.map((t) => t.planId));
  const keptTests = new Set(planned.filter((t) => keep.has(t.planId)).map((t) => t.test));
  excludeOtherShards(suite, testRun, new Set(planned.map((t) => t.test)), keptTests);
  return keptTests;
}

/** The plan record and the groups it was made from, for `planOutput` / MAESTRO_SHARD_PLAN_OUT. */
async function writePlanDump(path: string, record: ShardPlanRecord, groups: readonly TestGroup[]): Promise<void> {
  const dump: ShardPlanDump = {
    ...record,
    groups: groups.map((g) => ({
      id: g.id,
      kind: g.kind,
      tests: g.tests.map((t) => ({
        planId: t.planId,
        file: t.file,
        historyKeys: t.historyKeys,
        skipped: t.skipped,
        ...(t.workloadChangedAt !== undefined ? { workloadChangedAt: t.workloadChangedAt } : {}),
      })),
    })),
  };
  await writeFile(path, `${JSON.stringify(dump, null, 2)}\n`);
}

/**
 * A Playwright reporter that plans `--shard i/N` by recorded duration and applies the quarantine. In `preprocess`
 * (runner process, before `onBegin`, on the full un-sharded suite) it groups the tests as Playwright must keep them
 * together, gives each group its median duration from the run history, splits the groups with LPT plus local search,
 * turns off Playwright's count split (`testRun.skipSharding()`) and excludes every test of the other shards
 * (`testRun.exclude()`). Every shard computes the same plan from the same history and prints its hash. Without any
 * recorded duration it leaves Playwright's own split in place and says so. In `onEnd` it returns `passed` for a run
 * that failed only because quarantined tests failed.
 *
 * Register it in playwright.config.ts (keep the other reporters):
 * ```ts
 * reporter: [['list'], ['allure-playwright', { resultsDir }], shardReporter({ historyFile: 'reports/history/runs.jsonl' })]
 * ```
 */
export default class ShardReporter implements Reporter {
  private readonly options: ShardReporterOptions;
  private prepared = false;
  private quarantine: RunQuarantine | undefined;
  private identities = new Map<TestCase, TestIdentity>();
  private record: ShardPlanRecord | undefined;
  private resultsDir: string | undefined;
  private suite: Suite | undefined;
  private config: FullConfig | undefined;
  private startedAt = 0;
  private globalErrors = 0;

  constructor(options: ShardReporterOptions = {}) {
    this.options = options;
  }

  /** Only the plan of a dry run (`--list` with this reporter alone) is meant to stand without a list of tests. */
  printsToStdio(): boolean {
    return process.argv.includes('--list');
  }

  async preprocess({ config, suite, testRun }: { config: FullConfig; suite: Suite; testRun: TestRun }): Promise<void> {
    const base = config.configFile !== undefined ? dirname(config.configFile) : process.cwd();
    const listOnly = process.argv.includes('--list');
    const historyFile =
      this.options.historyFile !== undefined ? resolve(base, this.options.historyFile) : reportPaths(base).runsFile;
    const window = this.options.historyWindow ?? 10;
    const policy = { ...DEFAULT_QUARANTINE_POLICY, ...this.options.quarantinePolicy };
    const today = this.options.today ?? utcDay(Date.now());
    let quarantineState;
    try {
      quarantineState = evaluateQuarantine(
        await loadQuarantine(resolve(base, this.options.quarantineFile ?? QUARANTINE_FILE_NAME)),
        today,
      );
    } catch (error) {
      throw asInputError(error);
    }
    // A history that cannot be read must not stop the tests (the report build will refuse it, loudly): every shard
    // reads the same file, so every shard falls back to Playwright's split alike.
    let runs: RunRecord[] = [];
    let historyProblem: string | undefined;
    try {
      runs = await readRunHistory(historyFile);
    } catch (error) {
      if (!(error instanceof RunHistoryError)) throw error;
      historyProblem = error.message;
    }
    const groups = collectTestGroups(suite, config, (s) => testRun.mode(s));
    const planned = groups.flatMap((g) => g.tests);
    for (const t of planned) this.identities.set(t.test, t);
    for (const test of suite.allTests())
      if (!this.identities.has(test)) this.identities.set(test, identifyTest(test, config.rootDir));
    const allTests = [...this.identities].map(([test, identity]) => ({ test, identity }));
    this.quarantine = matchRunQuarantine(allTests, quarantineState);
    const rows = summarizeTrends(runs, Math.max(policy.window, policy.releaseAfter));
    const lines = [
      ...this.quarantine.lines,
      ...proposalLines(rows, quarantineState, policy),
      ...planned.flatMap((t) => t.problems ?? []),
    ];

    let kept = allTests;
    if (config.shard !== null) {
      const plan =
        historyProblem !== undefined
          ? {
              version: 1 as const,
              method: 'playwright' as const,
              total: config.shard.total,
              reason: `the run history cannot be used (${historyProblem})`,
            }
          : this.planShards(
              groups,
              config.shard.total,
              runs,
              relative(base, historyFile) || historyFile,
              window,
              await this.fitCosts(base, historyFile, config.workers, window, lines),
            );
      lines.push(
        ...describePlan(plan, config.shard.current),
        ...(listOnly && plan.method === 'duration' ? describePlanInFull(plan) : []),
      );
      if (plan.method === 'duration') {
        const keptTests = applyPlan(plan, config.shard.current, suite, testRun, planned);
        // Tests outside the plan (setup/teardown projects) run on every shard.
        const plannedTests = new Set(planned.map((t) => t.test));
        kept = allTests.filter(({ test }) => keptTests.has(test) || !plannedTests.has(test));
      }
      this.record = { version: 1, current: config.shard.current, total: config.shard.total, plan };
      const planOutput = this.options.planOutput ?? process.env['MAESTRO_SHARD_PLAN_OUT'];
      if (planOutput !== undefined && planOutput !== '')
        await writePlanDump(resolve(base, planOutput), this.record, groups);
    }
    for (const line of lines) process.stdout.write(`${line}\n`);
    this.prepared = true;
    // `--list` runs no tests and no global setup: nothing to record.
    if (listOnly) return;
    this.resultsDir =
      this.options.resultsDir !== undefined ? resolve(base, this.options.resultsDir) : findAllureResultsDir(config);
    if (this.resultsDir === undefined) return;
    await writeQuarantineMarks(this.resultsDir, {
      version: 1,
      file: quarantineState.path,
      day: today,
      quarantined: marksOf(kept, this.quarantine),
      expired: quarantineState.expired.map((e) => ({ entry: e.test, expires: e.expires })),
    });
    if (this.record !== undefined) {
      await writeShardPlanRecord(this.resultsDir, this.record);
      const plan = this.record.plan;
      const title = `Shard plan ${plan.method === 'duration' ? plan.hash : "(Playwright's split)"}: shard ${this.record.current}/${this.record.total}`;
      const text = [
        ...describePlan(plan, this.record.current),
        ...(plan.method === 'duration' ? describePlanInFull(plan) : []),
      ].join('\n');
      await writeShardPlanAttachment(this.resultsDir, title, `${text}\n`);
    }
  }

  /** The shard costs from the recorded shard times (none, said in a line, when the file cannot be read). */
  private async fitCosts(
    base: string,
    historyFile: string,
    lanes: number,
    window: number,
    lines: string[],
  ): Promise<FittedCosts> {
    const file =
      this.options.shardTimesFile !== undefined
        ? resolve(base, this.options.shardTimesFile)
        : shardTimesFileFor(historyFile);
    try {
      return fitFromShardTimes(await readShardTimes(file), readScaleFromEnv(), readWorkersFromEnv(), lanes, window);
    } catch (error) {
      if (!(error instanceof DataFileError)) throw error;
      lines.push(`[shards] shard costs not used: ${error.message}`);
      return fitFromShardTimes([], 1, 1, lanes);
    }
  }

  private planShards(
    groups: readonly TestGroup[],
    total: number,
    runs: readonly RunRecord[],
    historyFile: string,
    window: number,
    costs: FittedCosts,
  ): ShardPlan {
    const durations = recordedDurations(
      runs,
      historyFile,
      window,
      readScaleFromEnv(),
      readWorkersFromEnv(),
      this.options.loadBand ?? 2,
      workloadChanges(groups),
    );
    const estimates = estimateGroups(groups, durations.medianMs);
    if (estimates.measured === 0) {
      const reason =
        runs.length === 0
          ? `no run history at ${historyFile}`
          : `no recorded duration for any of these tests in ${historyFile}`;
      return { version: 1, method: 'playwright', total, reason };
    }
    try {
      return buildDurationPlan(
        estimates.groups,
        total,
        {
          file: historyFile,
          runsInFile: durations.runsInFile,
          runsUsed: durations.runsUsed,
          otherScaleRuns: durations.otherScaleRuns,
          otherWorkersRuns: durations.otherWorkersRuns,
          otherLoadRuns: durations.otherLoadRuns,
          ...(durations.staleDurations.size > 0
            ? { staleDurations: Object.fromEntries(durations.staleDurations) }
            : {}),
          measured: estimates.measured,
          estimated: estimates.estimated,
          costRuns: costs.runs,
          costWall: costs.wall,
        },
        costs.model,
      );
    } catch (error) {
      // Two tests with one identity (e.g. unnamed projects over the same files) cannot be told apart in a plan.
      if (error instanceof RangeError) return { version: 1, method: 'playwright', total, reason: error.message };
      throw error;
    }
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.suite = suite;
    this.startedAt = performance.now();
  }

  onError(_error: TestError): void {
    this.globalErrors += 1;
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    // merge-reports replays onBegin/onEnd without preprocess: nothing of ours applies there.
    if (!this.prepared || this.suite === undefined || this.quarantine === undefined) return undefined;
    const tests = this.suite.allTests();
    const quarantine = this.quarantine;
    const failures = tests.filter((t) => t.outcome() === 'unexpected').length;
    const maxFailures = this.config?.maxFailures ?? 0;
    const verdict = quarantineVerdict({
      status: result.status,
      tests: tests.map((t) => {
        const entry = quarantine.entryOf.get(t);
        return {
          label: entry?.test ?? this.identities.get(t)?.planId ?? t.title,
          outcome: t.outcome(),
          ...(entry !== undefined ? { entry } : {}),
        };
      }),
      globalErrors: this.globalErrors,
      maxFailuresReached: maxFailures > 0 && failures >= maxFailures,
      failOnFlakyTests: this.config?.failOnFlakyTests ?? false,
    });
    for (const line of verdict.lines) process.stdout.write(`${line}\n`);
    if (this.record !== undefined && this.resultsDir !== undefined) {
      const testsMs = tests.reduce((sum, t) => sum + t.results.reduce((s, r) => s + r.duration, 0), 0);
      const byWorker = new Map<number, number>();
      for (const r of tests.flatMap((t) => t.results))
        byWorker.set(r.parallelIndex, (byWorker.get(r.parallelIndex) ?? 0) + r.duration);
      const longestTestMs = tests.reduce((max, t) => Math.max(max, t.results.at(-1)?.duration ?? 0), 0);
      this.record.actual = {
        wallMs: performance.now() - this.startedAt,
        testsMs,
        tests: tests.length,
        busiestWorkerMs: Math.max(0, ...byWorker.values()),
        longestTestMs,
      };
      await writeShardPlanRecord(this.resultsDir, this.record);
    }
    return verdict.changed ? { status: verdict.status } : undefined;
  }
}
