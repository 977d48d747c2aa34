/**
 * `npm run bench` — side-by-side benchmarks of the engines against the tools a user would pick instead.
 * See bench/index.ts for what is measured and how to read the table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planAccWorkloads } from './acc/acc-suite.js';
import { planBdvWorkloads } from './bdv/bdv-suite.js';
import type { BenchRow, ContenderRun } from './core/bench-types.js';
import { buildRows } from './core/build-rows.js';
import { USAGE, parseBenchArgs } from './core/cli-args.js';
import { UsageError } from '../harness/command-line/index.js';
import { exitCodeOf, trapInterrupts } from '../harness/pipeline/index.js';
import { formatMarkdownTable, formatProblems } from './core/format-table.js';
import { describeMachine, readMachineInfo } from './core/machine-info.js';
import { runChild } from './core/run-child.js';
import { runWorkload } from './core/run-workload.js';
import { writeBenchReport } from './core/write-report.js';
import { FULL_SIZES, QUICK_SIZES, type WorkloadPlan } from './core/workload-plan.js';
import { planDagWorkloads } from './dag/dag-suite.js';
import { runVerdictsSuite } from './verdicts/verdicts-suite.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const BASELINE_ENTRY = fileURLToPath(new URL('./core/baseline-contender.ts', import.meta.url));
const RSS_SOURCE =
  'process.resourceUsage().maxRSS reported by each contender process itself (peak over its repetitions)';
const TIMING_NOTE =
  'median ms: wall time of the work inside the contender process (performance.now(); process start-up and module loading excluded); ' +
  'CPU ms: process.cpuUsage() over the same span. Rows marked "whole process" time the CLI from spawn to exit instead (CPU and peak RSS of that process from GNU time, start-up included). Ratios are this row over ours / over the floor (wall, with CPU in parentheses); goals are judged on wall time.';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  let args;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      log(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const sizes = args.quick ? QUICK_SIZES : FULL_SIZES;
  const repetitions = args.repetitions ?? sizes.repetitions;
  const machine = readMachineInfo();
  const started = performance.now();
  const timestamp = new Date().toISOString();
  log(
    `maestro bench (${args.quick ? 'quick' : 'full'}, ${repetitions} repetitions, seed ${args.seed}) on ${describeMachine(machine)}`,
  );

  const workDir = mkdtempSync(join(tmpdir(), 'maestro-bench-'));
  // The first SIGINT/SIGTERM stops the running contender and writes nothing; a second exits at once.
  const interrupts = trapInterrupts({ stopping: 'no report is written' });
  const { signal } = interrupts;
  const rows: BenchRow[] = [];
  let verdictsMarkdown = '';
  const runs: ContenderRun[] = [];
  let baselineRssMb: number | undefined;
  try {
    baselineRssMb = (await runChild(BASELINE_ENTRY, {}, { cwd: REPO_ROOT, timeoutMs: 60_000, signal })).peakRssMb;
    const plans: WorkloadPlan[] = [];
    if (args.suites.includes('dag')) plans.push(...planDagWorkloads(sizes, args.seed));
    if (args.suites.includes('bdv')) plans.push(...(await planBdvWorkloads(sizes, args.seed, workDir)));
    if (args.suites.includes('acc')) plans.push(...(await planAccWorkloads(sizes, args.seed, workDir)));
    else if (args.suites.includes('acc-cli')) plans.push(...(await planAccWorkloads(sizes, args.seed, workDir, 'cli')));
    for (const plan of plans) {
      log(`${plan.suite}: ${plan.workload}`);
      const workloadRuns = await runWorkload(plan, {
        repetitions,
        cwd: REPO_ROOT,
        childTimeoutMs: sizes.childTimeoutMs,
        signal,
        log,
      });
      runs.push(...workloadRuns);
      rows.push(
        ...buildRows({
          workload: plan.workload,
          expected: plan.expected,
          unit: plan.unit,
          contenders: plan.contenders,
          runs: workloadRuns,
          goals: plan.goals,
          ...(plan.showPerItem !== undefined ? { showPerItem: plan.showPerItem } : {}),
        }),
      );
    }
    if (args.suites.includes('verdicts')) {
      verdictsMarkdown = (
        await runVerdictsSuite({
          quick: args.quick,
          seed: args.seed,
          ...(args.repetitions !== undefined ? { runs: args.repetitions } : {}),
          cwd: REPO_ROOT,
          outDir: resolve(REPO_ROOT, args.outDir),
          workDir,
          log,
          signal,
        })
      ).markdown;
    }
  } catch (error) {
    // A contender stopped by the signal rejects; that is the interruption, not a failure to report.
    if (interrupts.received() === undefined) throw error;
  } finally {
    interrupts.dispose();
    if (args.keep) log(`inputs kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }

  const stoppedBy = interrupts.received();
  if (stoppedBy !== undefined) {
    log(`bench: stopped by ${stoppedBy}; nothing written`);
    return exitCodeOf(stoppedBy);
  }
  const endLoad = loadavg().map((n) => Math.round(n * 100) / 100);
  const header =
    `## Benchmarks (${args.quick ? 'quick' : 'full'} run, ${timestamp.slice(0, 10)})\n\n` +
    `Machine: ${describeMachine(machine)} at start; load average ${endLoad.join(' / ')} at end.\n\n`;
  const problems = formatProblems(rows);
  const table = rows.length > 0 ? `${formatMarkdownTable(rows)}\n` : '';
  const markdown = `${header}${table}${verdictsMarkdown === '' ? '' : `${verdictsMarkdown}\n`}${problems === '' ? '' : `Problems:\n${problems}\n`}${TIMING_NOTE}\nPeak RSS: ${RSS_SOURCE}; a contender process doing no work (node + tsx) peaks at ${baselineRssMb?.toFixed(0) ?? '?'} MB of it.\n`;
  process.stdout.write(markdown);
  const written = writeBenchReport(
    resolve(REPO_ROOT, args.outDir),
    {
      timestamp,
      mode: args.quick ? 'quick' : 'full',
      seed: args.seed,
      repetitions,
      machine,
      loadAverageAtEnd: endLoad,
      durationMs: performance.now() - started,
      rssSource: RSS_SOURCE,
      baselineRssMb,
      timingNote: TIMING_NOTE,
      rows,
      runs,
    },
    markdown,
  );
  log(`report: ${written.jsonPath} (table: ${written.markdownPath})`);
  const failed = rows.some((r) => r.error !== undefined || r.agreement === 'disagree');
  return failed ? 1 : 0;
}

process.exitCode = await main();
