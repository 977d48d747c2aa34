/**
 * Soak mode: loop randomized loads (DAG workflows, BDV suites, ACC analyses, socket-pool traffic) for a long time
 * while the monitor samples the process, then judge memory growth with a robust (Theil–Sen) fit over post-GC heap
 * samples and write JSON + SVG charts + an HTML page. `npm run soak` (harness/cli/soak.ts) drives it from
 * `STRESS_DURATION`.
 *
 * @example
 * ```ts
 * import { createSoakLoads, runSoak, writeSoakReport, obtainGarbageCollector, parseDuration } from '../soak/index.js';
 * const loads = await createSoakLoads({ scratchDir: '/tmp/soak' });
 * try {
 *   const result = await runSoak({ durationMs: parseDuration('10m'), seed: 42, loads, gc: obtainGarbageCollector() });
 *   await writeSoakReport(result, 'reports/soak');
 *   if (result.leak.status === 'leak') process.exitCode = 1;
 * } finally {
 *   await loads.close();
 * }
 * ```
 */
export { parseDuration, readDurationFromEnv, formatDuration } from './parse-duration.js';
export { fitTheilSen, median } from './theil-sen.js';
export type { LineFit, Point } from './theil-sen.js';
export { detectLeak } from './detect-leak.js';
export type { HeapSample, LeakDetectionOptions, LeakStatus, LeakVerdict } from './detect-leak.js';
export { SOAK_LOAD_KINDS, createSoakLoads } from './soak-loads.js';
export type { SoakLoadContext, SoakLoadKind, SoakLoadOutcome, SoakLoads, SoakLoadsOptions } from './soak-loads.js';
export { runSoak } from './run-soak.js';
export type { ErrorWindow, KindTotals, RunSoakOptions, SoakProgress, SoakResult } from './run-soak.js';
export { obtainGarbageCollector } from './collect-garbage.js';
export { writeSoakReport } from './write-soak-report.js';
export type { SoakReportFiles } from './write-soak-report.js';
export { SoakConfigError } from './errors.js';
export type { SoakErrorCode } from './errors.js';
