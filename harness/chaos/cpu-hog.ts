import { Worker } from 'node:worker_threads';
import { ChaosPlanError, ChaosResourceError } from './errors.js';
import { createReleasable, type Releasable } from './releasable.js';

export interface CpuHogOptions {
  /** Spinning threads to start. */
  readonly threads: number;
  /** Share of each period a thread spins, in (0, 1]; it sleeps the rest. Default 1 (spin flat out). */
  readonly dutyCycle?: number;
  /** Length of one spin/sleep period. Default 100 ms. */
  readonly periodMs?: number;
}

export interface CpuHog extends Releasable {
  readonly threads: number;
  /** Spin rounds completed by all threads so far: proof the threads really burn CPU. */
  spins(): number;
}

// Slot 0 is the stop flag; slot 1 + i counts thread i's spin rounds. Atomics.wait gives an idle phase that is a
// real sleep (no CPU) and wakes early when the stop flag is raised.
const SPINNER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.shared);
const slot = 1 + workerData.index;
const busyMs = workerData.periodMs * workerData.dutyCycle;
const idleMs = workerData.periodMs - busyMs;
let sink = 0;
parentPort.postMessage('online');
while (Atomics.load(state, 0) === 0) {
  const start = performance.now();
  while (performance.now() - start < busyMs) {
    for (let k = 0; k < 10000; k += 1) sink = (sink + Math.sqrt(k)) % 1e9;
    Atomics.add(state, slot, 1);
  }
  if (idleMs > 0) Atomics.wait(state, 0, 0, idleMs);
}
`;

/**
 * Starts `threads` worker threads that burn CPU until released, to starve the code under test of cores.
 * Resolves once every thread is running; release stops and terminates them all and waits for them to exit.
 *
 * @example
 * const hog = await startCpuHog({ threads: 2 });
 * try { ... } finally { await hog.release(); }
 */
export async function startCpuHog(options: CpuHogOptions): Promise<CpuHog> {
  const dutyCycle = options.dutyCycle ?? 1;
  const periodMs = options.periodMs ?? 100;
  const problems: string[] = [];
  if (!(Number.isInteger(options.threads) && options.threads >= 1))
    problems.push(`threads must be an integer >= 1, got ${options.threads}`);
  if (!(dutyCycle > 0 && dutyCycle <= 1)) problems.push(`dutyCycle must be within (0, 1], got ${dutyCycle}`);
  if (!(periodMs > 0)) problems.push(`periodMs must be > 0, got ${periodMs}`);
  if (problems.length > 0) throw new ChaosPlanError(problems);

  const shared = new SharedArrayBuffer(4 * (1 + options.threads));
  const state = new Int32Array(shared);
  const workers: Worker[] = [];
  const stopAll = async (): Promise<void> => {
    Atomics.store(state, 0, 1);
    Atomics.notify(state, 0);
    await Promise.all(workers.map((worker) => worker.terminate()));
  };

  try {
    const online: Promise<void>[] = [];
    for (let index = 0; index < options.threads; index += 1) {
      const worker = new Worker(SPINNER_SOURCE, { eval: true, workerData: { shared, index, dutyCycle, periodMs } });
      worker.unref();
      workers.push(worker);
      online.push(
        new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', (error) =>
            reject(new ChaosResourceError(`cpu hog thread ${index} failed`, { cause: error })),
          );
        }),
      );
    }
    await Promise.all(online);
  } catch (error) {
    await stopAll();
    throw error;
  }

  const releasable = createReleasable(stopAll);
  return Object.defineProperties(releasable, {
    threads: { value: options.threads, enumerable: true },
    spins: {
      value: () => {
        let total = 0;
        for (let i = 1; i < state.length; i += 1) total += Atomics.load(state, i);
        return total;
      },
    },
  }) as CpuHog;
}
