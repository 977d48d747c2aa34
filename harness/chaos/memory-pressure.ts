import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { ChaosPlanError, ChaosResourceError } from './errors.js';
import { createReleasable, type Releasable } from './releasable.js';

export interface MemoryPressureOptions {
  /** Keep allocating until the process RSS is at least this many bytes. */
  readonly targetRssBytes: number;
  /** Allocation step. Default 8 MiB. */
  readonly chunkBytes?: number;
  /** Never allocate more than this in total, target reached or not. Default 80% of the free memory now. */
  readonly limitBytes?: number;
  /** Aborting while allocating frees everything and rejects with the reason. */
  readonly signal?: AbortSignal;
}

export interface MemoryPressure extends Releasable {
  readonly allocatedBytes: number;
  /** Process RSS right after the last allocation. */
  readonly peakRssBytes: number;
  /** False when `limitBytes` stopped the allocation before the target. */
  readonly reachedTarget: boolean;
}

// Runs in a worker thread: the buffers live in the worker's isolate, so terminating the worker frees every one
// of them at once, without waiting for (or forcing) a garbage collection on the main thread. Each buffer is
// filled so its pages are really committed and counted in RSS, not merely reserved.
const ALLOCATOR_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const held = [];
let allocated = 0;
while (process.memoryUsage.rss() < workerData.targetRssBytes && allocated + workerData.chunkBytes <= workerData.limitBytes) {
  const chunk = Buffer.allocUnsafeSlow(workerData.chunkBytes);
  chunk.fill(0xa5);
  held.push(chunk);
  allocated += chunk.length;
}
parentPort.postMessage({ allocated, rss: process.memoryUsage.rss() });
// Stay alive holding the memory until terminated.
setInterval(() => held.length, 1 << 30);
`;

/**
 * Raises the process RSS to `targetRssBytes` by allocating and touching memory, and holds it until released.
 * Release terminates the allocating worker thread; the memory goes back to the OS at once.
 *
 * @example
 * const pressure = await applyMemoryPressure({ targetRssBytes: process.memoryUsage.rss() + 256 * 2 ** 20 });
 * try { ... run the engine under pressure ... } finally { await pressure.release(); }
 */
export async function applyMemoryPressure(options: MemoryPressureOptions): Promise<MemoryPressure> {
  const chunkBytes = options.chunkBytes ?? 8 * 2 ** 20;
  const limitBytes = options.limitBytes ?? Math.floor(os.freemem() * 0.8);
  const problems: string[] = [];
  if (!(options.targetRssBytes > 0)) problems.push(`targetRssBytes must be > 0, got ${options.targetRssBytes}`);
  if (!(Number.isInteger(chunkBytes) && chunkBytes > 0))
    problems.push(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  if (!(limitBytes >= 0)) problems.push(`limitBytes must be >= 0, got ${limitBytes}`);
  if (problems.length > 0) throw new ChaosPlanError(problems);
  options.signal?.throwIfAborted();

  const worker = new Worker(ALLOCATOR_SOURCE, {
    eval: true,
    workerData: { targetRssBytes: options.targetRssBytes, chunkBytes, limitBytes },
  });
  // The held memory must not keep a finished test process alive.
  worker.unref();
  const terminate = async (): Promise<void> => {
    await worker.terminate();
  };

  let onAbort: (() => void) | undefined;
  try {
    const report = await new Promise<{ allocated: number; rss: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', (error) =>
        reject(new ChaosResourceError('memory pressure worker failed', { cause: error })),
      );
      worker.once('exit', (code) =>
        reject(new ChaosResourceError(`memory pressure worker exited early (code ${code})`)),
      );
      onAbort = () => reject(options.signal?.reason);
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
    const releasable = createReleasable(terminate);
    return Object.defineProperties(releasable, {
      allocatedBytes: { value: report.allocated, enumerable: true },
      peakRssBytes: { value: report.rss, enumerable: true },
      reachedTarget: { value: report.rss >= options.targetRssBytes, enumerable: true },
    }) as MemoryPressure;
  } catch (error) {
    await terminate();
    throw error;
  } finally {
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
    worker.removeAllListeners('message');
    worker.removeAllListeners('exit');
  }
}
