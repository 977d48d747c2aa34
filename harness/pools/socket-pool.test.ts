import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PoolAcquireTimeoutError, type HeldLease } from '../../engines/sync/index.js';
import { startLoopbackService, type LoopbackService } from '../net/index.js';
import { ConnectionError, createSocketPool } from './index.js';

/**
 * The service learns of a client's close one event-loop turn or so after the client sees it, and exposes no event
 * for it, so this waits (bounded) for its counters to catch up.
 */
async function waitForServer(
  service: LoopbackService,
  predicate: (open: number) => boolean,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate(service.stats().connectionsOpen)) {
    if (performance.now() > deadline)
      throw new Error(`server still has ${service.stats().connectionsOpen} open connections`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('socket pool over the loopback service', () => {
  let service: LoopbackService;
  beforeEach(async () => {
    service = await startLoopbackService();
  });
  afterEach(async () => {
    await service.close();
  });

  it('lends connected sockets, bounds connections to max and reuses them', async () => {
    const pool = createSocketPool({ port: service.port, max: 3, acquireTimeoutMs: 10_000 });
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        pool.use((connection) => connection.request(`hello ${index}`), { owner: `req-${index}` }),
      ),
    );
    expect(replies).toEqual(Array.from({ length: 30 }, (_, index) => `hello ${index}`));
    const stats = pool.stats();
    expect(stats.highWater).toBeLessThanOrEqual(3);
    expect(stats.created).toBeLessThanOrEqual(3);
    expect(stats.acquired).toBe(30);
    expect(service.stats().connectionsAccepted).toBe(stats.created);
    expect(service.stats().connectionsHighWater).toBeLessThanOrEqual(3);
    expect(service.stats().requestsServed).toBe(30);

    const report = await pool.drain({ timeoutMs: 5_000 });
    expect(report.revoked).toEqual([]);
    await waitForServer(service, (open) => open === 0);
  });

  it('times out an acquire while every connection is busy on a slow request', async () => {
    const pool = createSocketPool({ port: service.port, max: 1 });
    const slow = pool.use((connection) => connection.request('SLOW 300 done'));
    await expect(pool.acquire({ timeoutMs: 20 })).rejects.toBeInstanceOf(PoolAcquireTimeoutError);
    expect(await slow).toBe('done');
    await pool.drain();
  });

  it('replaces a connection the peer closed instead of lending a dead socket', async () => {
    const pool = createSocketPool({ port: service.port, max: 1 });
    const first = await pool.acquire();
    expect(await first.resource.request('PING')).toBe('PONG');
    const firstSocket = first.resource.socket;
    first.release();

    // The server goes away: the idle socket dies under the pool.
    await service.close();
    await waitForServer(service, (open) => open === 0);
    await new Promise<void>((resolve) => (firstSocket.closed ? resolve() : firstSocket.once('close', () => resolve())));
    service = await startLoopbackService();
    const other = createSocketPool({ port: service.port, max: 1 });

    expect(first.resource.usable).toBe(false);
    await expect(first.resource.request('PING')).rejects.toBeInstanceOf(ConnectionError);
    // The old pool validates, destroys and tries to reconnect to the (now closed) old port.
    await expect(pool.acquire()).rejects.toMatchObject({ code: 'POOL_CREATE_FAILED' });
    expect(pool.stats()).toMatchObject({ validationFailures: 1, destroyed: 1 });
    expect(await other.use((connection) => connection.request('PING'))).toBe('PONG');
    await Promise.all([pool.drain(), other.drain()]);
  });

  it('retires a connection whose request was aborted mid-flight', async () => {
    const pool = createSocketPool({ port: service.port, max: 1 });
    const lease = await pool.acquire();
    const controller = new AbortController();
    const pendingReply = lease.resource.request('SLOW 5000 late', { signal: controller.signal });
    controller.abort();
    await expect(pendingReply).rejects.toMatchObject({ code: 'CONNECTION_ABORTED' });
    expect(lease.resource.usable).toBe(false);
    lease.release();
    const next = await pool.acquire();
    expect(next.resource).not.toBe(lease.resource);
    expect(await next.resource.request('PING')).toBe('PONG');
    next.release();
    await pool.drain();
    await waitForServer(service, (open) => open === 0);
  });

  it('reports a leaked connection with where it was acquired, and drain closes it on the server too', async () => {
    const leaks: HeldLease[] = [];
    const pool = createSocketPool({
      port: service.port,
      max: 2,
      leakThresholdMs: 50,
      onLeak: (leak) => leaks.push(leak),
    });
    const leaked = await pool.acquire({ owner: 'forgot-to-release' });
    await pool.use((connection) => connection.request('PING'));
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(leaks.map((leak) => leak.owner)).toEqual(['forgot-to-release']);
    expect(leaks[0]?.acquiredAt).toContain('socket-pool.test.ts');

    const report = await pool.drain({ timeoutMs: 0 });
    expect(report.revoked.map((leak) => leak.owner)).toEqual(['forgot-to-release']);
    expect(leaked.resource.socket.destroyed).toBe(true);
    await waitForServer(service, (open) => open === 0);
  });

  it('refuses a non-loopback host', () => {
    expect(() => createSocketPool({ host: '10.0.0.1', port: 1, max: 1 })).toThrow(/not a loopback address/);
  });
});
