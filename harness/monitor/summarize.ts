import type { IoCounters, MonitorSample, MonitorSummary } from './types.js';

export interface SummarizeInput {
  readonly timeline: readonly MonitorSample[];
  readonly durationMs: number;
  readonly cpuDelta: NodeJS.CpuUsage;
  readonly io: IoCounters | undefined;
  readonly eventLoop: { readonly meanMs: number; readonly p99Ms: number; readonly maxMs: number };
}

function maxOf(samples: readonly MonitorSample[], pick: (s: MonitorSample) => number): number {
  let max = 0;
  for (const s of samples) max = Math.max(max, pick(s));
  return max;
}

/** Folds a timeline and the exact start→stop deltas into the summary; pure, so it is tested on scripted samples. */
export function summarizeTimeline(input: SummarizeInput): MonitorSummary {
  const { timeline, durationMs, cpuDelta } = input;
  const first = timeline[0];
  const last = timeline[timeline.length - 1];
  if (first === undefined || last === undefined)
    throw new RangeError('a timeline has at least the start and stop samples');
  const userMs = cpuDelta.user / 1000;
  const systemMs = cpuDelta.system / 1000;
  return {
    durationMs,
    cpu: {
      userMs,
      systemMs,
      meanPercent: durationMs > 0 ? ((userMs + systemMs) / durationMs) * 100 : 0,
      peakPercent: maxOf(timeline, (s) => s.cpuPercent),
      childPeakPercent: maxOf(timeline, (s) => s.childCpuPercent),
    },
    memory: {
      rssStartBytes: first.rssBytes,
      rssPeakBytes: maxOf(timeline, (s) => s.rssBytes),
      rssEndBytes: last.rssBytes,
      heapUsedStartBytes: first.heapUsedBytes,
      heapUsedPeakBytes: maxOf(timeline, (s) => s.heapUsedBytes),
      heapUsedEndBytes: last.heapUsedBytes,
      externalPeakBytes: maxOf(timeline, (s) => s.externalBytes),
      childRssPeakBytes: maxOf(timeline, (s) => s.childRssBytes),
    },
    eventLoop: input.eventLoop,
    io: input.io,
    childPeakCount: maxOf(timeline, (s) => s.childCount),
    sampleCount: timeline.length,
  };
}
