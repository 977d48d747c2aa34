/**
 * The stream coordinator: runs the three validation streams of the Maestro tri-modal verdict in parallel,
 * DDE (a workflow on the DAG engine), BDV (feature files) and ACC (a code base), each isolated with its own
 * workspace, context, AbortController and deadline. A stream that throws, hangs past its deadline, rejects its
 * input or returns garbage becomes that stream's failed result; the others never notice.
 *
 * Verdict: all pass → ALL_PASS; only BDV fails → DESIGN_GAP; only ACC → ARCHITECTURAL_EROSION; only DDE →
 * PROCESS_ISSUE; two fail → MIXED_FAILURE; three → SYSTEMIC_FAILURE. Deployable only on ALL_PASS.
 *
 * Real streams over the engines live in `./streams/` ({@link createDdeStream}, {@link createBdvStream},
 * {@link createAccStream}); any object with `name` and `run(context)` is a stream.
 *
 * @example
 * ```ts
 * const report = await runValidationStreams(
 *   {
 *     DDE: createDdeStream({ workflow, context: { env: 'ci' } }),
 *     BDV: createBdvStream({ paths: ['features'], registry }),
 *     ACC: createAccStream({ root: 'path/to/project' }),
 *   },
 *   { timeoutMs: { DDE: 60_000, BDV: 120_000, ACC: 120_000 }, verdictPath: 'reports/verdict.json' },
 * );
 * if (!report.deployable) console.log(report.verdict, report.streams.BDV.summary);
 * ```
 */
export { runValidationStreams, type RunValidationStreamsOptions } from './run-validation-streams.js';
export { runIsolated, type RunIsolatedOptions } from './run-isolated.js';
export { computeVerdict, isDeployable } from './compute-verdict.js';
export { writeJsonAtomic } from '../common/index.js';
export { serializeError } from './serialize-error.js';
export {
  CoordinatorConfigError,
  CoordinatorError,
  RunCancelledError,
  StreamDeadlineError,
  StreamInputError,
  type CoordinatorErrorCode,
} from './errors.js';
export { STREAM_NAMES } from './types.js';
export {
  createAccStream,
  createBdvStream,
  createDdeStream,
  type AccDetails,
  type AccStreamOptions,
  type BdvDetails,
  type BdvScenarioFailure,
  type BdvStreamOptions,
  type DdeDetails,
  type DdeNodeFailure,
  type DdeStreamOptions,
} from './streams/index.js';
export type {
  CoordinatorReport,
  DetailsOf,
  FailedStreamResult,
  PassedStreamResult,
  SerializedError,
  StreamContext,
  StreamDetails,
  StreamFailureReason,
  StreamName,
  StreamOutcome,
  StreamResult,
  StreamSet,
  ValidationStream,
  Verdict,
} from './types.js';
