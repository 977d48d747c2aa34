import type { MeasuredWork } from '../trends/run-record.js';
import {
  DEFAULT_METRIC_SPECS,
  judgeMetric,
  metricValue,
  type DetectorOptions,
  type DetectorVerdict,
  type HistoryPoint,
  type MetricSpec,
} from './detector.js';
import { contextDifferences } from './run-context.js';
import type { AcceptedRun, BaselineFile, BaselinePart, MeasuredFigures, StoredRunContext } from './types.js';

/** One test's judgement in this run. */
export interface TestJudgement {
  key: string;
  name: string;
  shard: string;
  /** What the test's measured work cost in this run (run-record shape), plus the worker's RSS as context. */
  measured: MeasuredWork & { rssPeakMb?: number };
  /** One verdict per metric measured: the judged ones (CPU time, memory growth) and wall time, reported only. */
  verdicts: DetectorVerdict[];
  regressed: boolean;
}

export type RunJudgementStatus = 'judged' | 'insufficient-history' | 'refused';

export interface RunJudgement {
  status: RunJudgementStatus;
  /** One line a person reads: "none in 23 judged", "insufficient history (1 of 3 accepted runs)", "refused: ...". */
  summary: string;
  context: StoredRunContext;
  /** Accepted runs comparable with this one (same scale, workers, Node major, machine; this run itself excluded). */
  comparableRuns: AcceptedRun[];
  /** Accepted runs left out because their context differs, with why. */
  refusedRuns: { runId: string; differences: string[] }[];
  tests: TestJudgement[];
  /** Keys of the regressed tests. */
  regressed: string[];
}

export interface JudgeRunOptions extends DetectorOptions {
  /** This run's id: its own accepted samples (after baseline:update) are never part of its history. */
  runId: string;
  /** This run's context; defaults to the first part's. */
  context?: StoredRunContext;
}

/**
 * Judges every sample of the run's parts against the accepted runs of the same context. Refuses (judges nothing)
 * when every accepted run differs in scale, workers, Node major or machine; says "insufficient history (k of 3)"
 * while fewer comparable runs are accepted. Pure: reads nothing, writes nothing.
 */
export function judgeRun(
  baseline: BaselineFile | undefined,
  parts: readonly BaselinePart[],
  options: JudgeRunOptions,
): RunJudgement {
  const minRuns = options.minRuns ?? 3;
  const specs = options.specs ?? DEFAULT_METRIC_SPECS;
  const context = options.context ?? parts[0]?.context;
  if (context === undefined) throw new RangeError('judgeRun needs a context or at least one part');
  const otherRuns = (baseline?.runs ?? []).filter((r) => r.runId !== options.runId);
  const refusedRuns = otherRuns
    .map((r) => ({ runId: r.runId, differences: contextDifferences(context, r.context) }))
    .filter((r) => r.differences.length > 0);
  const refusedIds = new Set(refusedRuns.map((r) => r.runId));
  const comparableRuns = otherRuns.filter((r) => !refusedIds.has(r.runId));
  const runsById = new Map(comparableRuns.map((r) => [r.runId, r]));

  const tests: TestJudgement[] = [];
  for (const part of parts) {
    for (const sample of part.samples) {
      const accepted = (baseline?.tests[sample.key]?.samples ?? []).filter((s) => runsById.has(s.runId));
      const verdicts: DetectorVerdict[] = [];
      for (const spec of specsFor(specs, sample.measured)) {
        const current = metricValue(sample.measured, spec.metric);
        if (current === undefined) continue;
        const history: HistoryPoint[] = [];
        for (const s of accepted) {
          const value = metricValue(s, spec.metric);
          const run = runsById.get(s.runId);
          if (value === undefined || run === undefined) continue;
          history.push({
            value,
            runId: s.runId,
            runAt: run.runAt,
            ...(run.context.commit !== undefined ? { commit: run.context.commit } : {}),
          });
        }
        if (comparableRuns.length === 0 && refusedRuns.length > 0) {
          verdicts.push({
            metric: spec.metric,
            unit: spec.unit,
            judged: spec.judged,
            status: 'refused',
            current,
            reason: `refused: ${describeRefusal(refusedRuns)}`,
          });
        } else {
          verdicts.push(judgeMetric(spec, history, current, options));
        }
      }
      tests.push({
        key: sample.key,
        name: sample.name,
        shard: part.shard,
        measured: toMeasuredWork(sample.measured),
        verdicts,
        regressed: verdicts.some((v) => v.status === 'regressed'),
      });
    }
  }
  tests.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const regressed = tests.filter((t) => t.regressed).map((t) => t.key);
  const status: RunJudgementStatus =
    comparableRuns.length === 0 && refusedRuns.length > 0
      ? 'refused'
      : comparableRuns.length < minRuns
        ? 'insufficient-history'
        : 'judged';
  return {
    status,
    summary: summarize(status, tests, comparableRuns.length, refusedRuns, minRuns),
    context,
    comparableRuns,
    refusedRuns,
    tests,
    regressed,
  };
}

/**
 * The specs a sample is judged by: where the test thread's CPU was not measured (not Linux, or a spec that timed
 * nothing and fell back to the whole test body), the process CPU time is judged in its place.
 */
function specsFor(specs: readonly MetricSpec[], measured: MeasuredFigures): readonly MetricSpec[] {
  if (measured.threadCpuMs !== undefined || !specs.some((s) => s.metric === 'threadCpuMs' && s.judged)) return specs;
  return specs.map((s) => (s.metric === 'cpuMs' ? { ...s, judged: true } : s));
}

function toMeasuredWork(figures: MeasuredFigures): TestJudgement['measured'] {
  const measured: TestJudgement['measured'] = {};
  for (const key of [
    'wallMs',
    'cpuMs',
    'threadCpuMs',
    'rssGrowthMb',
    'heapGrowthMb',
    'samples',
    'rssPeakMb',
  ] as const) {
    const value = figures[key];
    if (value !== undefined) measured[key] = value;
  }
  return measured;
}

/** "scale 1 vs 0.25 in history (3 accepted runs)", the differences counted over the refused runs. */
function describeRefusal(refused: readonly { differences: string[] }[]): string {
  const counts = new Map<string, number>();
  for (const r of refused) for (const d of r.differences) counts.set(d, (counts.get(d) ?? 0) + 1);
  return [...counts].map(([d, c]) => `${d} (${c} accepted run${c === 1 ? '' : 's'})`).join(', ');
}

function summarize(
  status: RunJudgementStatus,
  tests: readonly TestJudgement[],
  comparable: number,
  refused: readonly { differences: string[] }[],
  minRuns: number,
): string {
  const others = refused.length === 0 ? '' : `; not compared: ${describeRefusal(refused)}`;
  if (status === 'refused') return `refused: ${describeRefusal(refused)}; nothing judged`;
  if (status === 'insufficient-history')
    return `insufficient history (${comparable} of ${minRuns} accepted runs)${others}`;
  const judged = tests.filter((t) => t.verdicts.some((v) => v.judged && v.status !== 'insufficient-history'));
  const regressed = tests.filter((t) => t.regressed);
  const fresh = tests.length - judged.length;
  const newTests = fresh > 0 ? `; ${fresh} test(s) with too little history` : '';
  if (regressed.length === 0) return `none in ${judged.length} judged${newTests}${others}`;
  const list = regressed.map((t) => {
    const what = t.verdicts
      .filter((v) => v.status === 'regressed')
      .map(
        (v) =>
          `${v.metric} ${v.changePercent !== undefined ? `+${v.changePercent}%` : `${v.current} ${v.unit}`} (p=${v.pValue ?? '?'})`,
      )
      .join(', ');
    return `${t.name.split(':')[0] ?? t.key} ${what}`;
  });
  return `${regressed.length} regressed in ${judged.length} judged: ${list.join('; ')}${newTests}${others}`;
}
