/**
 * Small primitives shared by the engines (and, since the harness builds on the engines, by the harness too):
 * crash-safe file writes and a seeded random source. Nothing here knows about any one engine.
 *
 * @example
 * import { createSeededRandom, writeJsonAtomic } from '../common/index.js';
 * const random = createSeededRandom(7);
 * await writeJsonAtomic('reports/verdict.json', { verdict: 'ALL_PASS', sample: random() });
 */
export { CodedError } from './coded-error.js';
export { createSeededRandom } from './seeded-random.js';
export type { RandomSource } from './seeded-random.js';
export { writeFileAtomic, writeJsonAtomic } from './write-file-atomic.js';
export type { WriteFileAtomicOptions } from './write-file-atomic.js';
