/**
 * CPU profiling for perf tests: record this thread's JavaScript with the V8 profiler (`node:inspector`), then
 * summarise it (top functions by self time, with `file:line:column`), draw it as a flame graph, and attach all of
 * it to the running Playwright test. The perf fixture turns it on with `STRESS_PROFILE=1`.
 *
 * @example
 * ```ts
 * import { attachCpuProfile, startCpuProfile } from '../profiling/index.js';
 * const recording = await startCpuProfile();
 * try {
 *   await use(session); // the test body
 * } finally {
 *   await attachCpuProfile(testInfo, await recording.stop()); // .cpuprofile + summary + flame graph
 * }
 * ```
 */
export { startCpuProfile } from './start-cpu-profile.js';
export type { CpuProfileRecording, CpuProfileResult, StartCpuProfileOptions } from './start-cpu-profile.js';
export { formatCpuProfileSummary, summarizeCpuProfile } from './summarize-cpu-profile.js';
export type { CpuProfileSummary, ProfiledFunction } from './summarize-cpu-profile.js';
export { renderFlameGraphSvg } from './flame-graph-svg.js';
export type { FlameGraphOptions } from './flame-graph-svg.js';
export { attachCpuProfile } from './attach-cpu-profile.js';
export type { AttachCpuProfileOptions } from './attach-cpu-profile.js';
export type { CpuProfile, CpuProfileCallFrame, CpuProfileNode } from './cpu-profile.js';
export { ProfilingError } from './errors.js';
export type { ProfilingErrorCode } from './errors.js';
