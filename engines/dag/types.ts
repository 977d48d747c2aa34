import type { ConditionScope } from './condition/condition-scope.js';
import type { RetryPolicy } from './retry-policy.js';

/** What a node is for. The engine schedules every type the same way; types only change defaults (see {@link NodeDefinition.executor}). */
export type NodeType = 'PHASE' | 'CUSTOM' | 'PARALLEL_GROUP' | 'CONDITIONAL' | 'HUMAN_REVIEW' | 'CHECKPOINT';

export const NODE_TYPES: readonly NodeType[] = [
  'PHASE',
  'CUSTOM',
  'PARALLEL_GROUP',
  'CONDITIONAL',
  'HUMAN_REVIEW',
  'CHECKPOINT',
];

/** Node types that may omit an executor: they only group or mark a point in the graph. */
export const PASS_THROUGH_TYPES: ReadonlySet<NodeType> = new Set<NodeType>(['PARALLEL_GROUP', 'CHECKPOINT']);

export type NodeStatus = 'PENDING' | 'READY' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'SKIPPED' | 'BLOCKED';

export type WorkflowStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'PAUSED' | 'CANCELLED';

/**
 * What a node does when some of its dependencies were SKIPPED (and none FAILED or was BLOCKED, which always blocks):
 * - `'skip-if-all'` (default): skipped only when every dependency was skipped; otherwise it runs, and the skipped
 *   ones are listed in {@link NodeInput.skippedDependencies} with no output.
 * - `'skip-if-any'`: skipped as soon as one dependency was skipped.
 * - `'run'`: always runs.
 */
export type SkippedDependencyRule = 'skip-if-all' | 'skip-if-any' | 'run';

/** What a node's executor receives. A fresh object per attempt. */
export interface NodeInput {
  readonly executionId: string;
  readonly workflowId: string;
  readonly nodeId: string;
  /** 1 for the first attempt of this run. */
  readonly attempt: number;
  /** The run's global context (read-only by contract). */
  readonly context: Readonly<Record<string, unknown>>;
  /** Outputs of the COMPLETED dependencies, by dependency id. */
  readonly dependencies: Readonly<Record<string, unknown>>;
  /** Artifacts of the COMPLETED dependencies that produced any, by dependency id. */
  readonly artifacts: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Dependencies that were SKIPPED (they have no output). */
  readonly skippedDependencies: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * A node's work. It must honour `signal`: it is aborted on timeout, pause and cancel, and a settlement after that
 * is ignored. Return the output, or {@link withArtifacts} to attach named artifacts as well.
 */
export type NodeExecutor = (input: NodeInput, signal: AbortSignal) => unknown;

export type ConditionPredicate = (scope: ConditionScope) => boolean;

export interface NodeDefinition {
  readonly id: string;
  readonly name?: string;
  /** Default `'CUSTOM'`. */
  readonly type?: NodeType;
  /** Required except for PARALLEL_GROUP and CHECKPOINT nodes, which default to a no-op returning `undefined`. */
  readonly executor?: NodeExecutor;
  readonly dependsOn?: readonly string[];
  /** Retries after the first attempt, with exponential backoff (see {@link RetryPolicy}). */
  readonly retry?: RetryPolicy;
  /** Per-attempt timeout in ms; the attempt's signal is aborted with a NodeTimeoutError when it fires. */
  readonly timeoutMs?: number;
  /** Evaluated once all dependencies settled: false skips the node, an error fails it. */
  readonly condition?: string | ConditionPredicate;
  readonly config?: Readonly<Record<string, unknown>>;
  readonly whenDependencySkipped?: SkippedDependencyRule;
}

/**
 * Plain data, compiled once per definition object and cached: do not change a definition after running it (the
 * builder returns it frozen); build a new one instead.
 */
export interface WorkflowDefinition {
  readonly id: string;
  readonly name?: string;
  readonly nodes: readonly NodeDefinition[];
}

/** An executor's return value carrying named artifacts next to its output. */
export class NodeOutputWithArtifacts<T = unknown> {
  constructor(
    readonly output: T,
    readonly artifacts: Readonly<Record<string, unknown>>,
  ) {}
}

/** Returns `output` together with named artifacts that dependents see in {@link NodeInput.artifacts}. */
export function withArtifacts<T>(output: T, artifacts: Readonly<Record<string, unknown>>): NodeOutputWithArtifacts<T> {
  return new NodeOutputWithArtifacts(output, artifacts);
}
