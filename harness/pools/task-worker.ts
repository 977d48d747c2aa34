import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** A task failed inside the worker (the worker itself is fine), or the worker died under it. */
export class WorkerTaskError extends Error {
  readonly code: 'TASK_FAILED' | 'WORKER_EXITED' | 'TASK_ABORTED';
  /** The error's name inside the worker, e.g. `RangeError`. */
  readonly remoteName: string | undefined;

  constructor(code: WorkerTaskError['code'], message: string, options: { cause?: unknown; remoteName?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WorkerTaskError';
    this.code = code;
    this.remoteName = options.remoteName;
  }
}

interface Reply {
  readonly id: number;
  readonly ok: boolean;
  readonly output?: unknown;
  readonly error?: { readonly name: string; readonly message: string; readonly stack?: string };
}

interface Pending {
  readonly task: string;
  resolve(output: unknown): void;
  reject(error: Error): void;
}

/** One worker thread running tasks from one module, one task at a time (the pool bounds parallelism). */
export interface TaskWorker {
  readonly threadId: number;
  readonly alive: boolean;
  /** Task names the module exports. */
  readonly tasks: readonly string[];
  call(task: string, input: unknown): Promise<unknown>;
  /** Terminates the thread; resolves once it has exited. */
  terminate(): Promise<void>;
}

const HOST_URL = new URL('./worker-host.mjs', import.meta.url);

export interface StartWorkerOptions {
  readonly moduleUrl: URL;
  readonly signal?: AbortSignal;
  /** Extra execArgv for the worker thread. */
  readonly execArgv?: readonly string[];
}

export async function startTaskWorker(options: StartWorkerOptions): Promise<TaskWorker> {
  const execArgv = [...(options.execArgv ?? [])];
  const worker = new Worker(HOST_URL, { workerData: { moduleUrl: options.moduleUrl.href }, execArgv });
  // Read now: `worker.threadId` becomes -1 once the thread has exited.
  const threadId = worker.threadId;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let exited = false;
  let tasks: readonly string[];

  // Not events.once: it rejects when 'error' fires first, and an uncaught error in the worker always precedes
  // its 'exit'.
  const exitedPromise = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      exited = true;
      for (const entry of pending.values()) {
        entry.reject(
          new WorkerTaskError(
            'WORKER_EXITED',
            `worker ${threadId} exited while running ${entry.task}${crash ? `: ${crash.message}` : ''}`,
            {
              cause: crash,
            },
          ),
        );
      }
      pending.clear();
      resolve();
    });
  });
  let crash: Error | undefined;
  worker.on('error', (error) => {
    // 'exit' follows and rejects the pending task; keep the error as the cause.
    crash = error;
  });

  try {
    const [ready] = (await once(worker, 'message', options.signal === undefined ? {} : { signal: options.signal })) as [
      { ready?: boolean; tasks?: string[] },
    ];
    if (ready.ready !== true) throw new Error('worker did not report ready');
    tasks = ready.tasks ?? [];
  } catch (error) {
    await worker.terminate();
    throw error;
  }

  worker.on('message', (reply: Reply) => {
    const entry = pending.get(reply.id);
    if (entry === undefined) return;
    pending.delete(reply.id);
    if (reply.ok) entry.resolve(reply.output);
    else {
      const remote = reply.error;
      entry.reject(
        new WorkerTaskError(
          'TASK_FAILED',
          `${entry.task} failed: ${remote?.name ?? 'Error'}: ${remote?.message ?? 'unknown'}`,
          {
            ...(remote?.name === undefined ? {} : { remoteName: remote.name }),
            cause: remote,
          },
        ),
      );
    }
  });

  return {
    threadId,
    get alive() {
      return !exited;
    },
    tasks,
    call(task, input) {
      if (exited) return Promise.reject(new WorkerTaskError('WORKER_EXITED', `worker ${threadId} has exited`));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { task, resolve, reject });
        worker.postMessage({ id, task, input });
      });
    },
    async terminate() {
      if (!exited) await worker.terminate();
      await exitedPromise;
    },
  };
}
