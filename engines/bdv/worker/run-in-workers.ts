import { Worker } from 'node:worker_threads';
import { WorkerError, toErrorInfo } from '../errors.js';
import { toModuleUrl } from '../steps-module.js';
import type { AttemptResult, ErrorInfo, ExecutablePickle, RunHookProblem } from '../types.js';
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
  readonly onAttempts?: (index: number, attempts: readonly AttemptResult[]) => void;
  /** Worker entry (tests may point elsewhere); default: the tsx bootstrap next to this file. */
  readonly entry?: URL;
}

export interface WorkersOutcome {
  /** Attempts per pickle index; `undefined` for pickles no worker ran (aborted, BeforeAll failed everywhere). */
  readonly attempts: (readonly AttemptResult[] | undefined)[];
  readonly runHookErrors: RunHookProblem[];
}

const DEFAULT_ENTRY = new URL('./worker-bootstrap.mjs', import.meta.url);

/**
 * Spreads pickles over worker threads. Work is handed out in small batches to whichever worker is idle, so a
 * slow scenario does not leave the other threads waiting. A worker that crashes fails only the scenarios it
 * was running at that moment; the rest go to the surviving workers.
 */
export async function runInWorkers(items: readonly ExecutablePickle[], options: RunInWorkersOptions): Promise<WorkersOutcome> {
  const attempts = new Array<readonly AttemptResult[] | undefined>(items.length);
  const runHookErrors: RunHookProblem[] = [];
  const count = Math.min(options.workers, items.length);
  const batchSize = Math.max(1, Math.min(64, Math.floor(items.length / (count * 4))));
  let next = 0;
  const threads: Worker[] = [];

  const takeBatch = (): IndexedPickle[] => {
    if (options.signal?.aborted === true) return [];
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
        steps: [{ kind: 'hook', sourceId: 'worker', text: 'Worker', status: 'failed', startedAt: Date.now(), durationMs: 0, definitionIds: [], error }],
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
      const send = (message: ToWorker): void => worker.postMessage(message);
      const dispatch = (): void => {
        inFlight = takeBatch();
        send(inFlight.length > 0 ? { type: 'run', batch: inFlight } : { type: 'finish' });
      };
      const settle = (problem?: ErrorInfo): void => {
        if (settled) return;
        settled = true;
        if (problem !== undefined) {
          failBatch(inFlight, problem, workerId);
          inFlight = [];
        }
        resolve();
      };
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            runHookErrors.push(...message.runHookErrors);
            // A worker whose BeforeAll failed takes no scenario: its preconditions are unmet.
            if (message.runHookErrors.length > 0) send({ type: 'finish' });
            else dispatch();
            break;
          case 'results':
            for (const { index, attempts: done } of message.results) {
              attempts[index] = done;
              options.onAttempts?.(index, done);
            }
            dispatch();
            break;
          case 'done':
            runHookErrors.push(...message.runHookErrors);
            settle();
            break;
          case 'fatal':
            runHookErrors.push({ hookId: 'worker', kind: 'BeforeAll', error: message.error, workerId });
            settle(message.error);
            break;
        }
      });
      worker.on('error', (error) => settle({ name: 'WorkerError', message: `${workerId} crashed: ${error.message}`, ...(error.stack === undefined ? {} : { stack: error.stack }) }));
      worker.on('exit', (code) => settle({ name: 'WorkerError', message: `${workerId} exited with code ${code} before finishing` }));
    });

  try {
    await Promise.all(Array.from({ length: count }, (_, number) => runOne(number)));
  } finally {
    // Steps may leave handles open in a worker; the results are in, so stop every thread for sure.
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
  // Scenarios left undistributed because every worker died count as failed, not as silently skipped.
  if (next < items.length && options.signal?.aborted !== true && runHookErrors.every((p) => p.kind !== 'BeforeAll')) {
    const rest = items.slice(next).map((item, offset) => ({ index: next + offset, item }));
    failBatch(rest, toErrorInfo(new WorkerError('no worker thread left to run this scenario')), 'none');
  }
  return { attempts, runHookErrors };
}
