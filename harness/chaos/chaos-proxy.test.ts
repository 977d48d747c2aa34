import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackService, type LoopbackService } from '../net/index.js';
import { createSeededRandom } from '../resilience/index.js';
import { startChaosProxy, type ChaosProxy } from './chaos-proxy.js';
import { ChaosPlanError } from './errors.js';

/** A line client: one request, one reply line; a reset, close or timeout rejects with a reason we can classify. */
interface LineClient {
  request(line: string, timeoutMs?: number): Promise<string>;
  /** Resolves when the socket is fully closed, telling whether it ended in error (RST) or normally. */
  readonly closed: Promise<{ error: string | undefined }>;
  readonly socket: net.Socket;
}

async function connectClient(port: number): Promise<LineClient> {
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.setEncoding('utf8');
  let errorCode: string | undefined;
  socket.on('error', (error: NodeJS.ErrnoException) => {
    errorCode = error.code ?? error.message;
  });
  // Not events.once: it would reject on the 'error' that precedes the close of a reset socket.
  const closed = new Promise<{ error: string | undefined }>((resolve) => {
    socket.once('close', () => resolve({ error: errorCode }));
  });
  // A reset during the handshake closes the socket without 'connect': the test then reads `closed`.
  await new Promise<void>((resolve) => {
    socket.once('connect', () => resolve());
    socket.once('close', () => resolve());
  });
  let buffered = '';
  const waiting: ((line: string) => void)[] = [];
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      waiting.shift()?.(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
  });
  return {
    socket,
    closed,
    request: (line, timeoutMs = 5_000) =>
      new Promise<string>((resolve, reject) => {
        const waiter = (reply: string): void => settle(() => resolve(reply));
        const timer = setTimeout(() => {
          // A timed-out request must not swallow the reply meant for the next one.
          waiting.splice(waiting.indexOf(waiter), 1);
          reject(new Error('timeout'));
        }, timeoutMs);
        const settle = (outcome: () => void): void => {
          clearTimeout(timer);
          outcome();
        };
        waiting.push(waiter);
        void closed.then(({ error }) => settle(() => reject(new Error(error ?? 'closed'))));
        socket.write(`${line}\n`);
      }),
  };
}

const countResources = (): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
};

async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('startChaosProxy cleanup', () => {
  it('close() destroys every connection and pending delay, leaving no socket, server or timer behind', async () => {
    const before = countResources();
    const service = await startLoopbackService();
    const proxy = await startChaosProxy({
      target: service,
      faults: { upstreamLatency: { kind: 'fixed', ms: 60_000 } },
    });
    const clients = await Promise.all([
      connectClient(proxy.port),
      connectClient(proxy.port),
      connectClient(proxy.port),
    ]);
    const pending = clients.map((c) => c.request('stuck in a 60 s delay', 60_000).catch((error: unknown) => error));
    await eventually(() => proxy.stats().chunksDelayed === 3);

    await proxy.close();
    await Promise.all(pending);
    for (const c of clients) await c.closed;
    await service.close();
    await eventually(() => service.stats().connectionsOpen === 0);

    expect(proxy.stats().connectionsOpen).toBe(0);
    // The proxy's own sockets are closed when close() resolves; the service's may still be closing.
    const kinds = ['TCPSocketWrap', 'TCPServerWrap', 'Timeout'];
    const settled = (): boolean => kinds.every((kind) => (countResources()[kind] ?? 0) <= (before[kind] ?? 0));
    await eventually(settled).catch(() => undefined);
    const after = countResources();
    // At most as many as before: the baseline may include a transient handle of the test runner itself.
    for (const kind of kinds) expect(after[kind] ?? 0).toBeLessThanOrEqual(before[kind] ?? 0);
  });
});

describe('startChaosProxy', () => {
  let service: LoopbackService;
  let proxy: ChaosProxy;
  const clients: LineClient[] = [];
  const client = async (): Promise<LineClient> => {
    const c = await connectClient(proxy.port);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    service = await startLoopbackService();
    proxy = await startChaosProxy({ target: service, random: createSeededRandom(42) });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.socket.destroy();
    await proxy.close();
    await service.close();
  });

  it('forwards traffic both ways untouched when no fault is set, counting bytes', async () => {
    const c = await client();
    expect(await c.request('hello')).toBe('hello');
    expect(await c.request('PING')).toBe('PONG');
    expect(proxy.stats()).toMatchObject({
      connectionsAccepted: 1,
      connectionsOpen: 1,
      bytesUpstream: 'hello\n'.length + 'PING\n'.length,
      bytesDownstream: 'hello\n'.length + 'PONG\n'.length,
      resets: 0,
      bytesDropped: 0,
    });
    expect(service.stats().requestsServed).toBe(2);
  });

  it('adds latency each way, switched on and off while the connection stays open', async () => {
    const c = await client();
    expect(await c.request('warm')).toBe('warm');
    proxy.setFaults({ upstreamLatency: { kind: 'fixed', ms: 150 }, downstreamLatency: { kind: 'fixed', ms: 150 } });
    const start = performance.now();
    expect(await c.request('slow')).toBe('slow');
    expect(performance.now() - start).toBeGreaterThanOrEqual(290);
    expect(proxy.stats().chunksDelayed).toBe(2);
    proxy.setFaults({});
    expect(await c.request('fast again')).toBe('fast again');
    expect(proxy.stats().chunksDelayed).toBe(2);
  });

  it('limits bandwidth per direction', async () => {
    const c = await client();
    proxy.setFaults({ bandwidthBytesPerSecond: 50_000 });
    const payload = 'x'.repeat(25_000);
    const start = performance.now();
    expect(await c.request(payload, 20_000)).toBe(payload);
    // 25 kB at 50 kB/s is 0.5 s each way; the two directions overlap only by the slice in flight.
    expect(performance.now() - start).toBeGreaterThanOrEqual(900);
    expect(proxy.stats()).toMatchObject({ bytesUpstream: 25_001, bytesDownstream: 25_001 });
  });

  it('resetAll sends an RST to the client and closes the service side too', async () => {
    const c = await client();
    expect(await c.request('before')).toBe('before');
    await eventually(() => service.stats().connectionsOpen === 1);
    expect(proxy.resetAll()).toBe(1);
    expect(await c.closed).toEqual({ error: 'ECONNRESET' });
    await eventually(() => service.stats().connectionsOpen === 0);
    expect(proxy.stats()).toMatchObject({ resets: 1, connectionsOpen: 0 });
  });

  it('resets connections at the configured per-chunk rate, reproducibly for a seed', async () => {
    const runPattern = async (seed: number): Promise<{ pattern: string; resets: number; chunks: number }> => {
      const seeded = await startChaosProxy({
        target: service,
        random: createSeededRandom(seed),
        faults: { resetRate: 0.2 },
      });
      let pattern = '';
      try {
        for (let i = 0; i < 150; i += 1) {
          const c = await connectClient(seeded.port);
          try {
            pattern += (await c.request(`req ${i}`)) === `req ${i}` ? '.' : '?';
          } catch {
            pattern += 'R';
          } finally {
            c.socket.destroy();
          }
        }
        return { pattern, resets: seeded.stats().resets, chunks: seeded.stats().chunksReceived };
      } finally {
        await seeded.close();
      }
    };
    const first = await runPattern(7);
    const sd = Math.sqrt(first.chunks * 0.2 * 0.8);
    expect(Math.abs(first.resets - first.chunks * 0.2)).toBeLessThanOrEqual(4 * sd);
    expect(first.pattern.split('').filter((ch) => ch === 'R').length).toBe(first.resets);
    expect((await runPattern(7)).pattern).toBe(first.pattern);
  });

  it('a drop partition blackholes traffic and new connections, and heals without a reconnect', async () => {
    const c = await client();
    expect(await c.request('before')).toBe('before');
    const acceptedBefore = service.stats().connectionsAccepted;
    proxy.setFaults({ partition: 'drop' });
    await expect(c.request('lost', 300)).rejects.toThrow('timeout');
    const late = await client();
    await expect(late.request('lost too', 300)).rejects.toThrow('timeout');
    expect(service.stats().connectionsAccepted).toBe(acceptedBefore);
    expect(proxy.stats().bytesDropped).toBe('lost\n'.length + 'lost too\n'.length);

    proxy.setFaults({});
    expect(await c.request('after')).toBe('after');
    expect(await late.request('late after')).toBe('late after');
    expect(service.stats().connectionsAccepted).toBe(acceptedBefore + 1);
  });

  it('a reject partition resets open connections and every new one, until healed', async () => {
    const open = await client();
    expect(await open.request('hi')).toBe('hi');
    proxy.setFaults({ partition: 'reject' });
    expect(await open.closed).toEqual({ error: 'ECONNRESET' });
    const refused = await client();
    expect(await refused.closed).toEqual({ error: 'ECONNRESET' });
    expect(proxy.stats()).toMatchObject({ connectionsRejected: 1, resets: 2 });
    proxy.setFaults({ partition: 'none' });
    expect(await (await client()).request('healed')).toBe('healed');
  });

  it('slow close delays the FIN each way', async () => {
    proxy.setFaults({ slowCloseMs: 300 });
    const c = await client();
    expect(await c.request('bye')).toBe('bye');
    const start = performance.now();
    c.socket.end();
    expect(await c.closed).toEqual({ error: undefined });
    // The client's FIN waits 300 ms on its way up, the service's answering FIN 300 ms on its way down.
    expect(performance.now() - start).toBeGreaterThanOrEqual(550);
  });

  it('rejects invalid faults listing every problem, keeping the old ones', () => {
    expect(() => proxy.setFaults({ resetRate: 2, bandwidthBytesPerSecond: 0, slowCloseMs: -1 })).toThrow(
      ChaosPlanError,
    );
    expect(proxy.faults()).toEqual({});
  });
});
