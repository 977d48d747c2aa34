import type { WorkflowEventListener } from './events.js';

/** Executor-wide listeners. The list is replaced, never mutated, so emitting while (un)subscribing is safe. */
export class EventHub {
  listeners: readonly WorkflowEventListener[] = [];

  get hasListeners(): boolean {
    return this.listeners.length > 0;
  }

  add(listener: WorkflowEventListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((candidate) => candidate !== listener);
    };
  }
}
