import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../errors.js';
import { executeScenario } from '../execute-scenario.js';
import { runRunHooks } from '../run-hooks.js';
import { runLanes } from '../run-lanes.js';
import type { ScenarioContext } from '../scenario-runner.js';
import { createStepRegistry } from '../step-registry.js';
import { loadStepsModule } from '../steps-module.js';
import { systemClock } from '../timing.js';
import type { AttemptResult } from '../types.js';
import type { FromWorker, IndexedAttempts, ToWorker, WorkerInit } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('worker-entry must run in a worker thread');
const init = workerData as WorkerInit;
const post = (message: FromWorker): void => port.postMessage(message);

async function start(): Promise<ScenarioContext | undefined> {
  const registry = createStepRegistry();
  try {
    for (const module of init.stepsModules) await loadStepsModule(module, registry);
    const context: ScenarioContext = {
      registry,
      matcher: registry.matcher(),
      worldParameters: init.worldParameters,
      clock: systemClock,
      timers: undefined,
      defaultTimeoutMs: init.defaultTimeoutMs ?? registry.defaultTimeoutMs,
      dryRun: init.dryRun,
      workerId: init.workerId,
      snippets: new Map(),
    };
    const runHookErrors = init.dryRun ? [] : await runRunHooks(registry, 'BeforeAll', undefined, init.workerId, context.defaultTimeoutMs);
    post({ type: 'ready', runHookErrors });
    return context;
  } catch (error) {
    post({ type: 'fatal', error: toErrorInfo(error) });
    return undefined;
  }
}

async function runBatch(context: ScenarioContext, message: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  const results: IndexedAttempts[] = [];
  await runLanes(message.batch.length, init.concurrency, undefined, (position) => {
    const { index, item } = message.batch[position] as (typeof message.batch)[number];
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
  queue = queue
    .then(async () => {
      const context = await ready;
      if (context === undefined) return;
      if (message.type === 'run') await runBatch(context, message);
      else post({ type: 'done', runHookErrors: init.dryRun ? [] : await runRunHooks(context.registry, 'AfterAll', undefined, init.workerId, context.defaultTimeoutMs) });
    })
    .catch((error: unknown) => post({ type: 'fatal', error: toErrorInfo(error) }));
});
