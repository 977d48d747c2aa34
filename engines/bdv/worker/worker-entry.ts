import { setMaxListeners } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../../common/index.js';
import { toErrorInfo } from '../errors.js';
import { executeScenario } from '../execute-scenario.js';
import { runRunHooks, type RunHooksOptions } from '../run-hooks.js';
import { runLanes } from '../run-lanes.js';
import type { ScenarioContext } from '../scenario-runner.js';
import { createStepRegistry } from '../step-registry.js';
import { loadStepsModule } from '../steps-module.js';
import type { AttemptResult } from '../types.js';
import type { FromWorker, IndexedAttempts, ToWorker, WorkerInit } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('worker-entry must run in a worker thread');
const init = workerData as WorkerInit;
const post = (message: FromWorker): void => port.postMessage(message);
// Aborted when the parent interrupts the run; running scenarios and pending steps listen to it.
const interrupt = new AbortController();
setMaxListeners(0, interrupt.signal);

async function start(): Promise<{ context: ScenarioContext; hooks: RunHooksOptions } | undefined> {
  const registry = createStepRegistry();
  try {
    for (const module of init.stepsModules)
      await loadStepsModule(module, registry, process.cwd(), { signal: interrupt.signal });
    const context: ScenarioContext = {
      registry,
      matcher: registry.matcher(),
      worldParameters: init.worldParameters,
      clock: systemClock,
      timeOrigin: performance.timeOrigin,
      defaultTimeoutMs: init.defaultTimeoutMs ?? registry.defaultTimeoutMs,
      dryRun: init.dryRun,
      workerId: init.workerId,
      snippets: new Map(),
      runSignal: interrupt.signal,
    };
    const hooks: RunHooksOptions = {
      clock: systemClock,
      timeOrigin: performance.timeOrigin,
      workerId: init.workerId,
      defaultTimeoutMs: context.defaultTimeoutMs,
      worldParameters: init.worldParameters,
      signal: interrupt.signal,
    };
    const runHookResults = init.dryRun ? [] : await runRunHooks(registry, 'BeforeAll', hooks);
    post({ type: 'ready', runHookResults });
    return { context, hooks };
  } catch (error) {
    post({ type: 'fatal', error: toErrorInfo(error) });
    return undefined;
  }
}

async function runBatch(context: ScenarioContext, message: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  const results: IndexedAttempts[] = [];
  await runLanes(message.batch.values(), init.concurrency, interrupt.signal, ({ index, item }) => {
    const store = (attempts: readonly AttemptResult[]): void => {
      results.push({ index, attempts });
    };
    const attempts = executeScenario(item, context, init.retries);
    return attempts instanceof Promise ? attempts.then(store) : store(attempts as readonly AttemptResult[]);
  });
  post({ type: 'results', results });
}

const ready = start();
// Messages are handled one after the other: the parent sends the next batch only after the last results.
let queue: Promise<void> = Promise.resolve();
port.on('message', (message: ToWorker) => {
  // An abort must reach running work now, not after the batch it interrupts.
  if (message.type === 'abort') {
    interrupt.abort(new Error('interrupted'));
    return;
  }
  queue = queue
    .then(async () => {
      const started = await ready;
      if (started === undefined) return;
      if (message.type === 'run') await runBatch(started.context, message);
      else {
        const runHookResults = init.dryRun
          ? []
          : await runRunHooks(started.context.registry, 'AfterAll', { ...started.hooks, signal: undefined });
        post({ type: 'done', runHookResults });
      }
    })
    .catch((error: unknown) => post({ type: 'fatal', error: toErrorInfo(error) }));
});
