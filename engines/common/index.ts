/**
 * Small primitives shared by the engines (and, since the harness builds on the engines, by the harness too):
 * crash-safe file writes (atomic, fsynced with their directory, temporary files named by their writer's pid) and
 * directory creation that reports the real cause, a seeded random source, exponential backoff in p-retry's terms, and
 * one way to print what was thrown.
 * Nothing here knows about any one engine.
 *
 * @example
 * import { createSeededRandom, writeJsonAtomic } from '../common/index.js';
 * const random = createSeededRandom(7);
 * await writeJsonAtomic('reports/verdict.json', { verdict: 'ALL_PASS', sample: random() });
 */
export { computeBackoffDelay, DEFAULT_BACKOFF, findBackoffProblems } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export { CodedError } from './coded-error.js';
export { errorMessage, errorWithName } from './error-message.js';
export { createSeededRandom } from './seeded-random.js';
export type { RandomSource } from './seeded-random.js';
export { ensureDirectory, syncDirectory } from './ensure-directory.js';
export type { EnsureDirectoryOptions } from './ensure-directory.js';
export { parseTemporaryName, temporaryPathFor, writeFileAtomic, writeJsonAtomic } from './write-file-atomic.js';
export type { WriteFileAtomicOptions } from './write-file-atomic.js';
export { repeatEvery, sleep, systemClock, toGlobalTimers, unrefTimer } from './clock.js';
export type { Clock, GlobalTimerFunctions, RepeatOptions, SleepOptions, TimerHandle } from './clock.js';
// For tests (of the engines and of the harness): a clock that moves only when told to.
export { createManualClock } from './testing/manual-clock.js';
export type { ManualClock } from './testing/manual-clock.js';
