import type { ContextStore, ExecutionSnapshot } from './context-store.js';

/**
 * Keeps executions in memory as structured clones, so neither the caller's later mutations nor a loaded copy's
 * changes reach what is stored. Values must be structured-cloneable (functions are not).
 */
export class MemoryContextStore implements ContextStore {
  private readonly entries = new Map<string, ExecutionSnapshot>();

  save(snapshot: ExecutionSnapshot): Promise<void> {
    try {
      this.entries.set(snapshot.executionId, structuredClone(snapshot));
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  load(executionId: string): Promise<ExecutionSnapshot | undefined> {
    const entry = this.entries.get(executionId);
    return Promise.resolve(entry === undefined ? undefined : structuredClone(entry));
  }

  list(): Promise<string[]> {
    return Promise.resolve([...this.entries.keys()]);
  }

  delete(executionId: string): Promise<void> {
    this.entries.delete(executionId);
    return Promise.resolve();
  }
}
