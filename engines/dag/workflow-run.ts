import pRetry, { AbortError as RetryAbortError } from 'p-retry';
import { buildWorkflowResult } from './build-result.js';
import type { CompiledNode, CompiledWorkflow } from './compile-workflow.js';
import { ConditionError, ContextStoreWriteError, ExecutionExistsError, toError, WorkflowCancelledError, WorkflowPausedError } from './errors.js';
import type { SkipReason, WorkflowEvent } from './events.js';
import type { EventHub } from './event-hub.js';
import type { GlobalScheduler, SlotConsumer } from './global-scheduler.js';
import { Deque } from './deque.js';
import { computeBackoffDelay, type NormalizedRetryPolicy } from './retry-policy.js';
import { invokeExecutor, runTimedAttempt } from './run-attempt.js';
import { buildSnapshot, restoreSnapshot } from './run-snapshot.js';
import { RunState } from './run-state.js';
import type { ContextStore, ExecutionSnapshot } from './stores/context-store.js';
import { waitFor, type Timers } from './timers.js';
import { NodeOutputWithArtifacts, type NodeInput, type NodeStatus, type WorkflowStatus } from './types.js';
import type { WorkflowResult, WorkflowResultStatus } from './workflow-result.js';

/** Control over one execution, returned by WorkflowExecutor.start and .resume. */
export interface WorkflowRunHandle {
  readonly executionId: string;
  readonly workflowId: string;
  readonly status: WorkflowStatus;
  /**
   * Settles when the run ends. Resolves for every outcome, failures included; rejects only when the run could not
   * start (for example an execution id that already exists in the store).
   */
  readonly result: Promise<WorkflowResult>;
  /**
   * Stops starting nodes. With `interrupt` (default true) running nodes are aborted with a WorkflowPausedError,
   * emit NODE_INTERRUPTED and run again, as a new attempt, after `resume()`; with `interrupt: false` they finish.
   */
  pause(options?: PauseOptions): void;
  resume(): void;
  /** Aborts running nodes, starts nothing more, and resolves the result as CANCELLED. */
  cancel(reason?: unknown): void;
  nodeStatus(nodeId: string): NodeStatus | undefined;
}

export interface PauseOptions {
  readonly interrupt?: boolean;
}

/** Everything a run needs from its executor. */
export interface RunEnvironment {
  readonly scheduler: GlobalScheduler;
  readonly store: ContextStore | undefined;
  readonly timers: Timers;
  readonly now: () => number;
  readonly random: () => number;
  readonly hub: EventHub;
  readonly onFinished: (run: WorkflowRun) => void;
}

export interface WorkflowRunOptions {
  readonly executionId: string;
  readonly context: Readonly<Record<string, unknown>>;
  readonly concurrency: number;
  readonly onEvent: ((event: WorkflowEvent) => unknown) | undefined;
  readonly signal: AbortSignal | undefined;
  /** Set when resuming a stored execution. */
  readonly snapshot: ExecutionSnapshot | undefined;
  /** When set (and a store is configured), the run first checks the id is not taken. */
  readonly checkIdIsFree: boolean;
}

const EMPTY_RECORD: Readonly<Record<string, never>> = Object.freeze({});
const EMPTY_IDS: readonly string[] = Object.freeze([]);

/** Thrown inside p-retry so every failure (even a TypeError, which p-retry never retries) goes through our policy. */
class AttemptFailure extends Error {
  override readonly name = 'AttemptFailure';
  constructor(readonly error: Error) {
    super(error.message);
  }
}

/**
 * One execution of a workflow: a dependency-driven state machine. A node is dispatched as soon as its own
 * dependencies are COMPLETED (not when a whole generation is), subject to the run's and the executor's limits.
 * Nodes without a retry policy or timeout take a fast path with no timers, controllers or extra promises.
 *
 * With a store, a node counts as COMPLETED (event emitted, dependents released) only once a snapshot holding its
 * output has been saved; saves are coalesced, one in flight per run, so concurrent completions share a write.
 */
export class WorkflowRun implements WorkflowRunHandle, SlotConsumer {
  readonly executionId: string;
  readonly result: Promise<WorkflowResult>;
  waitingForSlot = false;

  private readonly state: RunState;
  private readonly nodes: readonly CompiledNode[];
  private readonly ready = new Deque<number>();
  private readonly toPropagate: number[] = [];
  private readonly toResolve = new Deque<number>();
  private workflowStatus: WorkflowStatus = 'PENDING';
  private controller = new AbortController();
  private active = 0;
  private settled = 0;
  private anyFailed = false;
  private flushing = false;
  private pauseRequested: PauseOptions | undefined;
  private startedAt = Number.NaN;
  private listenerErrors = 0;
  private runError: Error | undefined;
  private saving = false;
  private saveRequested = false;
  private uncommitted: number[] = [];
  private finalizing = false;
  private resolveResult!: (result: WorkflowResult) => void;
  private rejectResult!: (error: Error) => void;
  private readonly onExternalAbort: () => void;

  constructor(
    readonly workflow: CompiledWorkflow,
    private readonly env: RunEnvironment,
    private readonly options: WorkflowRunOptions,
  ) {
    this.executionId = options.executionId;
    this.state = new RunState(workflow);
    this.nodes = workflow.nodes;
    this.result = new Promise<WorkflowResult>((resolve, reject) => {
      this.resolveResult = resolve;
      this.rejectResult = reject;
    });
    this.onExternalAbort = () => this.cancel(options.signal?.reason);
    if (options.snapshot !== undefined) {
      for (const index of restoreSnapshot(this.state, options.snapshot)) this.toPropagate.push(index);
    }
  }

  get workflowId(): string {
    return this.workflow.id;
  }

  get status(): WorkflowStatus {
    return this.workflowStatus;
  }

  get resumed(): boolean {
    return this.options.snapshot !== undefined;
  }

  nodeStatus(nodeId: string): NodeStatus | undefined {
    const index = this.workflow.indexById.get(nodeId);
    return index === undefined ? undefined : this.state.status[index];
  }

  /** Starts the run on a later microtask so the caller holds the handle before any node runs. */
  start(): void {
    const store = this.env.store;
    const check = store !== undefined && this.options.checkIdIsFree ? store.load(this.executionId) : undefined;
    const begin = (): void => this.begin();
    if (check === undefined) {
      queueMicrotask(begin);
      return;
    }
    check.then(
      (existing) => (existing === undefined ? begin() : this.abortStart(new ExecutionExistsError(this.executionId))),
      (error: unknown) => this.abortStart(toError(error)),
    );
  }

  pause(options: PauseOptions = {}): void {
    if (this.workflowStatus === 'PENDING') {
      this.pauseRequested = options;
      return;
    }
    if (this.workflowStatus !== 'RUNNING') return;
    this.workflowStatus = 'PAUSED';
    this.emit({ type: 'WORKFLOW_PAUSED', ...this.eventBase() });
    if (options.interrupt ?? true) this.interruptRunning('paused');
    this.requestSave();
  }

  resume(): void {
    if (this.workflowStatus === 'PENDING') {
      this.pauseRequested = undefined;
      return;
    }
    if (this.workflowStatus !== 'PAUSED') return;
    this.workflowStatus = 'RUNNING';
    this.emit({ type: 'WORKFLOW_RESUMED', ...this.eventBase() });
    this.flush();
  }

  cancel(reason?: unknown): void {
    if (this.finalizing || this.workflowStatus === 'COMPLETED' || this.workflowStatus === 'FAILED' || this.workflowStatus === 'CANCELLED') return;
    const wasPending = this.workflowStatus === 'PENDING';
    this.runError = new WorkflowCancelledError(this.executionId, reason === undefined ? undefined : { cause: reason });
    this.workflowStatus = 'CANCELLED';
    if (wasPending) return; // begin() finalizes without starting anything
    this.interruptRunning('cancelled');
    this.maybeFinish();
  }

  /** Dispatches ready nodes while this run and the executor have free slots. */
  pump(): void {
    while (this.workflowStatus === 'RUNNING' && this.ready.size > 0 && this.active < this.options.concurrency) {
      if (!this.env.scheduler.tryAcquire()) {
        this.env.scheduler.waitForSlot(this);
        return;
      }
      this.dispatch(this.ready.shift() as number);
    }
  }

  private begin(): void {
    const signal = this.options.signal;
    if (this.workflowStatus === 'CANCELLED' || signal?.aborted === true) {
      this.workflowStatus = 'CANCELLED';
      this.runError ??= new WorkflowCancelledError(this.executionId, { cause: signal?.reason });
      this.startedAt = this.env.now();
      this.maybeFinish();
      return;
    }
    signal?.addEventListener('abort', this.onExternalAbort, { once: true });
    this.workflowStatus = 'RUNNING';
    this.startedAt = this.env.now();
    this.emit({ type: 'WORKFLOW_STARTED', resumed: this.resumed, ...this.eventBase() });
    for (const node of this.nodes) {
      if (this.state.status[node.index] === 'PENDING' && node.dependencies.length === 0) this.toResolve.push(node.index);
    }
    this.requestSave();
    if (this.pauseRequested !== undefined) this.pause(this.pauseRequested);
    this.flush();
  }

  private abortStart(error: Error): void {
    this.workflowStatus = 'FAILED';
    this.finalizing = true;
    this.env.onFinished(this);
    this.rejectResult(error);
  }

  /** Processes settled nodes and nodes whose dependencies all settled, iteratively (long chains cannot overflow). */
  private flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (;;) {
        if (this.workflowStatus === 'CANCELLED' || this.finalizing) break;
        const settledIndex = this.toPropagate.pop();
        if (settledIndex !== undefined) {
          this.propagate(settledIndex);
          continue;
        }
        const resolvable = this.toResolve.shift();
        if (resolvable === undefined) break;
        this.resolve(resolvable);
      }
    } finally {
      this.flushing = false;
    }
    this.pump();
    this.maybeFinish();
  }

  /** Tells the dependents of a node that just reached a terminal status. */
  private propagate(index: number): void {
    const { state } = this;
    this.settled++;
    const status = state.status[index];
    const failedOrBlocked = status === 'FAILED' || status === 'BLOCKED';
    const nodeId = (this.nodes[index] as CompiledNode).id;
    for (const dependent of (this.nodes[index] as CompiledNode).dependents) {
      if (state.status[dependent] !== 'PENDING') continue;
      if (failedOrBlocked) {
        state.status[dependent] = 'BLOCKED';
        state.blockedBy[dependent] = nodeId;
        this.emitNode('NODE_BLOCKED', dependent, { blockedBy: nodeId });
        this.toPropagate.push(dependent);
        continue;
      }
      if (status === 'SKIPPED') state.skippedDependencies[dependent] = (state.skippedDependencies[dependent] ?? 0) + 1;
      const unresolved = (state.unresolved[dependent] as number) - 1;
      state.unresolved[dependent] = unresolved;
      if (unresolved === 0) this.toResolve.push(dependent);
    }
  }

  /** All dependencies of a PENDING node settled without failure: skip it, fail it, or make it READY. */
  private resolve(index: number): void {
    const { state } = this;
    const node = this.nodes[index] as CompiledNode;
    const skipped = state.skippedDependencies[index] ?? 0;
    if (skipped > 0 && node.skipRule !== 'run' && (node.skipRule === 'skip-if-any' || skipped === node.dependencies.length)) {
      this.markSkipped(index, 'dependency-skipped');
      return;
    }
    this.collectDependencyInputs(index, node);
    if (node.condition !== undefined) {
      let passes: boolean;
      try {
        passes = node.condition({ context: this.options.context, inputs: state.dependencyOutputs[index] ?? EMPTY_RECORD, config: node.config });
      } catch (error) {
        this.failNode(index, error instanceof ConditionError ? error : new ConditionError(String(error), { cause: error }), 0);
        return;
      }
      if (!passes) {
        this.markSkipped(index, 'condition-false');
        return;
      }
    }
    state.status[index] = 'READY';
    this.ready.push(index);
  }

  private collectDependencyInputs(index: number, node: CompiledNode): void {
    const { state } = this;
    if (node.dependencies.length === 0) return;
    let outputs: Record<string, unknown> | undefined;
    let artifacts: Record<string, Readonly<Record<string, unknown>>> | undefined;
    let skippedIds: string[] | undefined;
    for (const dependency of node.dependencies) {
      const id = (this.nodes[dependency] as CompiledNode).id;
      if (state.status[dependency] === 'COMPLETED') {
        (outputs ??= {})[id] = state.outputs[dependency];
        const produced = state.artifacts[dependency];
        if (produced !== undefined) (artifacts ??= {})[id] = produced;
      } else {
        (skippedIds ??= []).push(id);
      }
    }
    state.dependencyOutputs[index] = outputs;
    state.dependencyArtifacts[index] = artifacts;
    state.skippedDependencyIds[index] = skippedIds;
  }

  private markSkipped(index: number, reason: SkipReason): void {
    this.state.status[index] = 'SKIPPED';
    this.state.skipReasons[index] = reason;
    this.emitNode('NODE_SKIPPED', index, { reason });
    this.toPropagate.push(index);
    this.requestSave();
  }

  private dispatch(index: number): void {
    const { state } = this;
    const node = this.nodes[index] as CompiledNode;
    state.status[index] = 'RUNNING';
    this.active++;
    const token = (state.tokens[index] as number) + 1;
    state.tokens[index] = token;
    if (Number.isNaN(state.startedAt[index])) state.startedAt[index] = this.env.now();
    let outcome: Promise<unknown>;
    if (node.retry === undefined && node.timeoutMs === undefined) {
      state.attempts[index] = (state.attempts[index] as number) + 1;
      state.attemptOpen[index] = true;
      if (this.listening) {
        this.emitNode('NODE_STARTED', index, { attempt: state.attempts[index] as number });
        if (state.tokens[index] !== token) return; // a listener paused or cancelled the run
      }
      outcome = invokeExecutor(node.executor, this.makeInput(index), this.controller.signal);
    } else {
      outcome = this.runWithPolicies(index, node, token, this.controller.signal);
    }
    outcome.then(
      (value) => this.onNodeSucceeded(index, token, value),
      (error: unknown) => this.onNodeFailed(index, token, error),
    );
  }

  /** The slow path: per-attempt timeout (p-timeout) and retries with backoff (p-retry). */
  private runWithPolicies(index: number, node: CompiledNode, token: number, signal: AbortSignal): Promise<unknown> {
    const { state } = this;
    const attemptOnce = (): Promise<unknown> => {
      if (state.tokens[index] !== token) return Promise.reject(new RetryAbortError('attempt superseded'));
      state.attempts[index] = (state.attempts[index] as number) + 1;
      state.attemptOpen[index] = true;
      this.emitNode('NODE_STARTED', index, { attempt: state.attempts[index] as number });
      if (state.tokens[index] !== token) return Promise.reject(new RetryAbortError('attempt superseded'));
      const input = this.makeInput(index);
      const attempt =
        node.timeoutMs === undefined
          ? invokeExecutor(node.executor, input, signal)
          : runTimedAttempt({ executor: node.executor, input, timeoutMs: node.timeoutMs, runSignal: signal, timers: this.env.timers });
      return attempt.catch((error: unknown) => {
        throw new AttemptFailure(toError(error));
      });
    };
    const policy = node.retry;
    if (policy === undefined) return attemptOnce();
    // Delays are ours, not p-retry's (minTimeout 0): its jitter uses Math.random, and runs must be replayable
    // from a seed with injectable timers. p-retry still owns the attempt loop, counting and abort handling.
    // Failures before a pause count against the budget, so pausing never buys extra retries.
    return pRetry(attemptOnce, {
      retries: Math.max(0, policy.retries - (state.failures[index] ?? 0)),
      minTimeout: 0,
      maxTimeout: 0,
      randomize: false,
      signal,
      shouldRetry: ({ error }) => this.shouldRetry(index, token, policy, error),
      onFailedAttempt: async ({ error, retriesLeft }) => {
        if (retriesLeft <= 0 || !this.shouldRetry(index, token, policy, error)) return;
        const attempt = state.attempts[index] as number;
        const failures = (state.failures[index] ?? 0) + 1;
        state.failures[index] = failures;
        state.attemptOpen[index] = false;
        const delayMs = computeBackoffDelay(policy, failures, this.env.random);
        this.emitNode('NODE_RETRY', index, { attempt, delayMs, error: unwrapAttemptError(error) });
        if (delayMs > 0) await waitFor(delayMs, signal, this.env.timers);
      },
    });
  }

  private shouldRetry(index: number, token: number, policy: NormalizedRetryPolicy, error: Error): boolean {
    if (this.state.tokens[index] !== token || this.workflowStatus !== 'RUNNING') return false;
    if (policy.retryOn === undefined) return true;
    try {
      return policy.retryOn(unwrapAttemptError(error));
    } catch {
      return false;
    }
  }

  private makeInput(index: number): NodeInput {
    const { state } = this;
    const node = this.nodes[index] as CompiledNode;
    return {
      executionId: this.executionId,
      workflowId: this.workflow.id,
      nodeId: node.id,
      attempt: state.attempts[index] as number,
      context: this.options.context,
      dependencies: state.dependencyOutputs[index] ?? EMPTY_RECORD,
      artifacts: state.dependencyArtifacts[index] ?? EMPTY_RECORD,
      skippedDependencies: state.skippedDependencyIds[index] ?? EMPTY_IDS,
      config: node.config,
    };
  }

  private onNodeSucceeded(index: number, token: number, value: unknown): void {
    const { state } = this;
    if (state.tokens[index] !== token || state.status[index] !== 'RUNNING') return;
    state.finishedAt[index] = this.env.now();
    if (value instanceof NodeOutputWithArtifacts) {
      state.outputs[index] = value.output;
      state.artifacts[index] = value.artifacts;
    } else {
      state.outputs[index] = value;
    }
    state.status[index] = 'COMPLETED';
    state.attemptOpen[index] = false;
    this.releaseSlot();
    if (this.env.store === undefined) {
      this.commit(index);
      this.flush();
      return;
    }
    this.uncommitted.push(index);
    this.requestSave();
  }

  /** Publishes a completion: the event, then the dependents. */
  private commit(index: number): void {
    const { state } = this;
    if (this.listening) {
      this.emitNode('NODE_COMPLETED', index, {
      attempt: state.attempts[index] as number,
        durationMs: (state.finishedAt[index] as number) - (state.startedAt[index] as number),
      });
    }
    this.toPropagate.push(index);
  }

  private onNodeFailed(index: number, token: number, error: unknown): void {
    if (this.state.tokens[index] !== token || this.state.status[index] !== 'RUNNING') return;
    this.releaseSlot();
    this.failNode(index, unwrapAttemptError(toError(error)), this.state.attempts[index] as number);
    this.flush();
  }

  private failNode(index: number, error: Error, attempt: number): void {
    const { state } = this;
    state.status[index] = 'FAILED';
    state.attemptOpen[index] = false;
    state.errors[index] = error;
    if (!Number.isNaN(state.startedAt[index])) state.finishedAt[index] = this.env.now();
    this.anyFailed = true;
    this.emitNode('NODE_FAILED', index, { attempt, error });
    this.toPropagate.push(index);
    this.requestSave();
  }

  private releaseSlot(): void {
    this.active--;
    this.env.scheduler.release();
  }

  private interruptRunning(reason: 'paused' | 'cancelled'): void {
    const { state } = this;
    const abortReason = reason === 'paused' ? new WorkflowPausedError(this.executionId) : (this.runError ?? new WorkflowCancelledError(this.executionId));
    const controller = this.controller;
    this.controller = new AbortController();
    const interrupted: number[] = [];
    for (const node of this.nodes) {
      if (state.status[node.index] !== 'RUNNING') continue;
      state.tokens[node.index] = (state.tokens[node.index] as number) + 1;
      state.status[node.index] = 'READY';
      interrupted.push(node.index);
    }
    // Abort after the bookkeeping so executors reacting synchronously see a consistent run.
    controller.abort(abortReason);
    for (const index of interrupted) {
      if (reason === 'paused') this.ready.push(index);
      // A node waiting out a retry backoff already ended its attempt with NODE_RETRY.
      if (state.attemptOpen[index] === true) {
        state.attemptOpen[index] = false;
        this.emitNode('NODE_INTERRUPTED', index, { attempt: state.attempts[index] as number, reason });
      }
      this.releaseSlot();
    }
  }

  private requestSave(): void {
    if (this.env.store === undefined || this.finalizing) return;
    if (this.saving) {
      this.saveRequested = true;
      return;
    }
    this.startSave();
  }

  private startSave(): void {
    const store = this.env.store as ContextStore;
    this.saving = true;
    this.saveRequested = false;
    const batch = this.uncommitted;
    this.uncommitted = [];
    let pending: Promise<void>;
    try {
      pending = store.save(buildSnapshot(this.state, { executionId: this.executionId, status: this.workflowStatus, context: this.options.context }));
    } catch (error) {
      pending = Promise.reject(toError(error));
    }
    pending.then(
      () => this.onSaved(batch),
      (error: unknown) => this.onSaveFailed(batch, error),
    );
  }

  private onSaved(batch: readonly number[]): void {
    this.saving = false;
    for (const index of batch) this.commit(index);
    if (this.saveRequested || this.uncommitted.length > 0) this.startSave();
    this.flush();
  }

  private onSaveFailed(batch: readonly number[], error: unknown): void {
    this.saving = false;
    // The nodes did complete; only durability failed, which the workflow's error reports.
    for (const index of batch) this.commit(index);
    for (const index of this.uncommitted) this.commit(index);
    this.uncommitted = [];
    if (this.runError === undefined || this.workflowStatus !== 'CANCELLED') {
      this.runError = new ContextStoreWriteError(this.executionId, { cause: error });
    }
    if (this.workflowStatus === 'RUNNING' || this.workflowStatus === 'PAUSED') {
      this.workflowStatus = 'FAILED';
      this.interruptRunning('cancelled');
    }
    this.maybeFinish();
  }

  private maybeFinish(): void {
    if (this.finalizing || this.saving) return;
    switch (this.workflowStatus) {
      case 'CANCELLED':
        this.finalize('CANCELLED');
        return;
      case 'FAILED':
        this.finalize('FAILED');
        return;
      case 'RUNNING':
        if (this.settled === this.nodes.length && this.active === 0) this.finalize(this.anyFailed ? 'FAILED' : 'COMPLETED');
        return;
      default:
        return;
    }
  }

  private finalize(outcome: WorkflowResultStatus): void {
    this.finalizing = true;
    this.options.signal?.removeEventListener('abort', this.onExternalAbort);
    const store = this.env.store;
    if (store === undefined || (outcome === 'FAILED' && this.runError instanceof ContextStoreWriteError)) {
      this.complete(outcome);
      return;
    }
    let saved: Promise<void>;
    try {
      saved = store.save(buildSnapshot(this.state, { executionId: this.executionId, status: outcome, context: this.options.context }));
    } catch (error) {
      saved = Promise.reject(toError(error));
    }
    saved.then(
      () => this.complete(outcome),
      (error: unknown) => {
        this.runError ??= new ContextStoreWriteError(this.executionId, { cause: error });
        this.complete(outcome === 'COMPLETED' ? 'FAILED' : outcome);
      },
    );
  }

  private complete(outcome: WorkflowResultStatus): void {
    for (const index of this.uncommitted) this.commit(index);
    this.uncommitted = [];
    this.workflowStatus = outcome;
    const finishedAt = this.env.now();
    const result = buildWorkflowResult(this.state, {
      executionId: this.executionId,
      status: outcome,
      resumed: this.resumed,
      startedAt: this.startedAt,
      finishedAt,
      error: this.runError,
      listenerErrors: this.listenerErrors,
    });
    const type = outcome === 'COMPLETED' ? 'WORKFLOW_COMPLETED' : outcome === 'FAILED' ? 'WORKFLOW_FAILED' : 'WORKFLOW_CANCELLED';
    this.emit({ type, result, ...this.eventBase() });
    this.env.onFinished(this);
    this.resolveResult(result);
  }

  /** Building an event costs more than the rest of a no-op node, so hot paths check this first. */
  private get listening(): boolean {
    return this.options.onEvent !== undefined || this.env.hub.hasListeners;
  }

  private eventBase(): { executionId: string; workflowId: string; timestamp: number } {
    return { executionId: this.executionId, workflowId: this.workflow.id, timestamp: this.env.now() };
  }

  private emitNode<T extends Extract<WorkflowEvent, { nodeId: string }>['type']>(
    type: T,
    index: number,
    fields: Omit<Extract<WorkflowEvent, { type: T }>, 'type' | 'nodeId' | 'executionId' | 'workflowId' | 'timestamp'>,
  ): void {
    if (!this.listening) return;
    const event = { type, nodeId: (this.nodes[index] as CompiledNode).id, ...this.eventBase(), ...fields } as unknown as WorkflowEvent;
    this.emit(event);
  }

  private emit(event: WorkflowEvent): void {
    if (this.options.onEvent !== undefined) this.callListener(this.options.onEvent, event);
    if (this.env.hub.hasListeners) {
      for (const listener of this.env.hub.listeners) this.callListener(listener, event);
    }
  }

  private callListener(listener: (event: WorkflowEvent) => unknown, event: WorkflowEvent): void {
    try {
      const returned = listener(event);
      if (returned instanceof Promise) {
        returned.catch(() => {
          this.listenerErrors++;
        });
      }
    } catch {
      this.listenerErrors++;
    }
  }
}

function unwrapAttemptError(error: Error): Error {
  return error instanceof AttemptFailure ? error.error : error;
}
