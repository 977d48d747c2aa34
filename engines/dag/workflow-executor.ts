import { randomInt, randomUUID } from 'node:crypto';
import { compileWorkflowCached, type CompiledWorkflow } from './compile-workflow.js';
import { ExecutionActiveError, ExecutionNotFoundError } from './errors.js';
import { EventHub } from './event-hub.js';
import type { WorkflowEventListener } from './events.js';
import { GlobalScheduler } from './global-scheduler.js';
import { createSeededRandom } from './seeded-random.js';
import type { ContextStore, ExecutionSnapshot } from './stores/context-store.js';
import { systemClock, type Clock } from '../common/index.js';
import type { WorkflowDefinition } from './types.js';
import type { WorkflowResult } from './workflow-result.js';
import type { RunEnvironment, WorkflowRunHandle } from './run-handle.js';
import { WorkflowRun } from './workflow-run.js';

export interface WorkflowExecutorOptions {
  /** Nodes running at once across every workflow of this executor. Default: unlimited. */
  readonly concurrency?: number;
  /** Default per-workflow limit (a run may override it). Default: unlimited. */
  readonly workflowConcurrency?: number;
  /** Shared by every run; without one nothing is persisted and nothing can be resumed. */
  readonly store?: ContextStore;
  /**
   * Time for backoff, timeouts, timings and event timestamps (ms). Default: the system clock (`performance.now()`
   * and the global timers, looked up at call time so fake timers apply); `createManualClock()` in tests.
   */
  readonly clock?: Clock;
  /** Source of the backoff's `randomize` factor, in [0, 1). Default: seeded from `seed`. */
  readonly random?: () => number;
  /** Seed for the default random source. Default: a random one, readable as `executor.seed`. */
  readonly seed?: number;
}

export interface RunOptions {
  /** Must be new when a store is configured (checked; resuming is `executor.resume`). Default: a random UUID. */
  readonly executionId?: string;
  /** The global context every node and condition sees. Must be JSON-serializable with a file store. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** This run's concurrency limit. */
  readonly concurrency?: number;
  /** Receives this run's events (in addition to executor-wide listeners). */
  readonly onEvent?: WorkflowEventListener;
  /** Aborting it cancels the run. */
  readonly signal?: AbortSignal;
}

export type ResumeOptions = Omit<RunOptions, 'executionId'>;

/**
 * Runs many workflows in one process under one global concurrency limit, sharing one context store.
 * See the package index for the scheduling, failure and skip rules.
 */
export class WorkflowExecutor {
  readonly seed: number;
  private readonly scheduler: GlobalScheduler;
  private readonly hub = new EventHub();
  private readonly runs = new Map<string, WorkflowRun>();
  private readonly clock: Clock;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly workflowConcurrency: number;
  /** One object shared by every run (not one per run: thousands of runs may be alive at once). */
  private readonly env: RunEnvironment;

  constructor(private readonly options: WorkflowExecutorOptions = {}) {
    const concurrency = options.concurrency ?? Number.POSITIVE_INFINITY;
    this.workflowConcurrency = options.workflowConcurrency ?? Number.POSITIVE_INFINITY;
    checkLimit('concurrency', concurrency);
    checkLimit('workflowConcurrency', this.workflowConcurrency);
    this.scheduler = new GlobalScheduler(concurrency);
    this.clock = options.clock ?? systemClock;
    const clock = this.clock;
    this.now = () => clock.now();
    this.seed = options.seed ?? randomInt(0, 2 ** 32);
    this.random = options.random ?? createSeededRandom(this.seed);
    this.env = {
      scheduler: this.scheduler,
      store: options.store,
      clock: this.clock,
      now: this.now,
      random: this.random,
      hub: this.hub,
      onFinished: (finished) => {
        if (this.runs.get(finished.executionId) === finished) this.runs.delete(finished.executionId);
      },
    };
  }

  get store(): ContextStore | undefined {
    return this.options.store;
  }

  /** Executions currently running or paused in this executor. */
  get activeExecutionIds(): string[] {
    return [...this.runs.keys()];
  }

  /** Nodes currently holding a global slot. */
  get runningNodeCount(): number {
    return this.scheduler.activeCount;
  }

  /** Subscribes to every run's events; returns the unsubscribe function. */
  on(listener: WorkflowEventListener): () => void {
    return this.hub.add(listener);
  }

  /**
   * Validates and starts a workflow. Throws a WorkflowValidationError (listing every problem) before anything
   * runs; otherwise returns at once with a handle whose `result` settles when the run ends.
   */
  start(definition: WorkflowDefinition, options: RunOptions = {}): WorkflowRunHandle {
    const workflow = this.compile(definition);
    const executionId = options.executionId ?? randomUUID();
    if (this.runs.has(executionId)) throw new ExecutionActiveError(executionId);
    const run = this.createRun(workflow, executionId, options, undefined, options.executionId !== undefined);
    run.start();
    return run;
  }

  /** Starts a workflow and waits for its result. */
  run(definition: WorkflowDefinition, options: RunOptions = {}): Promise<WorkflowResult> {
    try {
      return this.start(definition, options).result;
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /**
   * Continues a stored execution of `definition` (functions are not stored, so the definition is needed again):
   * COMPLETED and SKIPPED nodes keep their stored outcome and do not run; FAILED, BLOCKED and unfinished nodes
   * run again once their dependencies completed. Rejects with ExecutionNotFoundError, ResumeMismatchError or a
   * ContextStoreCorruptError naming the bad entry.
   */
  async resume(
    definition: WorkflowDefinition,
    executionId: string,
    options: ResumeOptions = {},
  ): Promise<WorkflowRunHandle> {
    const store = this.options.store;
    if (store === undefined) throw new ExecutionNotFoundError(executionId);
    const workflow = this.compile(definition);
    if (this.runs.has(executionId)) throw new ExecutionActiveError(executionId);
    const snapshot = await store.load(executionId);
    if (snapshot === undefined) throw new ExecutionNotFoundError(executionId);
    if (this.runs.has(executionId)) throw new ExecutionActiveError(executionId);
    const run = this.createRun(
      workflow,
      executionId,
      { ...options, context: options.context ?? snapshot.context },
      snapshot,
      false,
    );
    run.start();
    return run;
  }

  private createRun(
    workflow: CompiledWorkflow,
    executionId: string,
    options: RunOptions,
    snapshot: ExecutionSnapshot | undefined,
    checkIdIsFree: boolean,
  ): WorkflowRun {
    const concurrency = options.concurrency ?? this.workflowConcurrency;
    checkLimit('concurrency', concurrency);
    const run = new WorkflowRun(workflow, this.env, {
      executionId,
      context: options.context ?? {},
      concurrency,
      onEvent: options.onEvent,
      signal: options.signal,
      snapshot,
      checkIdIsFree,
    });
    this.runs.set(executionId, run);
    return run;
  }

  private compile(definition: WorkflowDefinition): CompiledWorkflow {
    return compileWorkflowCached(definition);
  }
}

function checkLimit(name: string, value: number): void {
  if (!(value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value >= 1))) {
    throw new RangeError(`${name} must be a positive integer or Infinity, got ${String(value)}`);
  }
}
