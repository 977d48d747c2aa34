import { setMaxListeners } from 'node:events';
import { buildWorkflowResult } from './build-result.js';
import type { CompiledNode, CompiledWorkflow } from './compile-workflow.js';
import { ContextStoreWriteError, ExecutionExistsError, toError, WorkflowCancelledError, WorkflowPausedError } from './errors.js';
import type { SkipReason, WorkflowEventListener } from './events.js';
import type { EventHub } from './event-hub.js';
import type { GlobalScheduler, SlotConsumer } from './global-scheduler.js';
import { Deque } from './deque.js';
import { createNodeInput } from './node-input.js';
import { decideReadiness } from './node-readiness.js';
import { emitNodeEvent, emitRunEvent, isListening, type EventSource } from './run-events.js';
import { RunPersistence, type PersistenceHost } from './run-persistence.js';
import { buildSnapshot, restoreSnapshot } from './run-snapshot.js';
import { RunState } from './run-state.js';
import { runWithPolicies, unwrapAttemptError } from './run-with-policies.js';
import type { ContextStore, ExecutionSnapshot } from './stores/context-store.js';
import type { Timers } from './timers.js';
import { NodeOutputWithArtifacts, type NodeStatus, type WorkflowStatus } from './types.js';
import type { WorkflowResult, WorkflowResultStatus } from './workflow-result.js';

/** Node's default listener limit per EventTarget (events.defaultMaxListeners). */
const DEFAULT_LISTENER_LIMIT = 10;
const RESOLVED = Promise.resolve();

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

/** Everything a run needs from its executor (one object shared by all its runs). */
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
  readonly onEvent: WorkflowEventListener | undefined;
  readonly signal: AbortSignal | undefined;
  /** Set when resuming a stored execution. */
  readonly snapshot: ExecutionSnapshot | undefined;
  /** When set (and a store is configured), the run first checks the id is not taken. */
  readonly checkIdIsFree: boolean;
}

/**
 * One execution of a workflow: a dependency-driven state machine. A node is dispatched as soon as its own
 * dependencies are COMPLETED (not when a whole generation is), subject to the run's and the executor's limits.
 * Nodes without a retry policy or timeout take a fast path with no timers, controllers or extra promises; the
 * others go through {@link runWithPolicies}. Readiness rules live in {@link decideReadiness}, saving in
 * {@link RunPersistence}, event delivery in run-events.
 */
export class WorkflowRun implements WorkflowRunHandle, SlotConsumer, EventSource, PersistenceHost {
  readonly executionId: string;
  readonly workflowId: string;
  readonly result: Promise<WorkflowResult>;
  readonly onEvent: WorkflowEventListener | undefined;
  readonly hub: EventHub;
  readonly now: () => number;
  listenerErrors = 0;
  waitingForSlot = false;
  finalizing = false;

  private readonly state: RunState;
  private readonly nodes: readonly CompiledNode[];
  private readonly persistence: RunPersistence | undefined;
  private readonly ready = new Deque<number>();
  private readonly toPropagate: number[] = [];
  private readonly toResolve = new Deque<number>();
  private workflowStatus: WorkflowStatus = 'PENDING';
  /** Created on first use and replaced (lazily) after each interruption: pause and cancel abort it. */
  private controller: AbortController | undefined;
  /** The signal whose listener limit was lifted (see liftListenerLimit). */
  private listenerLimitLifted: AbortSignal | undefined;
  private active = 0;
  private settled = 0;
  private anyFailed = false;
  private driving = false;
  private pauseRequested: PauseOptions | undefined;
  private startedAt = Number.NaN;
  private runError: Error | undefined;
  private resolveResult!: (result: WorkflowResult) => void;
  private rejectResult!: (error: Error) => void;
  private onExternalAbort: (() => void) | undefined;

  constructor(
    readonly workflow: CompiledWorkflow,
    private readonly env: RunEnvironment,
    private readonly options: WorkflowRunOptions,
  ) {
    this.executionId = options.executionId;
    this.workflowId = workflow.id;
    this.onEvent = options.onEvent;
    this.hub = env.hub;
    this.now = env.now;
    this.state = new RunState(workflow);
    this.nodes = workflow.nodes;
    this.persistence = env.store === undefined ? undefined : new RunPersistence(env.store, this);
    this.result = new Promise<WorkflowResult>((resolve, reject) => {
      this.resolveResult = resolve;
      this.rejectResult = reject;
    });
    if (options.snapshot !== undefined) {
      for (const index of restoreSnapshot(this.state, options.snapshot)) this.toPropagate.push(index);
    }
  }

  get status(): WorkflowStatus {
    return this.workflowStatus;
  }

  get resumed(): boolean {
    return this.options.snapshot !== undefined;
  }

  nodeStatus(nodeId: string): NodeStatus | undefined {
    const index = this.workflow.indexOf(nodeId);
    return index === undefined ? undefined : this.state.status[index];
  }

  /** Starts the run on a later microtask so the caller holds the handle before any node runs. */
  start(): void {
    const store = this.env.store;
    const check = store !== undefined && this.options.checkIdIsFree ? store.load(this.executionId) : undefined;
    const begin = (): void => this.begin();
    if (check === undefined) {
      // Not queueMicrotask: Node wraps each of its callbacks in an AsyncResource, a visible cost per run when
      // thousands of runs start at once.
      // A throw in begin() is a bug; like a queueMicrotask callback it must crash loudly, so no handler here.
      void RESOLVED.then(begin);
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
    emitRunEvent(this, 'WORKFLOW_PAUSED', {});
    if (options.interrupt ?? true) this.interruptRunning('paused');
    this.persistence?.requestSave();
  }

  resume(): void {
    if (this.workflowStatus === 'PENDING') {
      this.pauseRequested = undefined;
      return;
    }
    if (this.workflowStatus !== 'PAUSED') return;
    this.workflowStatus = 'RUNNING';
    emitRunEvent(this, 'WORKFLOW_RESUMED', {});
    this.drive();
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

  /** Called by the global scheduler when a slot may be free. */
  pump(): void {
    this.drive();
  }

  takeSnapshot(status?: WorkflowStatus): ExecutionSnapshot {
    return buildSnapshot(this.state, { executionId: this.executionId, status: status ?? this.workflowStatus, context: this.options.context });
  }

  /** Publishes completions: each node's event, then its dependents. */
  publishCompleted(indexes: readonly number[]): void {
    for (const index of indexes) this.commit(index);
  }

  continueRun(): void {
    this.drive();
  }

  loseDurability(error: unknown): void {
    if (this.runError === undefined || this.workflowStatus !== 'CANCELLED') {
      this.runError = new ContextStoreWriteError(this.executionId, { cause: error });
    }
    if (this.workflowStatus === 'RUNNING' || this.workflowStatus === 'PAUSED') {
      this.workflowStatus = 'FAILED';
      this.interruptRunning('cancelled');
    }
    this.maybeFinish();
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
    if (signal !== undefined) {
      this.onExternalAbort = () => this.cancel(signal.reason);
      signal.addEventListener('abort', this.onExternalAbort, { once: true });
    }
    this.workflowStatus = 'RUNNING';
    this.startedAt = this.env.now();
    emitRunEvent(this, 'WORKFLOW_STARTED', { resumed: this.resumed });
    for (const node of this.nodes) {
      if (this.state.status[node.index] === 'PENDING' && this.workflow.dependencyCount(node.index) === 0) this.toResolve.push(node.index);
    }
    this.persistence?.requestSave();
    if (this.pauseRequested !== undefined) this.pause(this.pauseRequested);
    this.drive();
  }

  private abortStart(error: Error): void {
    this.workflowStatus = 'FAILED';
    this.finalizing = true;
    this.env.onFinished(this);
    this.rejectResult(error);
  }

  /**
   * The run's loop: tells dependents about settled nodes, resolves nodes whose dependencies all settled, then
   * dispatches ready nodes while this run and the executor have free slots. Iterative, so long chains of nodes
   * that complete synchronously cannot overflow the stack; a nested call (from a settlement, a listener or the
   * scheduler) returns at once and leaves its work to the loop already running.
   */
  private drive(): void {
    if (this.driving) return;
    this.driving = true;
    try {
      for (;;) {
        if (this.workflowStatus === 'CANCELLED' || this.finalizing) break;
        const settledIndex = this.toPropagate.pop();
        if (settledIndex !== undefined) {
          this.propagate(settledIndex);
          continue;
        }
        const resolvable = this.toResolve.shift();
        if (resolvable !== undefined) {
          this.resolve(resolvable);
          continue;
        }
        if (!this.dispatchNext()) break;
      }
    } finally {
      this.driving = false;
    }
    this.maybeFinish();
  }

  private dispatchNext(): boolean {
    if (this.workflowStatus !== 'RUNNING' || this.ready.size === 0 || this.active >= this.options.concurrency) return false;
    if (!this.env.scheduler.tryAcquire()) {
      this.env.scheduler.waitForSlot(this);
      return false;
    }
    this.dispatch(this.ready.shift() as number);
    return true;
  }

  /** Tells the dependents of a node that just reached a terminal status. */
  private propagate(index: number): void {
    const { state } = this;
    this.settled++;
    const status = state.status[index];
    const failedOrBlocked = status === 'FAILED' || status === 'BLOCKED';
    const nodeId = (this.nodes[index] as CompiledNode).id;
    const { offsets, list } = this.workflow.dependents;
    for (let e = offsets[index] as number; e < (offsets[index + 1] as number); e++) {
      const dependent = list[e] as number;
      if (state.status[dependent] !== 'PENDING') continue;
      if (failedOrBlocked) {
        state.status[dependent] = 'BLOCKED';
        state.blockedBy[dependent] = nodeId;
        emitNodeEvent(this, 'NODE_BLOCKED', (this.nodes[dependent] as CompiledNode).id, { blockedBy: nodeId });
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
    const readiness = decideReadiness(this.state, this.nodes[index] as CompiledNode, this.options.context);
    if (readiness === 'ready') {
      this.state.status[index] = 'READY';
      this.ready.push(index);
    } else if (typeof readiness === 'string') {
      this.markSkipped(index, readiness);
    } else {
      this.failNode(index, readiness, 0);
    }
  }

  private markSkipped(index: number, reason: SkipReason): void {
    this.state.status[index] = 'SKIPPED';
    this.state.skipReasons[index] = reason;
    emitNodeEvent(this, 'NODE_SKIPPED', (this.nodes[index] as CompiledNode).id, { reason });
    this.toPropagate.push(index);
    this.persistence?.requestSave();
  }

  private dispatch(index: number): void {
    const { state } = this;
    const node = this.nodes[index] as CompiledNode;
    state.status[index] = 'RUNNING';
    this.active++;
    const token = (state.tokens[index] as number) + 1;
    state.tokens[index] = token;
    if (Number.isNaN(state.startedAt[index])) state.startedAt[index] = this.env.now();
    if (node.settings.retry !== undefined || node.settings.timeoutMs !== undefined) {
      this.dispatchWithPolicies(node, token);
      return;
    }
    state.attempts[index] = (state.attempts[index] as number) + 1;
    state.attemptOpen[index] = true;
    if (isListening(this)) {
      emitNodeEvent(this, 'NODE_STARTED', node.id, { attempt: state.attempts[index] as number });
      if (state.tokens[index] !== token) return; // a listener paused or cancelled the run
    }
    const signal = this.signal();
    if (this.active > DEFAULT_LISTENER_LIMIT) this.liftListenerLimit(signal);
    let value: unknown;
    try {
      value = node.executor(createNodeInput(state, node, this.executionId, this.options.context), signal);
    } catch (error) {
      this.onNodeFailed(index, token, error);
      return;
    }
    // A value that is not a promise settles the node now: no promise, no callbacks, no extra turn.
    if (!isThenable(value)) {
      this.onNodeSucceeded(index, token, value);
      return;
    }
    (value instanceof Promise ? value : Promise.resolve(value)).then(
      (settledValue: unknown) => this.onNodeSucceeded(index, token, settledValue),
      (error: unknown) => this.onNodeFailed(index, token, error),
    );
  }

  /** The slow path, kept out of {@link dispatch} so the fast path stays small enough for V8 to optimise well. */
  private dispatchWithPolicies(node: CompiledNode, token: number): void {
    const index = node.index;
    const signal = this.signal();
    this.liftListenerLimit(signal);
    runWithPolicies({
      state: this.state,
      node,
      token,
      signal,
      events: this,
      context: this.options.context,
      timers: this.env.timers,
      random: this.env.random,
      isRunning: () => this.workflowStatus === 'RUNNING',
    }).then(
      (value) => this.onNodeSucceeded(index, token, value),
      (error: unknown) => this.onNodeFailed(index, token, error),
    );
  }

  private signal(): AbortSignal {
    this.controller ??= new AbortController();
    return this.controller.signal;
  }

  /**
   * Every running node of this run may listen to its one signal (a node with policies adds p-retry's, the backoff's
   * and the timeout's listeners), so more than Node's default of 10 listeners is normal here, bounded by the run's
   * concurrency, and not a leak. Lifting the limit costs about as much as a no-op node, so runs that never have
   * more than 10 plain nodes running at once skip it.
   */
  private liftListenerLimit(signal: AbortSignal): void {
    if (this.listenerLimitLifted === signal) return;
    setMaxListeners(0, signal);
    this.listenerLimitLifted = signal;
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
    if (this.persistence === undefined) {
      this.commit(index);
      this.drive();
      return;
    }
    this.persistence.holdUntilSaved(index);
  }

  /** Publishes a completion: the event, then the dependents. */
  private commit(index: number): void {
    const { state } = this;
    if (isListening(this)) {
      emitNodeEvent(this, 'NODE_COMPLETED', (this.nodes[index] as CompiledNode).id, {
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
    this.drive();
  }

  private failNode(index: number, error: Error, attempt: number): void {
    const { state } = this;
    state.status[index] = 'FAILED';
    state.attemptOpen[index] = false;
    state.errors[index] = error;
    if (!Number.isNaN(state.startedAt[index])) state.finishedAt[index] = this.env.now();
    this.anyFailed = true;
    emitNodeEvent(this, 'NODE_FAILED', (this.nodes[index] as CompiledNode).id, { attempt, error });
    this.toPropagate.push(index);
    this.persistence?.requestSave();
  }

  private releaseSlot(): void {
    this.active--;
    this.env.scheduler.release();
  }

  /** Takes every RUNNING node back to READY (a new token voids its pending settlement) and aborts its signal. */
  private interruptRunning(reason: 'paused' | 'cancelled'): void {
    const { state } = this;
    const abortReason = reason === 'paused' ? new WorkflowPausedError(this.executionId) : (this.runError ?? new WorkflowCancelledError(this.executionId));
    const controller = this.controller;
    this.controller = undefined;
    const interrupted: number[] = [];
    for (const node of this.nodes) {
      if (state.status[node.index] !== 'RUNNING') continue;
      state.tokens[node.index] = (state.tokens[node.index] as number) + 1;
      state.status[node.index] = 'READY';
      interrupted.push(node.index);
    }
    // Abort after the bookkeeping so executors reacting synchronously see a consistent run.
    controller?.abort(abortReason);
    for (const index of interrupted) {
      if (reason === 'paused') this.ready.push(index);
      // A node waiting out a retry backoff already ended its attempt with NODE_RETRY.
      if (state.attemptOpen[index] === true) {
        state.attemptOpen[index] = false;
        emitNodeEvent(this, 'NODE_INTERRUPTED', (this.nodes[index] as CompiledNode).id, { attempt: state.attempts[index] as number, reason });
      }
      this.releaseSlot();
    }
  }

  private maybeFinish(): void {
    if (this.finalizing || this.persistence?.saving === true) return;
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
    if (this.onExternalAbort !== undefined) this.options.signal?.removeEventListener('abort', this.onExternalAbort);
    const persistence = this.persistence;
    if (persistence === undefined || (outcome === 'FAILED' && this.runError instanceof ContextStoreWriteError)) {
      this.complete(outcome);
      return;
    }
    persistence.save(outcome).then(
      () => this.complete(outcome),
      (error: unknown) => {
        this.runError ??= new ContextStoreWriteError(this.executionId, { cause: error });
        this.complete(outcome === 'COMPLETED' ? 'FAILED' : outcome);
      },
    );
  }

  private complete(outcome: WorkflowResultStatus): void {
    if (this.persistence !== undefined) this.publishCompleted(this.persistence.takeUnsaved());
    this.workflowStatus = outcome;
    const result = buildWorkflowResult(this.state, {
      executionId: this.executionId,
      status: outcome,
      resumed: this.resumed,
      startedAt: this.startedAt,
      finishedAt: this.env.now(),
      error: this.runError,
      listenerErrors: this.listenerErrors,
    });
    const type = outcome === 'COMPLETED' ? 'WORKFLOW_COMPLETED' : outcome === 'FAILED' ? 'WORKFLOW_FAILED' : 'WORKFLOW_CANCELLED';
    emitRunEvent(this, type, { result });
    this.env.onFinished(this);
    this.resolveResult(result);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}
