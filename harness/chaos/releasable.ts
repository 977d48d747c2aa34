/**
 * A fault that holds something (memory, threads, file descriptors, sockets) until released. `release()` is
 * idempotent and always safe to call; the object is also `await using`-friendly through `Symbol.asyncDispose`.
 */
export interface Releasable {
  /** True once `release()` has finished. */
  readonly released: boolean;
  release(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Builds the `Releasable` part of a resource: the first `release()` runs `undo`, later calls share its promise. */
export function createReleasable(undo: () => Promise<void>): Releasable {
  let releasing: Promise<void> | undefined;
  let released = false;
  const release = (): Promise<void> => {
    releasing ??= undo().finally(() => {
      released = true;
    });
    return releasing;
  };
  return {
    get released() {
      return released;
    },
    release,
    [Symbol.asyncDispose]: release,
  };
}
