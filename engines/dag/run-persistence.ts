import { toError } from './errors.js';
import type { ContextStore, ExecutionSnapshot } from './stores/context-store.js';
import type { WorkflowStatus } from './types.js';

/** The run-side callbacks of its persistence. */
export interface PersistenceHost {
  /** True once the run's final save has begun: intermediate saves stop. */
  readonly finalizing: boolean;
  /** The run as it stands now, under its current status or the given final one. */
  takeSnapshot(status?: WorkflowStatus): ExecutionSnapshot;
  /** Announces completions whose output is now durable. */
  publishCompleted(indexes: readonly number[]): void;
  /** Takes back completions no save will cover: the store does not hold them, so neither may the run's report. */
  abandonUnsaved(indexes: readonly number[]): void;
  /** Called after a successful save: more nodes may be releasable. */
  continueRun(): void;
  /** A save failed: the run cannot promise durability any more. */
  loseDurability(error: unknown): void;
}

/**
 * Coalesced saves of one run: at most one in flight; requests made meanwhile share the next save. A completed
 * node is held back (no event, no dependents) until a snapshot holding its output has been saved; if that save
 * fails, the completion is never announced (the run takes it back and fails).
 */
export class RunPersistence {
  saving = false;
  private saveRequested = false;
  private unsaved: number[] = [];

  constructor(
    private readonly store: ContextStore,
    private readonly host: PersistenceHost,
  ) {}

  /** Holds a completed node until a save covers it. */
  holdUntilSaved(index: number): void {
    this.unsaved.push(index);
    this.requestSave();
  }

  requestSave(): void {
    if (this.host.finalizing) return;
    if (this.saving) {
      this.saveRequested = true;
      return;
    }
    this.startSave();
  }

  /** Completions still waiting for a save, handed over (the run publishes them when it ends). */
  takeUnsaved(): number[] {
    const unsaved = this.unsaved;
    this.unsaved = [];
    return unsaved;
  }

  /** Saves the run now (under `status` when given); a synchronous throw becomes a rejection. */
  save(status?: WorkflowStatus): Promise<void> {
    try {
      return this.store.save(this.host.takeSnapshot(status));
    } catch (error) {
      return Promise.reject(toError(error));
    }
  }

  private startSave(): void {
    this.saving = true;
    this.saveRequested = false;
    const batch = this.takeUnsaved();
    this.save().then(
      () => this.onSaved(batch),
      (error: unknown) => this.onSaveFailed(batch, error),
    );
  }

  private onSaved(batch: readonly number[]): void {
    this.saving = false;
    this.host.publishCompleted(batch);
    if (this.saveRequested || this.unsaved.length > 0) this.startSave();
    this.host.continueRun();
  }

  private onSaveFailed(batch: readonly number[], error: unknown): void {
    this.saving = false;
    // Saved before announced: the store still holds the previous snapshot, without these completions.
    this.host.abandonUnsaved([...batch, ...this.takeUnsaved()]);
    this.host.loseDurability(error);
  }
}
