/**
 * BDV engine: behaviour-driven validation of Gherkin `.feature` files, executed for real.
 *
 * Parses with the official `@cucumber/gherkin` (Rule, Background, Scenario Outline, data tables, doc strings,
 * tags, `# language:`), matches steps with Cucumber Expressions or regular expressions, runs each pickle with a
 * fresh world, hooks, per-step timeouts, tag filtering, concurrency or worker threads and retries, and reports
 * a typed {@link RunReport} plus Cucumber Messages. Flake detection classifies scenarios over repeated runs and
 * maintains a quarantine file that later runs honour.
 *
 * @example
 * ```ts
 * import { createStepRegistry, loadFeatures, runPickles, formatSummary } from './engines/bdv/index.js';
 *
 * const registry = createStepRegistry();
 * const { Given, Then } = registry.api;
 * Given('I have {int} cukes', function (this: { n: number }, n: number) { this.n = n; });
 * Then('I have {int} cukes left', function (this: { n: number }, n: number) {
 *   if (this.n !== n) throw new Error(`expected ${n}, got ${this.n}`);
 * });
 * const features = await loadFeatures(['features']);
 * const report = await runPickles(features, { registry, tags: 'not @wip' });
 * process.stdout.write(formatSummary(report));
 *
 * // A suite of hundreds of thousands of scenarios: kept as text, parsed pass by pass, only problems listed.
 * const huge = await openFeatureFiles(['features']);
 * const counted = await runPickles(huge, { registry, retain: 'problems', onMessage: (envelope) => write(toNdjsonLine(envelope)) });
 * ```
 *
 * @packageDocumentation
 */
export type {
  AttemptResult,
  ErrorInfo,
  ExecutablePickle,
  ParseProblem,
  Attachment,
  RunHookProblem,
  RunHookResult,
  RunReport,
  RunStatus,
  ScenarioResult,
  ScenarioStatus,
  StatusCounts,
  StepResult,
  StepStatus,
} from './types.js';
export {
  BdvError,
  PendingException,
  SkippedException,
  QuarantineFileError,
  StepDefinitionError,
  StepTimeoutError,
  StepsModuleError,
  TagExpressionError,
  WorkerError,
  type BdvErrorCode,
} from './errors.js';
export { DataTable } from './data-table.js';
export { World, type AttachFunction, type AttachOptions, type WorldConstructor, type WorldOptions } from './world.js';
export {
  DEFAULT_STEP_TIMEOUT_MS,
  StepRegistry,
  compileTagFilter,
  createStepRegistry,
  type HookFunction,
  type HookOptions,
  type HookScenario,
  type ParameterTypeDefinition,
  type ParameterTypeOptions,
  type RegisteredDefinition,
  type UndefinedParameterType,
  type RunHookFunction,
  type StepFunction,
  type StepOptions,
  type StepOutcome,
  type StepsApi,
} from './step-registry.js';
export type { StepMatch, StepMatcher } from './step-matcher.js';
export { suggestSnippet } from './snippet.js';
export {
  DEFAULT_STEPS_LOAD_TIMEOUT_MS,
  loadStepsModule,
  type LoadStepsModuleOptions,
  type StepsModuleFunction,
} from './steps-module.js';
export {
  createFeatureSet,
  escapeControlCharacters,
  formatParseProblem,
  parseFeatureSource,
  scenarioKey,
  type FeatureSet,
  type ParseFeatureOptions,
  type ParseFeatureResult,
  type ParsedFeature,
} from './parse-features.js';
export {
  loadFeatures,
  openFeatureFiles,
  type LoadFeaturesOptions,
  type OpenFeatureFilesOptions,
} from './load-features.js';
export {
  DEFAULT_RETAIN_PARSED_CHARS,
  FeatureFiles,
  type FeatureFilesOptions,
  type FeatureText,
  type FeatureVisit,
} from './feature-files.js';
export type { ScenarioRetention } from './build-report.js';
export { runPickles, selectPickles, type RunOptions } from './run-pickles.js';
export { runBdv, type BdvRun, type RunBdvOptions } from './run-bdv.js';
export { isFailingStatus } from './build-report.js';
export { MessageStream, planUnits, toNdjson, toNdjsonLine, type MessageSink } from './messages.js';
export { orderPickles, parsePickleOrder, type PickleOrder } from './run-order.js';
export { maxWorkerThreads } from './worker/run-in-workers.js';
export { MAX_INPUT_BYTES } from './read-input-file.js';
export {
  classifyScenario,
  detectFlakes,
  flakeRate,
  type ClassifyOptions,
  type DetectFlakesOptions,
  type FlakeReport,
  type FlakeVerdict,
} from './flake-detection.js';
export {
  emptyQuarantine,
  quarantinedKeys,
  readQuarantineFile,
  writeQuarantineFile,
  type FlakeClassification,
  type QuarantineData,
  type QuarantineEntry,
  type QuarantineHistoryRecord,
} from './quarantine-file.js';
export { formatFlakeSummary, formatSummary } from './format-summary.js';
/** Running the Cucumber Compatibility Kit through `maestro bdv` (test and bench support). */
export * as compatibilityKit from './cck/index.js';
