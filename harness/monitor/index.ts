/**
 * Performance monitor: samples this process and its descendants while a test runs, and summarises the
 * interval exactly (CPU totals from `process.cpuUsage`, never from a 100 ms pidusage guess).
 *
 * @example
 * ```ts
 * import { startMonitor } from '../monitor/index.js';
 * const monitor = startMonitor({ intervalMs: 100 });
 * await doTheWork();
 * const { summary, timeline } = await monitor.stop();
 * console.log(summary.cpu.meanPercent, summary.memory.rssPeakBytes, timeline.length);
 * ```
 */
export { startMonitor } from './monitor.js';
export type { Monitor, MonitorOptions } from './monitor.js';
export { createNodeProcessProbe, warmUpProcessProbe } from './process-probe.js';
export type { ProcessProbe, ProcessStat } from './process-probe.js';
export { listDescendantPids } from './descendant-pids.js';
export { parseProcIo, readProcIo } from './proc-io.js';
export { summarizeTimeline } from './summarize.js';
export type { IoCounters, MonitorResult, MonitorSample, MonitorSummary } from './types.js';
