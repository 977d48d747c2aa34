import type { CompiledWorkflow } from './compile-workflow.js';
import type { SkipReason } from './workflow-result.js';
import type { NodeStatus } from './types.js';

/**
 * Per-node bookkeeping of one run, in flat arrays indexed like the workflow's nodes. Plain arrays, not typed ones:
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
  /** Executor clock at the first start and the last end (NaN until then). */
  readonly startedAt: number[];
  readonly finishedAt: number[];
  readonly outputs: unknown[];
  /**
   * Bumped by every interruption (pause, cancel), which takes all running nodes back at once: a dispatch carries
   * the epoch it started in, and a settlement or retry from an older epoch is ignored. One number per run rather
   * than a token per node, since thousands of runs may be alive at once.
   */
  epoch = 0;
  // Sparse:
  /** True while a RUNNING node waits out a retry backoff (its attempt already ended with NODE_RETRY). */
  readonly backingOff: boolean[] = [];
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
    const count = workflow.size;
    // Exact-size arrays (one grown by `push` reserves 17+ slots, and thousands of runs may be alive at once),
    // copied from per-size templates: copying a packed array is a fraction of the cost of `new Array(n).fill()`.
    const initial = initialArrays(count);
    this.status = initial.status.slice();
    this.unresolved = initial.zeros.slice();
    this.attempts = initial.zeros.slice();
    this.startedAt = initial.notYet.slice();
    this.finishedAt = initial.notYet.slice();
    this.outputs = initial.nothing.slice();
    const offsets = workflow.dependencies.offsets;
    for (let i = 0; i < count; i++) this.unresolved[i] = (offsets[i + 1] as number) - (offsets[i] as number);
  }
}

interface InitialArrays {
  readonly status: readonly NodeStatus[];
  readonly zeros: readonly number[];
  readonly notYet: readonly number[];
  readonly nothing: readonly unknown[];
}

/** Templates by node count, for the sizes most workflows have; larger ones are filled directly. */
const TEMPLATE_LIMIT = 256;
const templates: (InitialArrays | undefined)[] = [];

function initialArrays(count: number): InitialArrays {
  const cached = templates[count];
  if (cached !== undefined) return cached;
  const created: InitialArrays = {
    status: filled<NodeStatus>(count, 'PENDING'),
    zeros: filled(count, 0),
    notYet: filled(count, Number.NaN),
    nothing: filled<unknown>(count, undefined),
  };
  if (count <= TEMPLATE_LIMIT) templates[count] = created;
  return created;
}

function filled<T>(count: number, value: T): T[] {
  const array: T[] = [];
  for (let i = 0; i < count; i++) array.push(value);
  return array;
}
