import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReportError } from './report-errors.js';
import { resolveInside, serveReport, type ReportServer } from './serve-report.js';

function get(url: string, path: string): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    // A raw path (no URL normalisation), so traversal attempts reach the server as sent.
    const { hostname, port } = new URL(url);
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serveReport', () => {
  let root: string;
  let server: ReportServer | undefined;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'serve-'));
    await mkdir(join(root, 'awesome'));
    await writeFile(join(root, 'index.html'), '<html>root</html>');
    await writeFile(join(root, 'awesome', 'index.html'), '<html>awesome</html>');
    await writeFile(join(root, 'awesome', 'data.json'), '{"ok":true}');
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await rm(root, { recursive: true, force: true });
  });

  it('serves files and folder indexes on 127.0.0.1 with content types', async () => {
    server = await serveReport({ root });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await get(server.url, '/')).toMatchObject({ status: 200, body: '<html>root</html>' });
    expect(await get(server.url, '/awesome/')).toMatchObject({ status: 200, body: '<html>awesome</html>' });
    expect(await get(server.url, '/awesome/data.json')).toMatchObject({ status: 200, type: 'application/json; charset=utf-8' });
    expect((await get(server.url, '/nope.js')).status).toBe(404);
  });

  it('refuses paths that escape the report folder', async () => {
    server = await serveReport({ root });
    expect((await get(server.url, '/../../etc/passwd')).status).not.toBe(200);
    expect((await get(server.url, '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(403);
    expect(resolveInside(root, '/../x')).toBeUndefined();
    expect(resolveInside(root, '/a/b.html')).toBe(join(root, 'a', 'b.html'));
  });

  it('fails with NO_REPORT when there is nothing to serve', async () => {
    await expect(serveReport({ root: join(root, 'missing') })).rejects.toMatchObject({ name: 'ReportError', code: 'NO_REPORT' });
    expect(ReportError).toBeDefined();
  });
});
