import type { TestMetrics } from './test-metrics.js';

/** Limits a test must stay within. Every field is optional; set only what the test is about. */
export interface Budgets {
  readonly maxDurationMs?: number;
  /** Peak RSS of the test's own process, in MB (descendants are reported separately). */
  readonly maxPeakRssMb?: number;
  /** Items per second (see {@link TestMetrics.throughputPerSec}). */
  readonly minThroughputPerSec?: number;
  /** 0..1 */
  readonly maxErrorRate?: number;
  readonly maxP99Ms?: number;
  /** Work counters that must reach at least this value: proof the work was actually done. */
  readonly minCounters?: Readonly<Record<string, number>>;
}

/** One evaluated budget: a row of the budget table. */
export interface BudgetRow {
  /** Human name, e.g. "max duration" or "min counter tasksCompleted". */
  readonly budget: string;
  readonly comparison: '<=' | '>=';
  readonly target: number;
  /** Undefined when the test produced no value to compare (e.g. a p99 budget but no latency recorded). */
  readonly actual: number | undefined;
  readonly unit: string;
  readonly pass: boolean;
}

function row(
  budget: string,
  comparison: '<=' | '>=',
  target: number,
  actual: number | undefined,
  unit: string,
): BudgetRow {
  // A budget that cannot be evaluated fails: a missing measurement must not read as "within budget".
  const pass =
    actual !== undefined && Number.isFinite(actual) && (comparison === '<=' ? actual <= target : actual >= target);
  return { budget, comparison, target, actual, unit, pass };
}

/** Evaluates each set budget against the metrics, in a fixed order. */
export function evaluateBudgets(metrics: TestMetrics, budgets: Budgets): BudgetRow[] {
  const rows: BudgetRow[] = [];
  if (budgets.maxDurationMs !== undefined)
    rows.push(row('max duration', '<=', budgets.maxDurationMs, metrics.durationMs, 'ms'));
  if (budgets.maxPeakRssMb !== undefined)
    rows.push(row('max peak RSS', '<=', budgets.maxPeakRssMb, metrics.memory.rssPeakMb, 'MB'));
  if (budgets.minThroughputPerSec !== undefined) {
    rows.push(row('min throughput', '>=', budgets.minThroughputPerSec, metrics.throughputPerSec, 'items/s'));
  }
  if (budgets.maxErrorRate !== undefined)
    rows.push(row('max error rate', '<=', budgets.maxErrorRate, metrics.errorRate, 'ratio'));
  if (budgets.maxP99Ms !== undefined)
    rows.push(row('max p99 latency', '<=', budgets.maxP99Ms, metrics.latency?.p99Ms, 'ms'));
  for (const [name, target] of Object.entries(budgets.minCounters ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    rows.push(row(`min counter ${name}`, '>=', target, metrics.counters[name], 'count'));
  }
  return rows;
}

const formatNumber = (value: number): string =>
  Number.isInteger(value) ? String(value) : value.toFixed(value < 1 ? 4 : 2);

/** "max duration: target <= 300000 ms, actual 412345.20 ms" */
export function describeBudgetRow(r: BudgetRow): string {
  const actual = r.actual === undefined ? 'not measured' : `${formatNumber(r.actual)} ${r.unit}`;
  return `${r.budget}: target ${r.comparison} ${formatNumber(r.target)} ${r.unit}, actual ${actual}`;
}

/**
 * Thrown when at least one budget fails; the message names every failing budget with target and actual, one
 * line each, so the console shows the failed rows as text (the HTML table goes to the report, as a file).
 */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  readonly code = 'BUDGET_EXCEEDED';
  readonly failed: readonly BudgetRow[];

  constructor(failed: readonly BudgetRow[], options?: ErrorOptions) {
    super(describeFailedBudgets(failed), options);
    this.failed = failed;
  }
}

/**
 * "budget exceeded: max duration: target <= 1000 ms, actual 1001 ms" for one failed row; for several, a first
 * line naming them and one line per row (the first line is what summaries and hover texts show).
 */
export function describeFailedBudgets(failed: readonly BudgetRow[]): string {
  if (failed.length === 1 && failed[0] !== undefined) return `budget exceeded: ${describeBudgetRow(failed[0])}`;
  return [
    `budget exceeded: ${failed.length} budgets failed (${failed.map((r) => r.budget).join(', ')})`,
    ...failed.map((r) => `  FAIL ${describeBudgetRow(r)}`),
  ].join('\n');
}

/** Throws {@link BudgetExceededError} if any row failed. */
export function assertBudgets(rows: readonly BudgetRow[]): void {
  const failed = rows.filter((r) => !r.pass);
  if (failed.length > 0) throw new BudgetExceededError(failed);
}
