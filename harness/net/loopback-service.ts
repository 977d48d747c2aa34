import net from 'node:net';
import { once } from 'node:events';

/**
 * A small line-oriented request/response service on 127.0.0.1, the "real remote" that connection pools and
 * network chaos are exercised against. Each request is one line (`\n`-terminated); the reply is
 * `<handler(line)>\n`. The default handler echoes the line, `PING` answers `PONG`, and `SLOW <ms> <text>`
 * answers after a delay (the only sleep here stands in for a remote's latency, never for work under test).
 *
 * It binds to 127.0.0.1 only, on an ephemeral port unless one is given, and `close()` destroys every open
 * socket so a test never leaks a connection or keeps the event loop alive.
 */
export interface LoopbackServiceOptions {
  /** Port to bind; 0 (default) picks a free ephemeral port. */
  readonly port?: number;
  /** Custom reply for one request line. */
  readonly handle?: (line: string) => string | Promise<string>;
}

export interface LoopbackServiceStats {
  /** Connections accepted since start. */
  readonly connectionsAccepted: number;
  /** Connections open right now. */
  readonly connectionsOpen: number;
  /** Most connections open at the same time. */
  readonly connectionsHighWater: number;
  /** Request lines answered. */
  readonly requestsServed: number;
}

export interface LoopbackService {
  readonly host: '127.0.0.1';
  readonly port: number;
  stats(): LoopbackServiceStats;
  /** Stops listening and destroys every open connection; resolves once the server is closed. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function defaultHandle(line: string, signal: AbortSignal): string | Promise<string> {
  if (line === 'PING') return 'PONG';
  const slow = /^SLOW (\d+) ?(.*)$/.exec(line);
  if (slow) {
    const delayMs = Number(slow[1]);
    const text = slow[2] ?? '';
    return new Promise<string>((resolve) => {
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(text);
      }, delayMs);
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve(text);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
  return line;
}

/** Starts the service; always pair with `await service.close()` (e.g. in a fixture's teardown). */
export async function startLoopbackService(options: LoopbackServiceOptions = {}): Promise<LoopbackService> {
  const sockets = new Set<net.Socket>();
  const closing = new AbortController();
  let accepted = 0;
  let highWater = 0;
  let served = 0;

  const server = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    highWater = Math.max(highWater, sockets.size);
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    let buffered = '';
    // Replies go out in request order even when a handler is slow, as on a real pipelined connection.
    let chain: Promise<void> = Promise.resolve();
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline !== -1) {
        const line = buffered.slice(0, newline).replace(/\r$/, '');
        buffered = buffered.slice(newline + 1);
        chain = chain.then(async () => {
          const reply = options.handle ? await options.handle(line) : await defaultHandle(line, closing.signal);
          if (!socket.destroyed) {
            served += 1;
            socket.write(`${reply}\n`);
          }
        });
        newline = buffered.indexOf('\n');
      }
    });
    socket.on('error', () => {
      // A peer reset is normal under chaos; the 'close' handler does the bookkeeping.
    });
    socket.on('close', () => {
      sockets.delete(socket);
    });
  });

  server.listen({ host: HOST, port: options.port ?? 0 });
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') {
    server.close();
    throw new Error('loopback service: could not read the bound port');
  }

  let closed: Promise<void> | undefined;
  return {
    host: HOST,
    port: address.port,
    stats: () => ({
      connectionsAccepted: accepted,
      connectionsOpen: sockets.size,
      connectionsHighWater: highWater,
      requestsServed: served,
    }),
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}
