import type { RunContext } from '../pipeline/index.js';
import type { MeasuredWork, MetricVerdict } from '../trends/run-record.js';
import { annotateRegressions } from './annotate-regressions.js';
import { readBaselineFile } from './baseline-file.js';
import { readBaselineParts, runIdOfParts } from './baseline-part.js';
import type { DetectorOptions } from './detector.js';
import { judgeRun, type RunJudgement, type TestJudgement } from './judge-run.js';
import { storedContext } from './run-context.js';

export interface CheckRegressionsOptions extends DetectorOptions {
  baselineFile: string;
  partsDir: string;
  /** Results folders whose final attempts receive the verdict attachments and the regression labels. */
  resultsDirs: readonly string[];
  /** This run's context (the run manifest's); defaults to the one recorded in the parts. */
  context?: RunContext;
  /** This run's id; defaults to the one recorded in the parts. */
  runId?: string;
}

export interface RegressionReport extends RunJudgement {
  runId: string;
  /** Per test key: what its measured work cost and the detector's verdicts (the run record's fields). */
  byTest: Record<string, { measured: MeasuredWork; verdicts: MetricVerdict[] }>;
  /** The per-test judgements, sorted by key (same objects as `tests`). */
  comparisons: TestJudgement[];
  /** True when no baselines file exists yet (first run): nothing can be judged. */
  noBaseline: boolean;
}

/**
 * Judges this run's parts against the accepted history and writes the verdicts into the Allure results
 * (idempotently: a rebuild from the same results leaves them unchanged). A corrupt baselines file or part is an
 * error naming the file and field.
 */
export async function checkRegressions(options: CheckRegressionsOptions): Promise<RegressionReport> {
  const baseline = await readBaselineFile(options.baselineFile);
  const parts = await readBaselineParts(options.partsDir);
  const runId = options.runId ?? runIdOfParts(parts, options.partsDir);
  const judgement = judgeRun(baseline, parts, {
    ...options,
    runId,
    ...(options.context !== undefined ? { context: storedContext(options.context) } : {}),
  });
  await annotateRegressions(options.resultsDirs, judgement);
  return {
    ...judgement,
    runId,
    byTest: Object.fromEntries(judgement.tests.map((t) => [t.key, { measured: t.measured, verdicts: t.verdicts }])),
    comparisons: judgement.tests,
    noBaseline: baseline === undefined,
  };
}
