/**
 * Workloads: adapters that turn the plain data of `harness/generators` into engine inputs, shared by the stress specs
 * and the proof script so no spec writes its own adapter.
 *
 * - {@link buildDagWorkload}: a DAG shape (+ fault plan) as a DAG-engine workflow whose nodes hash their
 *   dependencies' outputs (real work, checkable against {@link expectedDagDigests}) and obey the plan's
 *   failures, hangs and latency; {@link createDagEventLog} turns engine events into the loads' order check input.
 * - {@link registerVocabularySteps}: the feature suites' step vocabulary as BDV step definitions, counting calls.
 * - {@link graphEdgePairs} / {@link manifestEdgePairs}: ACC import graph vs. the generator's exact edges.
 * - {@link fitPowerLaw} / {@link renderScalingSvg}: log-log least squares for scaling tests, and its chart.
 * - {@link incrementUnderLock}: a read-yield-write critical section a real race would break.
 *
 * @example
 * ```ts
 * import { buildDagWorkload, createDagEventLog } from '../harness/engine-workloads/index.js';
 * const shape = generateFanOutFanInDag({ stages: 2, width: 4, seed });
 * const workload = buildDagWorkload(shape, { workflowId: 'wf-1' });
 * const log = createDagEventLog();
 * const result = await new WorkflowExecutor().run(workload.definition, { onEvent: log.listener });
 * // result.nodes[i].output === workload.expectedOutputs[id]; findDependencyOrderViolations(shape, log.runEvents(result.executionId))
 * ```
 */
export {
  InjectedNodeFailure,
  MissingDependencyOutputError,
  buildDagWorkload,
  createConcurrencyGauge,
  expectedDagDigests,
} from './dag-workload.js';
export type { ConcurrencyGauge, DagWorkload, DagWorkloadOptions, ObservedAttempt } from './dag-workload.js';
export { createDagEventLog } from './dag-events.js';
export type { DagEventLog } from './dag-events.js';
export { VocabularyBdvWorld, registerVocabularySteps } from './bdv-vocabulary.js';
export type { VocabularySteps, VocabularyStepsOptions } from './bdv-vocabulary.js';
export { LAYERED_CODEBASE_RULES_YAML, diffEdgeSets, graphEdgePairs, manifestEdgePairs } from './codebase-edges.js';
export type { EdgeSetDiff } from './codebase-edges.js';
export { fitPowerLaw, renderScalingSvg } from './scaling-fit.js';
export type { PowerLawFit, ScalingChartOptions, ScalingPoint } from './scaling-fit.js';
export { createSharedLedger, incrementUnderLock, incrementUnprotected } from './shared-ledger.js';
export type { SharedLedger } from './shared-ledger.js';
export { countGherkinConstructs } from './gherkin-constructs.js';
export type { GherkinConstructs } from './gherkin-constructs.js';
