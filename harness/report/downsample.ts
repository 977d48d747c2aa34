import type { MonitorSample } from '../monitor/index.js';

/**
 * Reduces a timeline to at most `maxPoints` samples by merging consecutive samples into buckets.
 * Each bucket keeps the *peak* of every series (CPU, memory, event-loop delay) at its last sample's
 * time: a chart must still show the spike that a mean would smooth away.
 */
export function downsampleTimeline(timeline: readonly MonitorSample[], maxPoints = 300): MonitorSample[] {
  if (!(maxPoints >= 2)) throw new RangeError(`maxPoints must be >= 2, got ${maxPoints}`);
  if (timeline.length <= maxPoints) return [...timeline];
  const out: MonitorSample[] = [];
  const size = timeline.length / maxPoints;
  for (let b = 0; b < maxPoints; b++) {
    const bucket = timeline.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    const last = bucket[bucket.length - 1];
    if (last === undefined) continue;
    const peak = (pick: (s: MonitorSample) => number): number => Math.max(...bucket.map(pick));
    out.push({
      atMs: last.atMs,
      cpuPercent: peak((s) => s.cpuPercent),
      pidusageCpuPercent: last.pidusageCpuPercent,
      childCpuPercent: peak((s) => s.childCpuPercent),
      childRssBytes: peak((s) => s.childRssBytes),
      childCount: peak((s) => s.childCount),
      rssBytes: peak((s) => s.rssBytes),
      heapUsedBytes: peak((s) => s.heapUsedBytes),
      externalBytes: peak((s) => s.externalBytes),
      eventLoopDelayMeanMs: peak((s) => s.eventLoopDelayMeanMs),
      eventLoopDelayMaxMs: peak((s) => s.eventLoopDelayMaxMs),
    });
  }
  return out;
}
