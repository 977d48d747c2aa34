/**
 * Seeded, randomized loads for the stress suite and the benchmarks: plain data and files, never engine objects.
 * Every generator is deterministic for its seed (same seed, same bytes), so a failing run is replayed from the
 * seed it printed; fast-check arbitraries are provided where a property test wants shrinking.
 *
 * - DAG shapes (`{ id, dependsOn }[]`): fan-out/fan-in diamonds, layered random DAGs, chains, an arbitrary, and
 *   fault plans (failures before success, hangs, latency classes) with an independent status oracle.
 * - Code bases on disk: a layered TypeScript project with a manifest of its exact import edges, externals,
 *   injected cycles and layer violations; `mutateFiles` and `ageTree` for incremental runs; a whole SDLC project folder.
 * - Feature suites: `.feature` files over a fixed step vocabulary (exported as data with a reference
 *   implementation), with pickle and step counts equal to what the official Gherkin compiler produces.
 *
 * @example
 * import { generateFanOutFanInDag, faultPlanFor, writeLayeredCodebase, writeFeatureSuite } from '../harness/generators/index.js';
 *
 * const shape = generateFanOutFanInDag({ stages: 3, width: 8, seed });
 * const faults = faultPlanFor(shape, { failureRate: 0.2, hangRate: 0.05, maxFailuresPerNode: 2 }, seed);
 * const code = await writeLayeredCodebase(dir, { files: 1000, seed, cycles: 3, layerViolations: 5, tsconfigPaths: true });
 * const suite = await writeFeatureSuite(featuresDir, { scenarios: 500, seed, failingScenarios: 2 });
 * // code.edges, code.cycles, suite.pickles, suite.failingPickleNames are the expected results
 */
export { createSeededRandom, hashString } from './seeded-random.js';
export type { SeededRandom } from './seeded-random.js';

export { findDependencyOrderViolations, topologicalOrder } from './dag-shape.js';
export type { DagNodeSpec, DagRunEvent, DagShape, DependencyOrderViolation } from './dag-shape.js';
export { generateChainDag, generateFanOutFanInDag, generateLayeredDag } from './dag-generators.js';
export type { ChainDagOptions, FanOutFanInDagOptions, LayeredDagOptions } from './dag-generators.js';
export { dagShapeArbitrary } from './dag-arbitrary.js';
export type { DagShapeArbitraryOptions } from './dag-arbitrary.js';
export { attemptOutcome, faultPlanArbitrary, faultPlanFor, predictNodeStatuses } from './fault-plan.js';
export { hangLoadFor } from './hang-load.js';
export type { HangLoad, HangLoadOptions } from './hang-load.js';
export type {
  AttemptOutcome,
  FaultPlan,
  FaultPlanOptions,
  HangMode,
  LatencyClass,
  NodeFault,
  PredictedNodeStatus,
  PredictStatusOptions,
} from './fault-plan.js';

export { CODEBASE_LAYERS } from './codebase-types.js';
export type {
  CodebaseEdge,
  CodebaseLayer,
  ExternalImport,
  GeneratedFile,
  ImportKind,
  LayerViolation,
  LayeredCodebaseManifest,
  LayeredCodebaseOptions,
} from './codebase-types.js';
export { layeredCodebaseArbitrary, planLayeredCodebase, writeLayeredCodebase } from './layered-codebase.js';
export type { LayeredCodebaseArbitraryOptions, LayeredCodebasePlan } from './layered-codebase.js';
export { ageTree, mutateFiles } from './mutate-files.js';
export type { MutationResult } from './mutate-files.js';
export { SDLC_PARTS } from './sdlc-parts.js';
export { writeSdlcProject } from './sdlc-project.js';
export type { SdlcPart, SdlcPhase } from './sdlc-parts.js';
export type { SdlcProjectManifest, SdlcProjectOptions } from './sdlc-project.js';

export { STEP_VOCABULARY, StepAssertionError, createVocabularyWorld, vocabularyStep } from './step-vocabulary.js';
export type { StepArgument, StepKeyword, VocabularyStep, VocabularyUser, VocabularyWorld } from './step-vocabulary.js';
export {
  MIN_SCENARIOS_FOR_EVERY_CONSTRUCT,
  featureSuiteArbitrary,
  generateFeatureSuite,
  writeFeatureSuite,
} from './feature-suite.js';
export type {
  FeatureSuiteArbitraryOptions,
  FeatureSuiteManifest,
  FeatureSuiteOptions,
  FeatureSuitePlan,
  PickleDetail,
} from './feature-suite.js';
