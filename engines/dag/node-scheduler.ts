import { setMaxListeners } from 'node:events';
import type { CompiledWorkflow } from './compile-workflow.js';
import { toError, WorkflowCancelledError, WorkflowPausedError } from './errors.js';
import type { WorkflowEventListener } from './events.js';
import type { SkipReason } from './workflow-result.js';
import type { EventHub } from './event-hub.js';
import type { SlotConsumer } from './global-scheduler.js';
import { Deque } from './deque.js';
import { createNodeInput } from './node-input.js';
import { decideReadiness } from './node-readiness.js';
import type { RunEnvironment, WorkflowRunOptions } from './run-handle.js';
import { emitNodeEvent, isListening, type EventSource } from './run-events.js';
import type { RunPersistence } from './run-persistence.js';
import { RunState } from './run-state.js';
import { runWithPolicies, unwrapAttemptError } from './run-with-policies.js';
import { NodeOutputWithArtifacts, type WorkflowStatus } from './types.js';

/** Node's default listener limit per EventTarget (events.defaultMaxListeners). */
const DEFAULT_LISTENER_LIMIT = 10;

/**
 * The scheduling half of a run ({@link WorkflowRun} adds its lifecycle): a dependency-driven state machine. A
 * node is dispatched as soon as its own dependencies are COMPLETED (not when a whole generation is), subject to the
 * run's and the executor's limits. Nodes without a retry policy or timeout take a fast path with no timers,
 * controllers or extra promises; the others go through {@link runWithPolicies}. Readiness rules live in
 * {@link decideReadiness}, event delivery in run-events. One object per run: the split is by concept, not by
 * allocation, since thousands of runs may be alive at once.
 */
export abstract class NodeScheduler implements SlotConsumer, EventSource {
  readonly executionId: string;
  readonly workflowId: string;
  readonly onEvent: WorkflowEventListener | undefined;
  readonly hub: EventHub;
  readonly now: () => number;
  listenerErrors = 0;
  waitingForSlot = false;
  finalizing = false;

  protected readonly state: RunState;
  /** Set by the run when the executor has a store. */
  protected abstract readonly persistence: RunPersistence | undefined;
  protected readonly ready = new Deque<number>();
  protected readonly toPropagate: number[] = [];
  protected readonly toResolve = new Deque<number>();
  protected workflowStatus: WorkflowStatus = 'PENDING';
  /** Nodes holding a slot of this run. */
  protected active = 0;
  /** Nodes that reached a terminal status. */
  protected settled = 0;
  protected anyFailed = false;
  /** Why the run as a whole failed or was cancelled (also the abort reason given to running nodes). */
  protected runError: Error | undefined;
  /** Created on first use and replaced (lazily) after each interruption: pause and cancel abort it. */
  private controller: AbortController | undefined;
  /** The signal whose listener limit was lifted (see liftListenerLimit). */
  private listenerLimitLifted: AbortSignal | undefined;
  private driving = false;

  constructor(
    readonly workflow: CompiledWorkflow,
    protected readonly env: RunEnvironment,
    protected readonly options: WorkflowRunOptions,
  ) {
    this.executionId = options.executionId;
    this.workflowId = workflow.id;
    this.onEvent = options.onEvent;
    this.hub = env.hub;
    this.now = env.now;
    this.state = new RunState(workflow);
  }

  /** Called by the global scheduler when a slot may be free. */
  pump(): void {
    this.drive();
  }

  /** Ends the run once nothing is left to do (or it was cancelled or failed). */
  protected abstract maybeFinish(): void;

  /**
   * The run's loop: tells dependents about settled nodes, resolves nodes whose dependencies all settled, then
   * dispatches ready nodes while this run and the executor have free slots. Iterative, so long chains of nodes
   * that complete synchronously cannot overflow the stack; a nested call (from a settlement, a listener or the
   * scheduler) returns at once and leaves its work to the loop already running.
   */
  protected drive(): void {
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
    if (this.workflowStatus !== 'RUNNING' || this.ready.size === 0 || this.active >= this.options.concurrency)
      return false;
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
    const nodeId = this.workflow.idOf(index);
    const { offsets, list } = this.workflow.dependents;
    for (let e = offsets[index] as number; e < (offsets[index + 1] as number); e++) {
      const dependent = list[e] as number;
      if (state.status[dependent] !== 'PENDING') continue;
      if (failedOrBlocked) {
        state.status[dependent] = 'BLOCKED';
        state.blockedBy[dependent] = nodeId;
        emitNodeEvent(this, 'NODE_BLOCKED', this.workflow.idOf(dependent), { blockedBy: nodeId });
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
    const readiness = decideReadiness(this.state, index, this.options.context);
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
    emitNodeEvent(this, 'NODE_SKIPPED', this.workflow.idOf(index), { reason });
    this.toPropagate.push(index);
    this.persistence?.requestSave();
  }

  private dispatch(index: number): void {
    const { state, workflow } = this;
    state.status[index] = 'RUNNING';
    this.active++;
    const token = state.epoch;
    if (Number.isNaN(state.startedAt[index])) state.startedAt[index] = this.env.now();
    const settings = workflow.settingsOf(index);
    if (settings.retry !== undefined || settings.timeoutMs !== undefined) {
      this.dispatchWithPolicies(index, token);
      return;
    }
    state.attempts[index] = (state.attempts[index] as number) + 1;
    if (isListening(this)) {
      emitNodeEvent(this, 'NODE_STARTED', workflow.idOf(index), { attempt: state.attempts[index] as number });
      if (state.epoch !== token) return; // a listener paused or cancelled the run
    }
    const signal = this.signal();
    if (this.active > DEFAULT_LISTENER_LIMIT) this.liftListenerLimit(signal);
    let value: unknown;
    try {
      value = workflow.executorOf(index)(createNodeInput(state, index, this.executionId, this.options.context), signal);
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
  private dispatchWithPolicies(index: number, token: number): void {
    const signal = this.signal();
    this.liftListenerLimit(signal);
    runWithPolicies({
      state: this.state,
      index,
      token,
      signal,
      events: this,
      context: this.options.context,
      clock: this.env.clock,
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
    if (state.epoch !== token || state.status[index] !== 'RUNNING') return;
    state.finishedAt[index] = this.env.now();
    if (value instanceof NodeOutputWithArtifacts) {
      state.outputs[index] = value.output;
      state.artifacts[index] = value.artifacts;
    } else {
      state.outputs[index] = value;
    }
    state.status[index] = 'COMPLETED';
    this.releaseSlot();
    if (this.persistence === undefined) {
      this.commit(index);
      this.drive();
      return;
    }
    this.persistence.holdUntilSaved(index);
  }

  /** Publishes a completion: the event, then the dependents. */
  protected commit(index: number): void {
    const { state } = this;
    if (isListening(this)) {
      emitNodeEvent(this, 'NODE_COMPLETED', this.workflow.idOf(index), {
        attempt: state.attempts[index] as number,
        durationMs: (state.finishedAt[index] as number) - (state.startedAt[index] as number),
      });
    }
    this.toPropagate.push(index);
  }

  private onNodeFailed(index: number, token: number, error: unknown): void {
    if (this.state.epoch !== token || this.state.status[index] !== 'RUNNING') return;
    this.releaseSlot();
    this.failNode(index, unwrapAttemptError(toError(error)), this.state.attempts[index] as number);
    this.drive();
  }

  private failNode(index: number, error: Error, attempt: number): void {
    const { state } = this;
    state.status[index] = 'FAILED';
    state.errors[index] = error;
    if (!Number.isNaN(state.startedAt[index])) state.finishedAt[index] = this.env.now();
    this.anyFailed = true;
    emitNodeEvent(this, 'NODE_FAILED', this.workflow.idOf(index), { attempt, error });
    this.toPropagate.push(index);
    this.persistence?.requestSave();
  }

  private releaseSlot(): void {
    this.active--;
    this.env.scheduler.release();
  }

  /** Takes every RUNNING node back to READY (a new epoch voids their pending settlements) and aborts its signal. */
  protected interruptRunning(reason: 'paused' | 'cancelled'): void {
    const { state } = this;
    const abortReason =
      reason === 'paused'
        ? new WorkflowPausedError(this.executionId)
        : (this.runError ?? new WorkflowCancelledError(this.executionId));
    const controller = this.controller;
    this.controller = undefined;
    const interrupted: number[] = [];
    state.epoch++;
    for (let index = 0; index < this.workflow.size; index++) {
      if (state.status[index] !== 'RUNNING') continue;
      state.status[index] = 'READY';
      interrupted.push(index);
    }
    // Abort after the bookkeeping so executors reacting synchronously see a consistent run.
    controller?.abort(abortReason);
    for (const index of interrupted) {
      if (reason === 'paused') this.ready.push(index);
      // A node waiting out a retry backoff already ended its attempt with NODE_RETRY.
      if (state.backingOff[index] === true) state.backingOff[index] = false;
      else {
        emitNodeEvent(this, 'NODE_INTERRUPTED', this.workflow.idOf(index), {
          attempt: state.attempts[index] as number,
          reason,
        });
      }
      this.releaseSlot();
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
