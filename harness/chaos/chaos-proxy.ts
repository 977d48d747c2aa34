import { once } from 'node:events';
import net from 'node:net';
import type { Clock } from '../../engines/common/index.js';
import { createSeededRandom, type RandomSource } from '../resilience/index.js';
import { assertValidNetworkFaults, type NetworkFaults } from './network-faults.js';
import { ProxyPump, type Direction } from './proxy-pump.js';

export interface ChaosProxyOptions {
  /** The real service behind the proxy (on loopback). */
  readonly target: { readonly host: string; readonly port: number };
  /** Faults from the start. Default none. */
  readonly faults?: NetworkFaults;
  /** Drives reset and latency draws. Default `createSeededRandom(1)`; pass your run's seeded source. */
  readonly random?: RandomSource;
  /** Port to listen on; default an ephemeral one. The proxy binds 127.0.0.1 only. */
  readonly port?: number;
  readonly clock?: Clock;
}

export interface ChaosProxyStats {
  readonly connectionsAccepted: number;
  readonly connectionsOpen: number;
  /** Connections reset on arrival by a `reject` partition. */
  readonly connectionsRejected: number;
  /** Connections reset by `resetRate`, `resetAll()` or a `reject` partition. */
  readonly resets: number;
  /** Bytes delivered to the service, and to the clients. */
  readonly bytesUpstream: number;
  readonly bytesDownstream: number;
  /** Bytes swallowed by a `drop` partition. */
  readonly bytesDropped: number;
  readonly chunksDelayed: number;
  /** Chunks read from either side; `resetRate` applies per chunk, so resets / chunksReceived estimates it. */
  readonly chunksReceived: number;
}

export interface ChaosProxy {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Replaces the active faults; open connections feel the change on their next chunk. */
  setFaults(faults: NetworkFaults): void;
  faults(): NetworkFaults;
  /** Resets every open connection now (RST to both sides); returns how many. */
  resetAll(): number;
  stats(): ChaosProxyStats;
  /** Stops listening, destroys every connection, cancels every pending delay. Idempotent. */
  close(): Promise<void>;
}

interface Connection {
  readonly client: net.Socket;
  upstream: net.Socket | undefined;
  readonly controller: AbortController;
}

const HOST = '127.0.0.1';

/**
 * Starts a TCP proxy on 127.0.0.1 in front of a real service and injects network faults into the traffic:
 * per-chunk latency each way, a bandwidth limit, connection resets, partitions (blackhole or reject) and slow
 * closes, all switchable while traffic flows.
 *
 * @example
 * const service = await startLoopbackService();
 * const proxy = await startChaosProxy({ target: service, random: createSeededRandom(seed) });
 * try {
 *   proxy.setFaults({ partition: 'drop' });  // clients now time out
 *   proxy.setFaults({});                     // healed
 * } finally {
 *   await proxy.close();
 *   await service.close();
 * }
 */
export async function startChaosProxy(options: ChaosProxyOptions): Promise<ChaosProxy> {
  let faults: NetworkFaults = options.faults ?? {};
  assertValidNetworkFaults(faults);
  const random = options.random ?? createSeededRandom(1);
  const connections = new Set<Connection>();
  // Every socket until its 'close': close() resolves only when the OS handles are really gone.
  const liveSockets = new Set<net.Socket>();
  const stats = {
    connectionsAccepted: 0,
    connectionsRejected: 0,
    resets: 0,
    bytesUpstream: 0,
    bytesDownstream: 0,
    bytesDropped: 0,
    chunksDelayed: 0,
    chunksReceived: 0,
  };

  const teardown = (connection: Connection, how: 'reset' | 'destroy'): void => {
    if (!connections.delete(connection)) return;
    connection.controller.abort(new Error('chaos proxy: connection closed'));
    for (const socket of [connection.client, connection.upstream]) {
      if (socket === undefined || socket.destroyed) continue;
      // resetAndDestroy sends an RST instead of a FIN; on a socket still connecting it would wait for the
      // connection first, so plain destroy there.
      if (how === 'reset' && !socket.connecting) socket.resetAndDestroy();
      else socket.destroy();
    }
  };

  const reset = (connection: Connection): void => {
    if (!connections.has(connection)) return;
    stats.resets += 1;
    teardown(connection, 'reset');
  };

  const watch = (connection: Connection, socket: net.Socket): void => {
    liveSockets.add(socket);
    socket.once('close', () => liveSockets.delete(socket));
    socket.on('error', () => {
      // Resets and refused connections are the point of this proxy; 'close' does the bookkeeping.
    });
    socket.on('close', (hadError) => {
      // An abrupt close on one side is passed on as an abrupt close on the other, as a real peer would see it.
      if (hadError) teardown(connection, 'reset');
      else if (connection.client.destroyed && (connection.upstream?.destroyed ?? true)) teardown(connection, 'destroy');
    });
  };

  const hooksFor = (connection: Connection) => ({
    faults: () => faults,
    random,
    clock: options.clock,
    onForwarded: (direction: Direction, bytes: number) => {
      if (direction === 'upstream') stats.bytesUpstream += bytes;
      else stats.bytesDownstream += bytes;
    },
    onDropped: (bytes: number) => {
      stats.bytesDropped += bytes;
    },
    onDelayed: () => {
      stats.chunksDelayed += 1;
    },
    onChunk: () => {
      stats.chunksReceived += 1;
    },
    onReset: () => reset(connection),
  });

  const connectUpstream = (connection: Connection): void => {
    const upstream = net.connect({ host: options.target.host, port: options.target.port, allowHalfOpen: true });
    upstream.setNoDelay(true);
    connection.upstream = upstream;
    watch(connection, upstream);
    new ProxyPump('downstream', upstream, () => connection.client, connection.controller.signal, hooksFor(connection));
  };

  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    stats.connectionsAccepted += 1;
    if (faults.partition === 'reject') {
      stats.connectionsRejected += 1;
      stats.resets += 1;
      client.on('error', () => {});
      client.resetAndDestroy();
      return;
    }
    client.setNoDelay(true);
    const connection: Connection = { client, upstream: undefined, controller: new AbortController() };
    connections.add(connection);
    watch(connection, client);
    new ProxyPump('upstream', client, () => connection.upstream, connection.controller.signal, hooksFor(connection));
    // Under a blackhole the service must not even see the connection; it is made when the partition heals.
    if (faults.partition !== 'drop') connectUpstream(connection);
  });

  server.listen({ host: HOST, port: options.port ?? 0 });
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') {
    server.close();
    throw new Error('chaos proxy: could not read the bound port');
  }

  let closing: Promise<void> | undefined;
  return {
    host: HOST,
    port: address.port,
    setFaults: (next) => {
      assertValidNetworkFaults(next);
      faults = next;
      if (next.partition === 'reject') {
        for (const connection of [...connections]) reset(connection);
      } else if (next.partition !== 'drop') {
        for (const connection of connections) if (connection.upstream === undefined) connectUpstream(connection);
      }
    },
    faults: () => faults,
    resetAll: () => {
      const open = [...connections];
      for (const connection of open) reset(connection);
      return open.length;
    },
    stats: () => ({ ...stats, connectionsOpen: connections.size }),
    close: () => {
      closing ??= (async () => {
        const serverClosed = new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
        });
        for (const connection of [...connections]) teardown(connection, 'destroy');
        const socketsClosed = [...liveSockets].map(
          (socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())),
        );
        await Promise.all([serverClosed, ...socketsClosed]);
      })();
      return closing;
    },
  };
}
