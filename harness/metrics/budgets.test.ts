import { describe, expect, it } from 'vitest';
import { BudgetExceededError, assertBudgets, evaluateBudgets } from './budgets.js';
import { PerfRecorder } from './perf-recorder.js';
import { buildTestMetrics, type TestMetrics } from './test-metrics.js';
import { fakeMonitorResult } from './test-support.js';

const MB = 1024 * 1024;

function metricsWith(options: {
  durationMs?: number;
  rssPeakBytes?: number;
  items?: number;
  errors?: number;
  latencies?: number[];
}): TestMetrics {
  const work = new PerfRecorder();
  work.addItems(options.items ?? 0);
  for (let i = 0; i < (options.errors ?? 0); i++) work.recordError(new Error('x'));
  for (const l of options.latencies ?? []) work.recordLatency(l);
  work.count('tasksCompleted', options.items ?? 0);
  return buildTestMetrics({
    id: 'E2E-999',
    title: 'E2E-999: a test',
    startedAt: new Date(0),
    monitor: fakeMonitorResult(options),
    work: work.snapshot(),
  });
}

describe('buildTestMetrics', () => {
  it('derives throughput over the duration when no work was timed, and the error rate over attempts', () => {
    const m = metricsWith({ durationMs: 2000, items: 300, errors: 100 });
    expect(m.throughputPerSec).toBe(150);
    expect(m.errorRate).toBe(0.25);
    expect(m.memory.rssPeakMb).toBe(150);
    expect(m.id).toBe('E2E-999');
  });
});

describe('evaluateBudgets', () => {
  it('passes every budget the test stays within', () => {
    const m = metricsWith({ durationMs: 1000, rssPeakBytes: 100 * MB, items: 50, latencies: [1, 2, 3] });
    const rows = evaluateBudgets(m, {
      maxDurationMs: 1000,
      maxPeakRssMb: 100,
      minThroughputPerSec: 50,
      maxErrorRate: 0,
      maxP99Ms: 3,
      minCounters: { tasksCompleted: 50 },
    });
    expect(rows.map((r) => [r.budget, r.pass])).toEqual([
      ['max duration', true],
      ['max peak RSS', true],
      ['min throughput', true],
      ['max error rate', true],
      ['max p99 latency', true],
      ['min counter tasksCompleted', true],
    ]);
    expect(() => assertBudgets(rows)).not.toThrow();
  });

  it('fails a budget one unit past its target, naming budget, target and actual', () => {
    const m = metricsWith({ durationMs: 1001, items: 10 });
    const rows = evaluateBudgets(m, { maxDurationMs: 1000, minCounters: { tasksCompleted: 11 } });
    expect(rows.every((r) => !r.pass)).toBe(true);
    let thrown: unknown;
    try {
      assertBudgets(rows);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BudgetExceededError);
    const error = thrown as BudgetExceededError;
    expect(error.name).toBe('BudgetExceededError');
    expect(error.code).toBe('BUDGET_EXCEEDED');
    expect(error.message).toBe(
      'budget exceeded: 2 budgets failed (max duration, min counter tasksCompleted)\n  FAIL max duration: target <= 1000 ms, actual 1001 ms\n  FAIL min counter tasksCompleted: target >= 11 count, actual 10 count',
    );
  });

  it('fails a budget that cannot be measured instead of passing it silently', () => {
    const rows = evaluateBudgets(metricsWith({}), { maxP99Ms: 100, minCounters: { neverCounted: 1 } });
    expect(rows.map((r) => [r.actual, r.pass])).toEqual([
      [undefined, false],
      [undefined, false],
    ]);
    expect(() => assertBudgets(rows)).toThrow(/max p99 latency: target <= 100 ms, actual not measured/);
  });

  it('produces no rows when no budget is set', () => {
    expect(evaluateBudgets(metricsWith({}), {})).toEqual([]);
  });
});
