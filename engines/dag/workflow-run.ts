import { buildWorkflowResult } from './build-result.js';
import type { CompiledWorkflow } from './compile-workflow.js';
import { ContextStoreWriteError, ExecutionExistsError, toError, WorkflowCancelledError } from './errors.js';
import { NodeScheduler } from './node-scheduler.js';
import type { PauseOptions, RunEnvironment, WorkflowRunHandle, WorkflowRunOptions } from './run-handle.js';
import { emitNodeEvent, emitRunEvent } from './run-events.js';
import { RunPersistence, type PersistenceHost } from './run-persistence.js';
import { buildSnapshot, restoreSnapshot } from './run-snapshot.js';
import type { ExecutionSnapshot } from './stores/context-store.js';
import type { NodeStatus, WorkflowStatus } from './types.js';
import type { WorkflowResult, WorkflowResultStatus } from './workflow-result.js';

const RESOLVED = Promise.resolve();

/**
 * One execution of a workflow: its lifecycle (start, pause, resume, cancel, the final save and the result) on top
 * of the scheduling in {@link NodeScheduler}. Saving lives in {@link RunPersistence}.
 */
export class WorkflowRun extends NodeScheduler implements WorkflowRunHandle, PersistenceHost {
  readonly result: Promise<WorkflowResult>;
  protected readonly persistence: RunPersistence | undefined;
  private pauseRequested: PauseOptions | undefined;
  private startedAt = Number.NaN;
  private resolveResult!: (result: WorkflowResult) => void;
  private rejectResult!: (error: Error) => void;
  private onExternalAbort: (() => void) | undefined;

  constructor(workflow: CompiledWorkflow, env: RunEnvironment, options: WorkflowRunOptions) {
    super(workflow, env, options);
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
    if (
      this.finalizing ||
      this.workflowStatus === 'COMPLETED' ||
      this.workflowStatus === 'FAILED' ||
      this.workflowStatus === 'CANCELLED'
    )
      return;
    const wasPending = this.workflowStatus === 'PENDING';
    this.runError = new WorkflowCancelledError(this.executionId, reason === undefined ? undefined : { cause: reason });
    this.workflowStatus = 'CANCELLED';
    if (wasPending) return; // begin() finalizes without starting anything
    this.interruptRunning('cancelled');
    this.maybeFinish();
  }

  takeSnapshot(status?: WorkflowStatus): ExecutionSnapshot {
    return buildSnapshot(this.state, {
      executionId: this.executionId,
      status: status ?? this.workflowStatus,
      context: this.options.context,
    });
  }

  /** Publishes completions: each node's event, then its dependents. */
  publishCompleted(indexes: readonly number[]): void {
    for (const index of indexes) this.commit(index);
  }

  /**
   * A completion whose save failed ends its attempt as interrupted and goes back to READY, as the store has it: the
   * result and the events then say what a resume will find, and a resume runs it again.
   */
  abandonUnsaved(indexes: readonly number[]): void {
    const { state } = this;
    for (const index of indexes) {
      if (state.status[index] !== 'COMPLETED') continue;
      state.status[index] = 'READY';
      state.outputs[index] = undefined;
      state.artifacts[index] = undefined;
      emitNodeEvent(this, 'NODE_INTERRUPTED', this.workflow.idOf(index), {
        attempt: state.attempts[index] as number,
        reason: 'cancelled',
      });
    }
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
    for (let index = 0; index < this.workflow.size; index++) {
      if (this.state.status[index] === 'PENDING' && this.workflow.dependencyCount(index) === 0)
        this.toResolve.push(index);
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

  protected maybeFinish(): void {
    if (this.finalizing || this.persistence?.saving === true) return;
    switch (this.workflowStatus) {
      case 'CANCELLED':
        this.finalize('CANCELLED');
        return;
      case 'FAILED':
        this.finalize('FAILED');
        return;
      case 'RUNNING':
        if (this.settled === this.workflow.size && this.active === 0)
          this.finalize(this.anyFailed ? 'FAILED' : 'COMPLETED');
        return;
      default:
        return;
    }
  }

  private finalize(outcome: WorkflowResultStatus): void {
    this.finalizing = true;
    if (this.onExternalAbort !== undefined) this.options.signal?.removeEventListener('abort', this.onExternalAbort);
    const persistence = this.persistence;
    if (persistence === undefined) {
      this.complete(outcome);
      return;
    }
    if (outcome === 'FAILED' && this.runError instanceof ContextStoreWriteError) {
      this.abandonUnsaved(persistence.takeUnsaved());
      this.complete(outcome);
      return;
    }
    persistence.save(outcome).then(
      () => {
        this.publishCompleted(persistence.takeUnsaved());
        this.complete(outcome);
      },
      (error: unknown) => {
        this.runError ??= new ContextStoreWriteError(this.executionId, { cause: error });
        this.abandonUnsaved(persistence.takeUnsaved());
        this.complete(outcome === 'COMPLETED' ? 'FAILED' : outcome);
      },
    );
  }

  private complete(outcome: WorkflowResultStatus): void {
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
    const type =
      outcome === 'COMPLETED' ? 'WORKFLOW_COMPLETED' : outcome === 'FAILED' ? 'WORKFLOW_FAILED' : 'WORKFLOW_CANCELLED';
    emitRunEvent(this, type, { result });
    this.env.onFinished(this);
    this.resolveResult(result);
  }
}
