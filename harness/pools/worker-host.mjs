// Runs inside a worker thread: loads the task module named in workerData, then answers
// { id, task, input } with { id, ok: true, output } or { id, ok: false, error }.
// Plain JavaScript so it loads the same way under node, tsx, vitest and Playwright workers. A TypeScript task
// module is loaded with tsx's tsImport: on Node 20 `--import tsx` in a Worker's execArgv does not reach the
// worker's module loader (measured: ERR_UNKNOWN_FILE_EXTENSION), while tsImport works everywhere.
import { URL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const port = parentPort;
if (port === null) throw new Error('worker-host.mjs must run in a worker thread');

const isTypeScript = /\.[cm]?ts$/.test(new URL(workerData.moduleUrl).pathname);
const tasks = isTypeScript
  ? await (await import('tsx/esm/api')).tsImport(workerData.moduleUrl, import.meta.url)
  : await import(workerData.moduleUrl);

port.on('message', async (message) => {
  const { id, task, input } = message;
  const fn = tasks[task];
  if (typeof fn !== 'function') {
    port.postMessage({ id, ok: false, error: { name: 'UnknownTaskError', message: `no task named ${task}` } });
    return;
  }
  try {
    const output = await fn(input);
    port.postMessage({ id, ok: true, output });
  } catch (error) {
    const { name = 'Error', message = String(error), stack } = error instanceof Error ? error : {};
    port.postMessage({ id, ok: false, error: { name, message, stack } });
  }
});

port.postMessage({ ready: true, tasks: Object.keys(tasks).filter((key) => typeof tasks[key] === 'function') });
