import net from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startLoopbackService } from './loopback-service.js';

async function request(port: number, lines: readonly string[]): Promise<string[]> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  socket.setEncoding('utf8');
  let received = '';
  const done = new Promise<void>((resolve) => {
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received.split('\n').length - 1 >= lines.length) resolve();
    });
  });
  socket.write(lines.map((line) => `${line}\n`).join(''));
  await done;
  socket.destroy();
  return received.trimEnd().split('\n');
}

describe('startLoopbackService', () => {
  it('answers requests in order on 127.0.0.1 and counts connections', async () => {
    const service = await startLoopbackService();
    try {
      expect(service.host).toBe('127.0.0.1');
      const replies = await request(service.port, ['PING', 'SLOW 30 late', 'hello']);
      expect(replies).toEqual(['PONG', 'late', 'hello']);
      expect(service.stats()).toMatchObject({ connectionsAccepted: 1, requestsServed: 3 });
    } finally {
      await service.close();
    }
  });

  it('close() destroys open client connections', async () => {
    const service = await startLoopbackService();
    const client = net.connect({ host: '127.0.0.1', port: service.port });
    await once(client, 'connect');
    const clientClosed = once(client, 'close');
    await service.close();
    await clientClosed;
    expect(service.stats().connectionsOpen).toBe(0);
  });
});
