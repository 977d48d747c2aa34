import { checkAgreement } from './agreement.js';
import type { Agreement, BenchRow, ContenderRole, ContenderRun, Goal, GoalVerdict, Outcome } from './bench-types.js';
import { describeGoal, type GoalSpec } from './goal-spec.js';
import { median } from './median.js';

export interface ContenderKeys {
  readonly tool: string;
  readonly role: ContenderRole;
  /** Facts this contender reports and must agree on (ours: with the generator's manifest; others: with ours). */
  readonly agreementKeys: readonly string[];
}

export interface BuildRowsOptions {
  readonly workload: string;
  /** What the generator says the right answer is (its manifest), for the facts ours reports. */
  readonly expected: Outcome;
  /** Work unit, plural (`nodes`, `scenarios`, `files`). */
  readonly unit: string;
  /** Also print microseconds per unit (the DAG goal is stated per node). */
  readonly showPerItem?: boolean;
  readonly contenders: readonly ContenderKeys[];
  readonly runs: readonly ContenderRun[];
  readonly goals: readonly GoalSpec[];
}

interface Summary {
  readonly keys: ContenderKeys;
  readonly run: ContenderRun | undefined;
  readonly medianMs: number | undefined;
  readonly medianCpuMs: number | undefined;
  readonly peakRssMb: number | undefined;
  readonly items: number | undefined;
  readonly agreement: Agreement;
  readonly differences: readonly string[];
}

/**
 * Turns one workload's repetitions into table rows: medians, peak RSS (the highest of the repetitions),
 * agreement, ratios and goals. A ratio is printed only between rows that agree: ours with the manifest, any
 * other contender with ours. A failed contender keeps its row, with its error and no numbers.
 */
export function buildRows(options: BuildRowsOptions): BenchRow[] {
  const oursKeys = options.contenders.find((c) => c.role === 'ours');
  const oursRun = options.runs.find((r) => r.tool === oursKeys?.tool);
  const oursOutcome = usableOutcome(oursRun);
  const summaries = options.contenders.map((keys): Summary => {
    const run = options.runs.find((r) => r.tool === keys.tool);
    const outcome = usableOutcome(run);
    const reference = keys.role === 'ours' ? options.expected : oursOutcome;
    const usable = run !== undefined && run.error === undefined && run.measurements.length > 0;
    let agreement: Agreement = 'n/a';
    let differences: readonly string[] = [];
    if (usable && outcome !== undefined && reference !== undefined) {
      const check = checkAgreement(reference, outcome, keys.agreementKeys);
      agreement = check.agree ? 'agree' : 'disagree';
      differences = check.differences;
    }
    const measurements = usable ? run.measurements : [];
    return {
      keys,
      run,
      agreement,
      differences,
      medianMs: median(measurements.map((m) => m.ms)),
      medianCpuMs: median(measurements.map((m) => m.cpuMs)),
      peakRssMb: measurements.length > 0 ? Math.max(...measurements.map((m) => m.peakRssMb)) : undefined,
      items: measurements[0]?.items,
    };
  });

  const ours = summaries.find((s) => s.keys.role === 'ours');
  const floor = summaries.find((s) => s.keys.role === 'floor');
  const oursAgrees = ours?.agreement === 'agree';
  const floorAgrees = floor?.agreement === 'agree';

  return summaries.map((s): BenchRow => {
    const comparable = s.agreement === 'agree' && oursAgrees;
    const showOurs = comparable && s.keys.role !== 'ours';
    const showFloor = s.agreement === 'agree' && oursAgrees && floorAgrees && s.keys.role !== 'floor';
    const goals = options.goals
      .filter((g) => (g.kind === 'ours-faster-than' ? s.keys.tool === g.peer : s.keys.role === 'ours'))
      .map((g): Goal => ({ label: describeGoal(g), verdict: judgeGoal(g, s, summaries, ours, floor) }));
    return {
      tool: s.keys.tool,
      role: s.keys.role,
      workload: options.workload,
      runs: s.run?.measurements.length ?? 0,
      medianMs: s.medianMs,
      medianCpuMs: s.medianCpuMs,
      throughput: formatThroughput(s.items, s.medianMs, options.unit, options.showPerItem ?? false),
      peakRssMb: s.peakRssMb,
      ratioToOurs: showOurs ? ratio(s.medianMs, ours?.medianMs) : undefined,
      ratioToFloor: showFloor ? ratio(s.medianMs, floor?.medianMs) : undefined,
      cpuRatioToOurs: showOurs ? ratio(s.medianCpuMs, ours?.medianCpuMs) : undefined,
      cpuRatioToFloor: showFloor ? ratio(s.medianCpuMs, floor?.medianCpuMs) : undefined,
      agreement: s.agreement,
      differences: s.differences,
      goals,
      ...(s.run?.error !== undefined ? { error: s.run.error } : {}),
    };
  });
}

function usableOutcome(run: ContenderRun | undefined): Outcome | undefined {
  if (run === undefined || run.error !== undefined) return undefined;
  return run.measurements[0]?.outcome;
}

function ratio(numerator: number | undefined, denominator: number | undefined): number | undefined {
  if (numerator === undefined || denominator === undefined || denominator <= 0) return undefined;
  return numerator / denominator;
}

function judgeGoal(
  goal: GoalSpec,
  row: Summary,
  all: readonly Summary[],
  ours: Summary | undefined,
  floor: Summary | undefined,
): GoalVerdict {
  if (ours === undefined || ours.agreement !== 'agree') return 'N/A';
  switch (goal.kind) {
    case 'ours-faster-than': {
      if (row.agreement !== 'agree') return 'N/A';
      const r = ratio(row.medianMs, ours.medianMs);
      return r === undefined ? 'N/A' : verdict(r >= goal.factor);
    }
    case 'ours-within-floor': {
      if (floor === undefined || floor.agreement !== 'agree') return 'N/A';
      const r = ratio(ours.medianMs, floor.medianMs);
      return r === undefined ? 'N/A' : verdict(r <= goal.factor);
    }
    case 'ours-rss-at-most':
      return ours.peakRssMb === undefined ? 'N/A' : verdict(ours.peakRssMb <= goal.mb);
    case 'ours-rss-not-above': {
      const peer = all.find((s) => s.keys.tool === goal.peer);
      if (
        peer === undefined ||
        peer.agreement !== 'agree' ||
        peer.peakRssMb === undefined ||
        ours.peakRssMb === undefined
      )
        return 'N/A';
      return verdict(ours.peakRssMb <= peer.peakRssMb);
    }
  }
}

function verdict(pass: boolean): GoalVerdict {
  return pass ? 'PASS' : 'MISS';
}

/** `123,456 nodes/s`, plus `(8.1 µs/node)` when asked; `-` when there is no measurement. */
export function formatThroughput(
  items: number | undefined,
  ms: number | undefined,
  unit: string,
  perItem: boolean,
): string {
  if (items === undefined || ms === undefined || ms <= 0 || items <= 0) return '-';
  const rate = `${formatInteger((items / ms) * 1000)} ${unit}/s`;
  if (!perItem) return rate;
  const singular = unit.endsWith('s') ? unit.slice(0, -1) : unit;
  return `${rate} (${((ms * 1000) / items).toFixed(2)} µs/${singular})`;
}

export function formatInteger(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
