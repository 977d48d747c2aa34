/**
 * The real validation streams over the Maestro engines, ready for `runValidationStreams`.
 *
 * @example
 * ```ts
 * const report = await runValidationStreams({
 *   DDE: createDdeStream({ workflow }),
 *   BDV: createBdvStream({ paths: ['features'], stepsModules: ['features/steps.ts'] }),
 *   ACC: createAccStream({ root: '.', rules: 'maestro.architecture.yaml' }),
 * });
 * ```
 */
export { createDdeStream, type DdeDetails, type DdeNodeFailure, type DdeStreamOptions } from './dde-stream.js';
export { createBdvStream, type BdvDetails, type BdvScenarioFailure, type BdvStreamOptions } from './bdv-stream.js';
export { createAccStream, type AccDetails, type AccStreamOptions } from './acc-stream.js';
