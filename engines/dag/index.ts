/**
 * The DAG workflow engine and its durable context store.
 *
 * A workflow is a set of nodes (PHASE, CUSTOM, PARALLEL_GROUP, CONDITIONAL, HUMAN_REVIEW, CHECKPOINT), each an
 * async `executor(input, signal)` with dependencies, an optional retry policy, timeout, condition and config.
 *
 * **Validation.** `validateWorkflow` (and every `start`) collects all problems before anything runs: duplicate
 * ids, unknown or repeated dependencies, each cycle as its full path, unknown types, missing executors, bad
 * conditions, retry policies and timeouts. Disconnected graphs and empty workflows are valid.
 *
 * **Scheduling.** A node starts as soon as its own dependencies are COMPLETED, under a per-workflow and an
 * executor-wide concurrency limit (many workflows share one executor and one store). Statuses: PENDING → READY →
 * RUNNING → COMPLETED | FAILED; or SKIPPED / BLOCKED without running. A node keeps its slot while it waits out a
 * retry backoff.
 * An executor may return a plain value instead of a promise: without a retry policy or timeout, the node then
 * settles at once, in the same turn (no promise, no extra microtask), and its dependents are released iteratively.
 * Compiled definitions are cached per definition object, so start many runs from one definition where you can.
 *
 * **Failures.** Dependents of a FAILED or BLOCKED node become BLOCKED at once, transitively, and never run on
 * partial input. A run whose nodes all COMPLETED or were SKIPPED is COMPLETED; one with any FAILED node is FAILED.
 *
 * **Skipped dependencies.** A node whose condition is false is SKIPPED (`reason: 'condition-false'`). For its
 * dependents, once every dependency settled and none failed or was blocked, the rule is per node
 * (`whenDependencySkipped`): `'skip-if-all'` (default) skips the dependent only when *all* its dependencies were
 * skipped (`reason: 'dependency-skipped'`), so a chain under a false branch is skipped while a join after an
 * if/else still runs; `'skip-if-any'` skips on any skipped dependency; `'run'` always runs. A dependent that runs
 * sees no output for skipped dependencies and gets their ids in `input.skippedDependencies`.
 *
 * **Conditions.** A predicate `(scope) => boolean` or an expression over `context.*`, `inputs.<dependency>.*`
 * (dependency outputs) and `config.*` with literals, `==`, `!=`, `<`, `<=`, `>`, `>=`, `!`, `&&`, `||` and
 * parentheses, e.g. `inputs.test.passed == true && context.env != 'prod'`. It is parsed, never `eval`ed, and
 * strict: `==` does not coerce, `&&`/`||`/`!` need booleans, ordering needs two numbers or two strings, and reading
 * through a missing value is an error. A condition that throws or errs FAILS the node (`NODE_FAILED`, attempt 0).
 *
 * **Retries and timeouts.** Retries use p-retry with its options and formula (engines/common computeBackoffDelay):
 * the wait before retry n is `min(round(r * minTimeout * factor^(n-1)), maxTimeout)`, r = 1, or in [1, 2) from the
 * seeded source with `randomize`; a timeout (p-timeout) aborts the attempt's `signal` with a
 * NodeTimeoutError and counts as a failed attempt. Pause and cancel abort running nodes' signals too.
 *
 * **Events**, each exactly once: WORKFLOW_STARTED, then WORKFLOW_COMPLETED | WORKFLOW_FAILED | WORKFLOW_CANCELLED
 * (plus WORKFLOW_PAUSED/RESUMED); per attempt NODE_STARTED then one of NODE_COMPLETED, NODE_RETRY, NODE_FAILED,
 * NODE_INTERRUPTED; NODE_SKIPPED and NODE_BLOCKED without a start. A throwing or rejecting listener is counted
 * in `result.listenerErrors` and never breaks a run. With no listener, no event object is built.
 *
 * **Store and resume.** With a store, each completion is saved (writes coalesced) before its NODE_COMPLETED is
 * emitted and its dependents start. If a save fails, the run ends FAILED with a ContextStoreWriteError (its `cause`
 * is the store's error) and the completions no successful save covered are never announced: those nodes end their
 * attempt with NODE_INTERRUPTED (`reason: 'cancelled'`) and are READY in the result, exactly as the store holds
 * them, so NODE_COMPLETED always means "durable". `FileContextStore` (the embedded durable default) writes one JSON
 * file per execution atomically (file and directory fsynced), removes the temporary files of killed writes when
 * opened and in `delete()`, and reports a directory it cannot create with the system's cause (EROFS, EACCES); a
 * corrupt file raises a ContextStoreCorruptError naming it and is never replaced.
 * `executor.resume(definition, executionId)` re-runs FAILED, BLOCKED and unfinished nodes, never COMPLETED ones.
 *
 * @example
 * ```ts
 * import { defineWorkflow, FileContextStore, WorkflowExecutor } from './engines/dag/index.js';
 *
 * const workflow = defineWorkflow('release')
 *   .node('build', async () => ({ artifact: 'app.tgz' }), { type: 'PHASE', timeoutMs: 60_000 })
 *   .node('test', async (input) => ({ passed: input.dependencies['build'] !== undefined }), {
 *     dependsOn: ['build'],
 *     retry: { retries: 2, minTimeout: 500, factor: 2, maxTimeout: 5_000, randomize: true },
 *   })
 *   .node('deploy', async (_input, signal) => deploy(signal), {
 *     dependsOn: ['test'],
 *     condition: "inputs.test.passed == true && context.env == 'staging'",
 *   })
 *   .build();
 *
 * const executor = new WorkflowExecutor({ concurrency: 8, store: new FileContextStore({ directory: '.dag' }) });
 * const result = await executor.run(workflow, { context: { env: 'staging' }, executionId: 'release-42' });
 * if (result.status !== 'COMPLETED') {
 *   const again = await executor.resume(workflow, 'release-42'); // after fixing the cause
 *   await again.result;
 * }
 * ```
 * @packageDocumentation
 */

export { defineWorkflow, WorkflowBuilder, type NodeOptions } from './workflow-builder.js';
export { validateWorkflow, type ValidationResult } from './validate-workflow.js';
export type { ValidationProblem, ValidationProblemCode } from './validation-problem.js';
export {
  WorkflowExecutor,
  type ResumeOptions,
  type RunOptions,
  type WorkflowExecutorOptions,
} from './workflow-executor.js';
export type { PauseOptions, WorkflowRunHandle } from './run-handle.js';
export {
  NODE_TYPES,
  NodeOutputWithArtifacts,
  withArtifacts,
  type ConditionPredicate,
  type NodeDefinition,
  type NodeExecutor,
  type NodeInput,
  type NodeStatus,
  type NodeType,
  type SkippedDependencyRule,
  type WorkflowDefinition,
  type WorkflowStatus,
} from './types.js';
export type { ConditionScope } from './condition/condition-scope.js';
export { compileCondition } from './condition/compile-condition.js';
export { normalizeRetryPolicy, type RetryPolicy } from './retry-policy.js';
export type { WorkflowEvent, WorkflowEventListener, WorkflowEventType } from './events.js';
export type { NodeResult, SkipReason, WorkflowResult, WorkflowResultStatus } from './workflow-result.js';
export type { ContextStore, ExecutionSnapshot, StoredError, StoredNodeState } from './stores/context-store.js';
export { MemoryContextStore } from './stores/memory-store.js';
export { FileContextStore, type FileContextStoreOptions } from './stores/file-store.js';
export { findCycles, type FindCyclesOptions, type FoundCycles } from './find-cycles.js';
export { createSeededRandom } from './seeded-random.js';
export {
  ConditionError,
  ConditionSyntaxError,
  ContextStoreCorruptError,
  ContextStoreWriteError,
  DagError,
  ExecutionActiveError,
  ExecutionExistsError,
  ExecutionNotFoundError,
  NodeTimeoutError,
  NonErrorThrownError,
  ResumeMismatchError,
  WorkflowCancelledError,
  WorkflowPausedError,
  WorkflowValidationError,
  type DagErrorCode,
} from './errors.js';
