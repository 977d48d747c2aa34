/**
 * Every random decision in the harness takes a {@link RandomSource}, so a run is reproduced from its printed seed.
 * The generator itself (mulberry32) is shared with the engines.
 */
export { createSeededRandom } from '../../engines/common/index.js';
export type { RandomSource } from '../../engines/common/index.js';
