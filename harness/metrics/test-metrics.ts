import type { IoCounters, MonitorResult } from '../monitor/index.js';
import type { LatencySummary } from './latency-recorder.js';
import type { RecordedWork } from './perf-recorder.js';
import type { WorkCost } from './work-cost.js';

/** One typed record per test: what it cost (from the monitor) and what it did (from the spec). */
export interface TestMetrics {
  readonly schemaVersion: 1;
  /** The stable E2E-1xx id when the test has one. */
  readonly id: string | undefined;
  readonly title: string;
  readonly startedAt: string;
  /** Wall time of the monitored test body. */
  readonly durationMs: number;
  /** Wall time inside `perf.time()`/`perf.measure()`; undefined if the spec timed nothing. */
  readonly workMs: number | undefined;
  /**
   * The test's own measured work: process CPU time and robust wall time over its measured windows, RSS and heap
   * growth within them (peak minus start), with the worker's absolute RSS as context. When the spec timed nothing,
   * the whole monitored test body stands in (`source: 'test-body'`). This is what the regression detector judges.
   */
  readonly measured: WorkCost;
  readonly cpu: {
    readonly userMs: number;
    readonly systemMs: number;
    readonly meanPercent: number;
    readonly peakPercent: number;
    readonly childPeakPercent: number;
  };
  readonly memory: {
    readonly rssStartMb: number;
    readonly rssPeakMb: number;
    readonly rssEndMb: number;
    readonly heapPeakMb: number;
    readonly externalPeakMb: number;
    readonly childRssPeakMb: number;
  };
  readonly eventLoop: { readonly meanMs: number; readonly p99Ms: number; readonly maxMs: number };
  readonly io: IoCounters | undefined;
  readonly itemsProcessed: number;
  /** Items per second over the work time when the spec timed its work, else over the whole duration. */
  readonly throughputPerSec: number;
  readonly latency: LatencySummary | undefined;
  readonly errors: number;
  /** errors / (items + errors); 0 when nothing happened. */
  readonly errorRate: number;
  readonly errorSamples: readonly string[];
  readonly counters: Readonly<Record<string, number>>;
  readonly seed: number | undefined;
  readonly scale: number | undefined;
  readonly sampleCount: number;
}

export interface BuildTestMetricsOptions {
  readonly id: string | undefined;
  readonly title: string;
  readonly startedAt: Date;
  readonly monitor: MonitorResult;
  readonly work: RecordedWork;
  readonly seed?: number;
  readonly scale?: number;
}

const BYTES_PER_MB = 1024 * 1024;
const toMb = (bytes: number): number => Math.round((bytes / BYTES_PER_MB) * 100) / 100;

/** The whole monitored body as the measured work, for a spec that timed nothing. */
function testBodyCost(summary: MonitorResult['summary']): WorkCost {
  const cpuMs = Math.round((summary.cpu.userMs + summary.cpu.systemMs) * 100) / 100;
  return {
    wallMs: Math.round(summary.durationMs * 100) / 100,
    cpuMs,
    totalWallMs: Math.round(summary.durationMs * 100) / 100,
    totalCpuMs: cpuMs,
    rssGrowthMb: toMb(summary.memory.rssPeakBytes - summary.memory.rssStartBytes),
    heapGrowthMb: toMb(summary.memory.heapUsedPeakBytes - summary.memory.heapUsedStartBytes),
    rssStartMb: toMb(summary.memory.rssStartBytes),
    rssPeakMb: toMb(summary.memory.rssPeakBytes),
    samples: 1,
    windows: 0,
    source: 'test-body',
    sections: [],
  };
}

/** Combines the monitor's summary and the spec's recorded work into the test's metrics record. */
export function buildTestMetrics(options: BuildTestMetricsOptions): TestMetrics {
  const { summary } = options.monitor;
  const { work } = options;
  const basisMs = work.workMs ?? summary.durationMs;
  const attempts = work.itemsProcessed + work.errors;
  return {
    schemaVersion: 1,
    id: options.id,
    title: options.title,
    startedAt: options.startedAt.toISOString(),
    durationMs: summary.durationMs,
    workMs: work.workMs,
    measured: work.measured ?? testBodyCost(summary),
    cpu: { ...summary.cpu },
    memory: {
      rssStartMb: toMb(summary.memory.rssStartBytes),
      rssPeakMb: toMb(summary.memory.rssPeakBytes),
      rssEndMb: toMb(summary.memory.rssEndBytes),
      heapPeakMb: toMb(summary.memory.heapUsedPeakBytes),
      externalPeakMb: toMb(summary.memory.externalPeakBytes),
      childRssPeakMb: toMb(summary.memory.childRssPeakBytes),
    },
    eventLoop: summary.eventLoop,
    io: summary.io,
    itemsProcessed: work.itemsProcessed,
    throughputPerSec: basisMs > 0 ? (work.itemsProcessed / basisMs) * 1000 : 0,
    latency: work.latency,
    errors: work.errors,
    errorRate: attempts > 0 ? work.errors / attempts : 0,
    errorSamples: work.errorSamples,
    counters: work.counters,
    seed: options.seed,
    scale: options.scale,
    sampleCount: summary.sampleCount,
  };
}
