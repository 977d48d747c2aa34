/**
 * Benchmarks against the tools a user would pick instead, run side by side on the same generated inputs.
 *
 * `npm run bench` (entry: `node --import tsx bench/run-bench.ts`; `-- --quick` for the short version) runs, per workload:
 * - **DAG** (`bench/dag`): our `WorkflowExecutor` vs p-graph vs a bare promise chain (each node awaits its
 *   dependencies' promises), on seeded layered 20-node DAGs with no-op nodes, all workflows at once;
 * - **BDV** (`bench/bdv`): our runner vs cucumber-js 12 (programmatic API) vs parse-only (Gherkin parse and
 *   compile), on one generated feature suite with the same step vocabulary registered in both runners;
 * - **analysis** (`bench/acc`): our ACC (cache off) vs dependency-cruiser 17 (cache off, equivalent forbidden
 *   rules) vs madge 8 (circular list) vs read-and-lex (walk, read, `scanImports`: the engine's own lexer);
 * - **incremental analysis** (`bench/acc/incremental`), at the largest size: after 10 files change, a second
 *   analysis in an analysis session, and a second run in a new process on the persisted cache, each against a
 *   first analysis with an empty cache, plus the floor of finding changes by stat (one stat per folder and file).
 *
 * Each repetition of each contender is its own `node --import tsx <entry>` process that times only its work
 * (wall and CPU) and reports its own peak RSS (`process.resourceUsage().maxRSS`). Repetitions are interleaved
 * across contenders; the table shows medians. Before any ratio, results are compared: ours against the
 * generator's manifest, every other contender against ours (node counts and dependency order; scenario, step
 * and pass/fail counts; cycles and layer violations). A row that differs says DISAGREE and gets no ratio.
 * The table and every repetition are written to `reports/bench/` (JSON with machine and load average).
 *
 * @example
 * ```ts
 * import { buildRows, formatMarkdownTable, planDagWorkloads, QUICK_SIZES, runWorkload } from './bench/index.js';
 *
 * const [plan] = planDagWorkloads(QUICK_SIZES, 1);
 * const runs = await runWorkload(plan!, { repetitions: 3, cwd: process.cwd(), childTimeoutMs: 60_000, log: console.error });
 * console.log(formatMarkdownTable(buildRows({ ...plan!, runs })));
 * ```
 * @packageDocumentation
 */
export type {
  Agreement,
  BenchRow,
  ChildMeasurement,
  ContenderRole,
  ContenderRun,
  Goal,
  GoalVerdict,
  Outcome,
  OutcomeValue,
} from './core/bench-types.js';
export { checkAgreement, type AgreementCheck } from './core/agreement.js';
export { buildRows, formatThroughput, type BuildRowsOptions, type ContenderKeys } from './core/build-rows.js';
export { describeGoal, type GoalSpec } from './core/goal-spec.js';
export { median } from './core/median.js';
export { TABLE_HEADERS, formatMarkdownTable, formatProblems, rowCells } from './core/format-table.js';
export { USAGE, parseBenchArgs, type BenchArgs } from './core/cli-args.js';
export {
  BenchProtocolError,
  RESULT_PREFIX,
  parseChildOutput,
  runContender,
  startWorkTimer,
  type WorkResult,
} from './core/child-protocol.js';
export { runChild, type RunChildOptions } from './core/run-child.js';
export { runWorkload, type RunWorkloadOptions } from './core/run-workload.js';
export { describeMachine, readMachineInfo, type MachineInfo } from './core/machine-info.js';
export { writeBenchReport, type BenchReport, type WrittenReport } from './core/write-report.js';
export {
  FULL_SIZES,
  QUICK_SIZES,
  type BenchSizes,
  type ContenderSpec,
  type SuiteName,
  type WorkloadPlan,
} from './core/workload-plan.js';
export { planDagWorkloads } from './dag/dag-suite.js';
export { planBdvWorkloads } from './bdv/bdv-suite.js';
export { planAccWorkloads } from './acc/acc-suite.js';
