import type { MonitorResult, MonitorSummary } from '../monitor/index.js';

const MB = 1024 * 1024;

/** A monitor result with plausible numbers, overridable per test (test support, not exported by index.ts). */
export function fakeMonitorResult(overrides: { durationMs?: number; rssPeakBytes?: number } = {}): MonitorResult {
  const summary: MonitorSummary = {
    durationMs: overrides.durationMs ?? 2000,
    cpu: { userMs: 1500, systemMs: 100, meanPercent: 80, peakPercent: 190, childPeakPercent: 0 },
    memory: {
      rssStartBytes: 100 * MB,
      rssPeakBytes: overrides.rssPeakBytes ?? 150 * MB,
      rssEndBytes: 120 * MB,
      heapUsedStartBytes: 20 * MB,
      heapUsedPeakBytes: 60 * MB,
      heapUsedEndBytes: 30 * MB,
      externalPeakBytes: 5 * MB,
      childRssPeakBytes: 0,
    },
    eventLoop: { meanMs: 10.5, p99Ms: 30, maxMs: 45 },
    io: undefined,
    childPeakCount: 0,
    sampleCount: 21,
  };
  return { summary, timeline: [] };
}
