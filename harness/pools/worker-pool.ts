import {
  createPool,
  type DrainOptions,
  type DrainReport,
  type Pool,
  type PoolOptions,
  type PoolStats,
} from '../../engines/sync/index.js';
import { WorkerTaskError, startTaskWorker, type TaskWorker } from './task-worker.js';

export interface WorkerPoolOptions extends Omit<PoolOptions<TaskWorker>, 'create' | 'destroy' | 'validate' | 'max'> {
  /** Most worker threads at once (the parallelism bound). */
  readonly size: number;
  /**
   * Module whose exported functions are the tasks; default: the built-in CPU tasks (`cpu-tasks.mjs`). A `.ts`
   * module works too (loaded through tsx, which adds about a second or more to each worker's start-up).
   */
  readonly tasksModule?: URL;
  /** Extra worker execArgv. */
  readonly execArgv?: readonly string[];
}

export interface RunTaskOptions {
  /** Aborting terminates the worker running the task (CPU-bound code cannot be interrupted otherwise). */
  readonly signal?: AbortSignal;
  /** Bounds the wait for a free worker. */
  readonly acquireTimeoutMs?: number;
  readonly owner?: string;
}

/** A bounded set of worker threads for CPU-bound tasks; inputs and outputs are plain (structured-clone) data. */
export interface WorkerPool {
  run<O = unknown>(task: string, input: unknown, options?: RunTaskOptions): Promise<O>;
  stats(): PoolStats;
  drain(options?: DrainOptions): Promise<DrainReport>;
  /** The underlying pool, for leak checks and direct leases. */
  readonly pool: Pool<TaskWorker>;
}

export const BUILTIN_TASKS_MODULE = new URL('./cpu-tasks.mjs', import.meta.url);

/**
 * Creates a worker-thread pool on {@link createPool}. A task that throws fails its call and the worker is reused;
 * a worker that dies, or whose task is aborted, is terminated and replaced on demand.
 *
 * @example
 * const workers = createWorkerPool({ size: 2 });
 * const primes = await workers.run<number>('countPrimes', { limit: 100_000 });
 * await workers.drain();
 */
export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const { size, tasksModule = BUILTIN_TASKS_MODULE, execArgv, ...poolOptions } = options;
  const pool = createPool<TaskWorker>({
    name: 'workers',
    ...poolOptions,
    max: size,
    create: ({ signal }) =>
      startTaskWorker({ moduleUrl: tasksModule, signal, ...(execArgv === undefined ? {} : { execArgv }) }),
    validate: (worker) => worker.alive,
    destroy: (worker) => worker.terminate(),
  });

  return {
    pool,
    stats: () => pool.stats(),
    drain: (drainOptions) => pool.drain(drainOptions),
    async run<O>(task: string, input: unknown, runOptions: RunTaskOptions = {}): Promise<O> {
      const { signal } = runOptions;
      const lease = await pool.acquire({
        ...(signal === undefined ? {} : { signal }),
        ...(runOptions.acquireTimeoutMs === undefined ? {} : { timeoutMs: runOptions.acquireTimeoutMs }),
        ...(runOptions.owner === undefined ? {} : { owner: runOptions.owner }),
      });
      const worker = lease.resource;
      let onAbort: (() => void) | undefined;
      try {
        const aborted = new Promise<never>((_, reject) => {
          onAbort = () => reject(new WorkerTaskError('TASK_ABORTED', `${task} aborted`, { cause: signal?.reason }));
          if (signal?.aborted === true) onAbort();
          else signal?.addEventListener('abort', onAbort, { once: true });
        });
        const output = (await Promise.race([worker.call(task, input), aborted])) as O;
        lease.release();
        return output;
      } catch (error) {
        const workerIsFine = error instanceof WorkerTaskError && error.code === 'TASK_FAILED' && worker.alive;
        if (workerIsFine) lease.release();
        else await lease.destroy();
        throw error;
      } finally {
        if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}
