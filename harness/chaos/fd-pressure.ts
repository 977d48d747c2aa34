import fs from 'node:fs';
import { ChaosPlanError, ChaosResourceError } from './errors.js';
import { createReleasable, type Releasable } from './releasable.js';

export interface FdPressureOptions {
  /** File descriptors to open (fewer if the process limit is hit first). */
  readonly count: number;
  /** What to open. Default `/dev/null`. */
  readonly path?: string;
}

export interface FdPressure extends Releasable {
  /** Descriptors held right now (0 after release). */
  readonly opened: number;
  /** True when EMFILE/ENFILE stopped the opening before `count`: the process is at its descriptor limit. */
  readonly limitReached: boolean;
}

const LIMIT_CODES = new Set(['EMFILE', 'ENFILE']);

/**
 * Opens up to `count` file descriptors and holds them until released, to exercise code paths that run out of
 * sockets or files. Opening stops quietly at the process limit (`limitReached`); any other error closes what
 * was opened and rejects.
 *
 * @example
 * const fds = await applyFdPressure({ count: 5_000 });
 * try { ... } finally { await fds.release(); }
 */
export async function applyFdPressure(options: FdPressureOptions): Promise<FdPressure> {
  if (!(Number.isInteger(options.count) && options.count >= 0)) {
    throw new ChaosPlanError([`count must be an integer >= 0, got ${options.count}`]);
  }
  const path = options.path ?? '/dev/null';
  const fds: number[] = [];
  let limitReached = false;
  const closeAll = async (): Promise<void> => {
    // Synchronous on purpose: a burst of thousands of async closes would flood the libuv thread pool.
    while (fds.length > 0) fs.closeSync(fds.pop()!);
  };
  try {
    // openSync, not the promise API: FileHandles left to the GC warn and close late, and this must be exact.
    while (fds.length < options.count) {
      try {
        fds.push(fs.openSync(path, 'r'));
      } catch (error) {
        if (LIMIT_CODES.has((error as NodeJS.ErrnoException).code ?? '')) {
          limitReached = true;
          break;
        }
        throw error;
      }
    }
  } catch (error) {
    await closeAll();
    throw new ChaosResourceError(`could not open ${path}`, { cause: error });
  }
  const releasable = createReleasable(closeAll);
  return Object.defineProperties(releasable, {
    opened: { get: () => fds.length, enumerable: true },
    limitReached: { value: limitReached, enumerable: true },
  }) as FdPressure;
}
