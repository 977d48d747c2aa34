/**
 * Metrics and budgets: one typed record per test and readable pass/fail budget rows.
 *
 * @example
 * ```ts
 * import { PerfRecorder, buildTestMetrics, evaluateBudgets, assertBudgets } from '../metrics/index.js';
 * const work = new PerfRecorder();
 * await work.measure(() => handleRequest());      // latency + 1 item (or 1 error)
 * work.count('bytesHashed', 4096);
 * const metrics = buildTestMetrics({ id: 'E2E-101', title, startedAt, monitor: await monitor.stop(), work: work.snapshot() });
 * assertBudgets(evaluateBudgets(metrics, { maxDurationMs: 300_000, maxP99Ms: 50, minCounters: { bytesHashed: 1 } }));
 * ```
 */
export { LatencyRecorder } from './latency-recorder.js';
export type { LatencyRecorderOptions, LatencySummary } from './latency-recorder.js';
export { PerfRecorder } from './perf-recorder.js';
export type { PerfRecorderOptions, RecordedWork, RepeatOptions } from './perf-recorder.js';
export { processUsageProbe, readThreadCpuMicros, summarizeWork, withPeaksFrom } from './work-cost.js';
export type { MemoryReading, RepeatSection, UsageProbe, WorkCost, WorkWindow } from './work-cost.js';
export { buildTestMetrics } from './test-metrics.js';
export type { BuildTestMetricsOptions, TestMetrics } from './test-metrics.js';
export { BudgetExceededError, assertBudgets, describeBudgetRow, evaluateBudgets } from './budgets.js';
export type { BudgetRow, Budgets } from './budgets.js';
