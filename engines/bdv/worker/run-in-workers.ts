import { availableParallelism, totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import { WorkerError, toErrorInfo } from '../errors.js';
import { toModuleUrl } from '../steps-module.js';
import type { AttemptResult, ErrorInfo, ExecutablePickle, RunHookResult } from '../types.js';
import type { FromWorker, IndexedPickle, ToWorker, WorkerInit } from './protocol.js';

export interface RunInWorkersOptions {
  readonly workers: number;
  readonly stepsModules: readonly string[];
  readonly retries: number;
  readonly concurrency: number;
  readonly dryRun: boolean;
  readonly defaultTimeoutMs?: number;
  readonly worldParameters: Readonly<Record<string, unknown>>;
  readonly signal?: AbortSignal;
  /** After `signal` aborts, how long workers get to stop before they are terminated. Default 2000 ms. */
  readonly stopGraceMs?: number;
  readonly onAttempts?: (index: number, attempts: readonly AttemptResult[]) => void;
  readonly onRunHook?: (result: RunHookResult) => void;
  /** Asked before each batch is handed out whether to wait (output backpressure). */
  readonly pause?: () => Promise<void> | undefined;
  /** Worker entry (tests may point elsewhere); default: the tsx bootstrap next to this file. */
  readonly entry?: URL;
}

export interface WorkersOutcome {
  /** Attempts per pickle index; `undefined` for pickles no worker ran (aborted, BeforeAll failed everywhere). */
  readonly attempts: (readonly AttemptResult[] | undefined)[];
  readonly runHookResults: RunHookResult[];
}

const DEFAULT_ENTRY = new URL('./worker-bootstrap.mjs', import.meta.url);
/** A worker thread with tsx and a steps module loaded costs 30-40 MB; leave room for the rest of the process. */
const MEMORY_PER_WORKER = 64 * 1024 * 1024;

/**
 * The most worker threads worth starting here: CPU-bound steps gain nothing past one per core (twice that leaves
 * room for steps that also wait), and each thread costs tens of MB, so total memory bounds it too.
 */
export function maxWorkerThreads(cpus: number = availableParallelism(), memoryBytes: number = totalmem()): number {
  return Math.max(1, Math.min(2 * cpus, Math.floor(memoryBytes / 4 / MEMORY_PER_WORKER)));
}

/**
 * Spreads pickles over worker threads. Work is handed out in small batches to whichever worker is idle, so a
 * slow scenario does not leave the other threads waiting. A worker that crashes fails only the scenarios it
 * was running at that moment; the rest go to the surviving workers. When `signal` aborts, no batch is handed
 * out, workers are told to abort, and any still running after the grace period (a step in an endless
 * synchronous loop) is terminated; the scenarios it was running are left unreported (skipped), not failed.
 */
export async function runInWorkers(
  items: readonly ExecutablePickle[],
  options: RunInWorkersOptions,
): Promise<WorkersOutcome> {
  const attempts = new Array<readonly AttemptResult[] | undefined>(items.length);
  const runHookResults: RunHookResult[] = [];
  const count = Math.min(options.workers, items.length);
  const batchSize = Math.max(1, Math.min(64, Math.floor(items.length / (count * 4))));
  let next = 0;
  const threads: Worker[] = [];
  const interrupted = (): boolean => options.signal?.aborted === true;
  const recordRunHooks = (results: readonly RunHookResult[]): void => {
    for (const result of results) {
      runHookResults.push(result);
      options.onRunHook?.(result);
    }
  };

  const takeBatch = (): IndexedPickle[] => {
    if (interrupted()) return [];
    const batch: IndexedPickle[] = [];
    while (batch.length < batchSize && next < items.length) {
      batch.push({ index: next, item: items[next] as ExecutablePickle });
      next++;
    }
    return batch;
  };
  const failBatch = (batch: readonly IndexedPickle[], error: ErrorInfo, workerId: string): void => {
    for (const { index } of batch) {
      const failed: AttemptResult = {
        attempt: 0,
        status: 'failed',
        startedAt: Date.now(),
        durationMs: 0,
        workerId,
        steps: [
          {
            kind: 'hook',
            sourceId: 'worker',
            text: 'Worker',
            status: 'failed',
            startedAt: Date.now(),
            durationMs: 0,
            definitionIds: [],
            error,
          },
        ],
      };
      attempts[index] = [failed];
      options.onAttempts?.(index, [failed]);
    }
  };

  const runOne = (workerNumber: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const workerId = `worker-${workerNumber}`;
      const init: WorkerInit = {
        workerId,
        stepsModules: options.stepsModules.map((module) => toModuleUrl(module)),
        retries: options.retries,
        concurrency: options.concurrency,
        dryRun: options.dryRun,
        defaultTimeoutMs: options.defaultTimeoutMs,
        worldParameters: options.worldParameters,
      };
      const worker = new Worker(options.entry ?? DEFAULT_ENTRY, { workerData: init });
      threads.push(worker);
      let inFlight: IndexedPickle[] = [];
      let settled = false;
      const send = (message: ToWorker): void => {
        if (!settled) worker.postMessage(message);
      };
      const dispatch = (): void => {
        const wait = options.pause?.();
        if (wait !== undefined) {
          wait.then(dispatch, dispatch);
          return;
        }
        inFlight = takeBatch();
        send(inFlight.length > 0 ? { type: 'run', batch: inFlight } : { type: 'finish' });
      };
      const settle = (problem?: ErrorInfo): void => {
        if (settled) return;
        settled = true;
        // An interrupted run leaves the scenarios it stopped unreported (skipped); a crash fails them.
        if (problem !== undefined && !interrupted()) failBatch(inFlight, problem, workerId);
        inFlight = [];
        resolve();
      };
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            recordRunHooks(message.runHookResults);
            // A worker whose BeforeAll failed takes no scenario: its preconditions are unmet.
            if (message.runHookResults.some((result) => result.status === 'failed')) send({ type: 'finish' });
            else dispatch();
            break;
          case 'results':
            for (const { index, attempts: done } of message.results) {
              attempts[index] = done;
              options.onAttempts?.(index, done);
            }
            inFlight = [];
            dispatch();
            break;
          case 'done':
            recordRunHooks(message.runHookResults);
            settle();
            break;
          case 'fatal':
            recordRunHooks([
              {
                hookId: 'worker',
                kind: 'BeforeAll',
                status: 'failed',
                startedAt: Date.now(),
                durationMs: 0,
                error: message.error,
                workerId,
              },
            ]);
            settle(message.error);
            break;
        }
      });
      worker.on('error', (error) =>
        settle({
          name: 'WorkerError',
          message: `${workerId} crashed: ${error.message}`,
          ...(error.stack === undefined ? {} : { stack: error.stack }),
        }),
      );
      worker.on('exit', (code) =>
        settle({ name: 'WorkerError', message: `${workerId} exited with code ${code} before finishing` }),
      );
    });

  let graceTimer: NodeJS.Timeout | undefined;
  const onAbort = (): void => {
    for (const thread of threads) thread.postMessage({ type: 'abort' } satisfies ToWorker);
    // A step in an endless synchronous loop never reads its messages: terminate() stops it anyway.
    graceTimer = setTimeout(() => {
      for (const thread of threads) void thread.terminate();
    }, options.stopGraceMs ?? 2000);
  };
  if (options.signal?.aborted === true) queueMicrotask(onAbort);
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(Array.from({ length: count }, (_, number) => runOne(number)));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    clearTimeout(graceTimer);
    // Steps may leave handles open in a worker; the results are in, so stop every thread for sure.
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
  // Scenarios left undistributed because every worker died count as failed, not as silently skipped.
  if (
    next < items.length &&
    !interrupted() &&
    runHookResults.every((r) => r.kind !== 'BeforeAll' || r.status !== 'failed')
  ) {
    const rest = items.slice(next).map((item, offset) => ({ index: next + offset, item }));
    failBatch(rest, toErrorInfo(new WorkerError('no worker thread left to run this scenario')), 'none');
  }
  return { attempts, runHookResults };
}
