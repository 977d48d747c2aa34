import { Worker } from 'node:worker_threads';

/** One hashing task: a slice of the shared input buffer and a number of chained rounds. */
export interface HashTask {
  readonly id: number;
  readonly offset: number;
  readonly length: number;
  readonly rounds: number;
}

export interface HashPoolRun {
  /** Digest per task id. */
  readonly digests: ReadonlyMap<number, string>;
  /** Most tasks that were ever in flight at once: must never exceed the pool size. */
  readonly maxInFlight: number;
}

interface Reply {
  readonly id: number;
  readonly digest: string;
}

/**
 * A fixed-size pool of hash workers with bounded parallelism: each worker holds at most one task, so
 * at most `size` tasks run at once. (A later step moves E2E-108 onto the engines' worker pool.)
 */
export class HashPool {
  readonly size: number;
  readonly #workers: Worker[];
  readonly #online: Promise<void[]>;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`pool size must be a positive integer, got ${size}`);
    this.size = size;
    this.#workers = Array.from({ length: size }, () => new Worker(new URL('./sha256-worker.mjs', import.meta.url)));
    this.#online = Promise.all(
      this.#workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.once('online', resolve);
            w.once('error', reject);
          }),
      ),
    );
  }

  /** Resolves once every worker thread has booted, so timing a run does not include thread start-up. */
  async ready(): Promise<void> {
    await this.#online;
  }

  /** Runs every task over `shared`; rejects on the first worker error or when `signal` aborts. */
  async run(shared: SharedArrayBuffer, tasks: readonly HashTask[], signal?: AbortSignal): Promise<HashPoolRun> {
    const digests = new Map<number, string>();
    let next = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const cleanups: (() => void)[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        const fail = (error: unknown): void => reject(error instanceof Error ? error : new Error(String(error)));
        const feed = (worker: Worker): void => {
          const task = tasks[next++];
          if (task === undefined) {
            if (inFlight === 0) resolve();
            return;
          }
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          worker.postMessage({ id: task.id, shared, offset: task.offset, length: task.length, rounds: task.rounds });
        };
        if (signal?.aborted) {
          fail(signal.reason);
          return;
        }
        const onAbort = (): void => fail(signal?.reason);
        signal?.addEventListener('abort', onAbort, { once: true });
        cleanups.push(() => signal?.removeEventListener('abort', onAbort));
        for (const worker of this.#workers) {
          const onMessage = (reply: Reply): void => {
            inFlight--;
            digests.set(reply.id, reply.digest);
            feed(worker);
          };
          worker.on('message', onMessage);
          worker.on('error', fail);
          cleanups.push(() => {
            worker.off('message', onMessage);
            worker.off('error', fail);
          });
        }
        if (tasks.length === 0) resolve();
        for (const worker of this.#workers) feed(worker);
      });
    } finally {
      for (const cleanup of cleanups) cleanup();
    }
    return { digests, maxInFlight };
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
