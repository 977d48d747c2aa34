// A hash worker: receives slices of one SharedArrayBuffer (no copies) and answers with the chain digest.
import { parentPort } from 'node:worker_threads';
import { hashChain } from './sha256-chain.mjs';

if (parentPort === null) throw new Error('sha256-worker must run in a worker thread');
const port = parentPort;

port.on('message', (/** @type {{ id: number, shared: SharedArrayBuffer, offset: number, length: number, rounds: number }} */ task) => {
  const input = new Uint8Array(task.shared, task.offset, task.length);
  port.postMessage({ id: task.id, digest: hashChain(input, task.rounds) });
});
