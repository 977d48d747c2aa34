import type { CompiledWorkflow } from './compile-workflow.js';
import type { SkipReason } from './events.js';
import type { NodeStatus } from './types.js';

/** Per-node bookkeeping of one run, in flat arrays indexed like `workflow.nodes` (cheap for thousands of runs). */
export class RunState {
  readonly status: NodeStatus[];
  /** Dependencies not yet COMPLETED (committed) or SKIPPED. */
  readonly unresolved: Int32Array;
  readonly skippedDependencies: Int32Array;
  /** Attempts made in this run. */
  readonly attempts: Int32Array;
  /** Failed attempts that were retried in this run (interrupted attempts are not failures). */
  readonly failures: Int32Array;
  /** Attempts made by earlier runs of the same execution (from the store). */
  readonly priorAttempts: Int32Array;
  /** Bumped on every dispatch and interrupt; a settlement carrying an older token is ignored. */
  readonly tokens: Int32Array;
  readonly restored: Uint8Array;
  /** 1 between an attempt's NODE_STARTED and its terminal event (so not during a retry backoff). */
  readonly attemptOpen: Uint8Array;
  readonly startedAt: Float64Array;
  readonly finishedAt: Float64Array;
  readonly outputs: unknown[];
  readonly artifacts: (Readonly<Record<string, unknown>> | undefined)[];
  readonly errors: (Error | undefined)[];
  readonly blockedBy: (string | undefined)[];
  readonly skipReasons: (SkipReason | undefined)[];
  readonly dependencyOutputs: (Readonly<Record<string, unknown>> | undefined)[];
  readonly dependencyArtifacts: (Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined)[];
  readonly skippedDependencyIds: (readonly string[] | undefined)[];

  constructor(readonly workflow: CompiledWorkflow) {
    const count = workflow.nodes.length;
    this.status = new Array<NodeStatus>(count).fill('PENDING');
    this.unresolved = new Int32Array(count);
    for (const node of workflow.nodes) this.unresolved[node.index] = node.dependencies.length;
    this.skippedDependencies = new Int32Array(count);
    this.attempts = new Int32Array(count);
    this.failures = new Int32Array(count);
    this.priorAttempts = new Int32Array(count);
    this.tokens = new Int32Array(count);
    this.restored = new Uint8Array(count);
    this.attemptOpen = new Uint8Array(count);
    this.startedAt = new Float64Array(count).fill(Number.NaN);
    this.finishedAt = new Float64Array(count).fill(Number.NaN);
    this.outputs = new Array<unknown>(count);
    this.artifacts = new Array<Readonly<Record<string, unknown>> | undefined>(count);
    this.errors = new Array<Error | undefined>(count);
    this.blockedBy = new Array<string | undefined>(count);
    this.skipReasons = new Array<SkipReason | undefined>(count);
    this.dependencyOutputs = new Array<Readonly<Record<string, unknown>> | undefined>(count);
    this.dependencyArtifacts = new Array<Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined>(count);
    this.skippedDependencyIds = new Array<readonly string[] | undefined>(count);
  }
}
