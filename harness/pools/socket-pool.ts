import { createPool, type Pool, type PoolOptions } from '../../engines/sync/index.js';
import { connectLine, type LineConnection } from './line-connection.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export interface SocketPoolOptions extends Omit<PoolOptions<LineConnection>, 'create' | 'destroy' | 'validate'> {
  /** Loopback only: the harness never talks to another address. Default 127.0.0.1. */
  readonly host?: string;
  readonly port: number;
  /** Gives up on a connect attempt after this long. Default 5 000 ms. */
  readonly connectTimeoutMs?: number;
  /** Also round-trip `PING` before lending an idle connection (catches a peer that silently died). */
  readonly pingOnValidate?: boolean;
}

/**
 * A {@link Pool} of TCP connections to a line service on the loopback interface, e.g. the harness's
 * `startLoopbackService()`. Acquire gives a connected socket wrapped as a {@link LineConnection}; validation
 * checks it is still open (and optionally answers PING); destroy closes it and waits for the close.
 *
 * @example
 * const service = await startLoopbackService();
 * const sockets = createSocketPool({ port: service.port, max: 4, acquireTimeoutMs: 2_000 });
 * const reply = await sockets.use((connection) => connection.request('PING'));
 * await sockets.drain({ timeoutMs: 1_000 });
 * await service.close();
 */
export function createSocketPool(options: SocketPoolOptions): Pool<LineConnection> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host))
    throw new Error(`socket pool: ${host} is not a loopback address; the harness only talks to 127.0.0.1`);
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const { host: _host, port, connectTimeoutMs: _timeout, pingOnValidate, ...poolOptions } = options;
  return createPool<LineConnection>({
    name: `sockets ${host}:${port}`,
    ...poolOptions,
    create: ({ signal }) =>
      connectLine({ host, port, signal: AbortSignal.any([signal, AbortSignal.timeout(connectTimeoutMs)]) }),
    validate: async (connection) => {
      if (!connection.usable) return false;
      if (pingOnValidate !== true) return true;
      return (await connection.request('PING', { signal: AbortSignal.timeout(connectTimeoutMs) })) === 'PONG';
    },
    destroy: (connection) => connection.close(),
  });
}
