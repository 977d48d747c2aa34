import type { CompiledWorkflow } from './compile-workflow.js';
import type { SkipReason } from './events.js';
import type { NodeStatus } from './types.js';

/**
 * Per-node bookkeeping of one run, in flat arrays indexed like `workflow.nodes`. Plain arrays, not typed ones:
 * V8 gives a typed array over 64 bytes an off-heap buffer, which costs far more than the run itself when
 * thousands of small workflows start at once. Arrays for rare facts (errors, skips, retries, restores) start
 * empty and are written sparsely; read them with `?? default`.
 */
export class RunState {
  readonly status: NodeStatus[];
  /** Dependencies not yet COMPLETED (committed) or SKIPPED. */
  readonly unresolved: number[];
  /** Attempts made in this run. */
  readonly attempts: number[];
  /** Bumped on every dispatch and interrupt; a settlement carrying an older token is ignored. */
  readonly tokens: number[];
  /** Executor clock at the first start and the last end (NaN until then). */
  readonly startedAt: number[];
  readonly finishedAt: number[];
  readonly outputs: unknown[];
  /** True between an attempt's NODE_STARTED and its terminal event (so not during a retry backoff). */
  readonly attemptOpen: boolean[];
  // Sparse:
  readonly skippedDependencies: number[] = [];
  /** Failed attempts that were retried in this run (interrupted attempts are not failures). */
  readonly failures: number[] = [];
  /** Attempts made by earlier runs of the same execution (from the store). */
  readonly priorAttempts: number[] = [];
  readonly restored: boolean[] = [];
  readonly artifacts: (Readonly<Record<string, unknown>> | undefined)[] = [];
  readonly errors: (Error | undefined)[] = [];
  readonly blockedBy: (string | undefined)[] = [];
  readonly skipReasons: (SkipReason | undefined)[] = [];

  constructor(readonly workflow: CompiledWorkflow) {
    const nodes = workflow.nodes;
    const count = nodes.length;
    // Exact-size arrays: one grown by `push` reserves 17+ slots, and thousands of runs may be alive at once.
    this.status = filled<NodeStatus>(count, 'PENDING');
    this.unresolved = filled(count, 0);
    this.attempts = filled(count, 0);
    this.tokens = filled(count, 0);
    this.startedAt = filled(count, Number.NaN);
    this.finishedAt = filled(count, Number.NaN);
    this.outputs = filled<unknown>(count, undefined);
    // Dense although usually false: it is written on every dispatch, and a sparse array would grow in steps.
    this.attemptOpen = filled(count, false);
    for (let i = 0; i < count; i++) this.unresolved[i] = workflow.dependencyCount(i);
  }
}

function filled<T>(count: number, value: T): T[] {
  return new Array<T>(count).fill(value);
}
