/**
 * Real-resource pools built on the `engines/sync` {@link Pool}: TCP connections to a loopback line service and
 * worker threads for CPU-bound tasks. Both are ordinary pools, so leak reports, high-water marks, acquire
 * timeouts and `drain()` work the same as for any other resource.
 *
 * @example
 * const service = await startLoopbackService();
 * const sockets = createSocketPool({ port: service.port, max: 4 });
 * await sockets.use((connection) => connection.request('PING')); // 'PONG'
 * await sockets.drain();
 * await service.close();
 *
 * const workers = createWorkerPool({ size: 2 });
 * await workers.run<number>('countPrimes', { limit: 50_000 }); // 5133
 * await workers.drain();
 */
export { createSocketPool } from './socket-pool.js';
export type { SocketPoolOptions } from './socket-pool.js';
export { ConnectionError, connectLine } from './line-connection.js';
export type { ConnectOptions, LineConnection, RequestOptions } from './line-connection.js';
export { BUILTIN_TASKS_MODULE, createWorkerPool } from './worker-pool.js';
export type { RunTaskOptions, WorkerPool, WorkerPoolOptions } from './worker-pool.js';
export { WorkerTaskError, startTaskWorker } from './task-worker.js';
export type { StartWorkerOptions, TaskWorker } from './task-worker.js';
