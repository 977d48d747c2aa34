import net from 'node:net';
import { once } from 'node:events';

/** The connection was closed, reset or poisoned while a request was outstanding. */
export class ConnectionError extends Error {
  readonly code: 'CONNECTION_CLOSED' | 'CONNECTION_ABORTED';

  constructor(code: ConnectionError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectionError';
    this.code = code;
  }
}

export interface RequestOptions {
  readonly signal?: AbortSignal;
}

/**
 * A pooled TCP connection speaking the loopback service's line protocol: one request line, one reply line,
 * replies in request order. The raw `socket` stays reachable for chaos (reset, half-close) and inspection.
 */
export interface LineConnection {
  readonly socket: net.Socket;
  /** False once the socket closed, errored, or a request was abandoned mid-flight (its reply would desync). */
  readonly usable: boolean;
  request(line: string, options?: RequestOptions): Promise<string>;
  /** Destroys the socket and resolves once it has fully closed. */
  close(): Promise<void>;
}

interface PendingReply {
  resolve(line: string): void;
  reject(error: Error): void;
}

export interface ConnectOptions {
  readonly host: string;
  readonly port: number;
  readonly signal?: AbortSignal;
}

/** Opens a connection; rejects on refusal, reset or abort, and never leaves a half-open socket behind. */
export async function connectLine(options: ConnectOptions): Promise<LineConnection> {
  const socket = net.connect({ host: options.host, port: options.port });
  try {
    await once(socket, 'connect', options.signal === undefined ? {} : { signal: options.signal });
  } catch (error) {
    socket.destroy();
    throw error;
  }
  return wrapSocket(socket);
}

function wrapSocket(socket: net.Socket): LineConnection {
  socket.setNoDelay(true);
  socket.setEncoding('utf8');
  const pending: PendingReply[] = [];
  let buffered = '';
  let poisoned = false;
  let closedError: Error | undefined;

  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      pending.shift()?.resolve(line);
      newline = buffered.indexOf('\n');
    }
  });
  const failAll = (error: Error): void => {
    closedError ??= error;
    for (const reply of pending.splice(0)) reply.reject(closedError);
  };
  socket.on('error', (error) =>
    failAll(new ConnectionError('CONNECTION_CLOSED', `socket error: ${error.message}`, { cause: error })),
  );
  socket.on('close', () => failAll(new ConnectionError('CONNECTION_CLOSED', 'socket closed')));
  socket.on('end', () => failAll(new ConnectionError('CONNECTION_CLOSED', 'peer ended the connection')));

  return {
    socket,
    get usable() {
      return !poisoned && closedError === undefined && !socket.destroyed && socket.readyState === 'open';
    },
    request(line, options = {}) {
      if (closedError !== undefined) return Promise.reject(closedError);
      if (options.signal?.aborted === true) {
        return Promise.reject(
          new ConnectionError('CONNECTION_ABORTED', 'request aborted before sending', { cause: options.signal.reason }),
        );
      }
      return new Promise<string>((resolve, reject) => {
        const signal = options.signal;
        const onAbort = (): void => {
          // A placeholder swallows the late reply so later replies stay matched, but the peer may be stuck on
          // this request and every later one would queue behind it: retire the connection.
          poisoned = true;
          const index = pending.indexOf(entry);
          if (index !== -1) pending[index] = { resolve: () => undefined, reject: () => undefined };
          reject(new ConnectionError('CONNECTION_ABORTED', `request aborted: ${line}`, { cause: signal?.reason }));
        };
        const entry: PendingReply = {
          resolve: (reply) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(reply);
          },
          reject: (error) => {
            signal?.removeEventListener('abort', onAbort);
            reject(error);
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        pending.push(entry);
        socket.write(`${line}\n`);
      });
    },
    async close() {
      if (socket.closed) return;
      const closed = once(socket, 'close');
      socket.destroy();
      await closed;
    },
  };
}
