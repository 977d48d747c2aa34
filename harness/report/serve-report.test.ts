import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReportError } from './report-errors.js';
import { resolveInside, serveReport, type ReportServer } from './serve-report.js';

interface Reply {
  readonly status: number;
  readonly type: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

function get(url: string, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // A raw path (no URL normalisation), so traversal attempts reach the server as sent.
    const { hostname, port } = new URL(url);
    const req = request({ hostname, port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], headers: res.headers, body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** The CSP directive `name` of a policy header, as a list of its sources. */
function directive(policy: string | string[] | undefined, name: string): string[] | undefined {
  const found = String(policy ?? '')
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .find(([key]) => key === name);
  return found?.slice(1);
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
    expect(await get(server.url, '/awesome/data.json')).toMatchObject({
      status: 200,
      type: 'application/json; charset=utf-8',
    });
    expect((await get(server.url, '/nope.js')).status).toBe(404);
  });

  it('refuses paths that escape the report folder', async () => {
    server = await serveReport({ root });
    expect((await get(server.url, '/../../etc/passwd')).status).not.toBe(200);
    expect((await get(server.url, '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(403);
    expect(resolveInside(root, '/../x')).toBeUndefined();
    expect(resolveInside(root, '/a/b.html')).toBe(join(root, 'a', 'b.html'));
  });

  it('refuses symlinks that lead out of the report folder, files and folders alike', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'serve-outside-'));
    try {
      await writeFile(join(outside, 'secret.txt'), 'secret');
      await symlink(join(outside, 'secret.txt'), join(root, 'awesome', 'leak.txt'));
      await symlink('/etc/passwd', join(root, 'passwd'));
      await symlink(outside, join(root, 'awesome', 'outside-dir'));
      await symlink(join(root, 'awesome', 'data.json'), join(root, 'inside.json'));
      server = await serveReport({ root });
      for (const path of ['/awesome/leak.txt', '/passwd', '/awesome/outside-dir/secret.txt']) {
        const reply = await get(server.url, path);
        expect(reply.status, path).toBe(403);
        expect(reply.body).not.toContain('secret');
        expect(reply.body).not.toContain('root:');
      }
      expect(await get(server.url, '/inside.json')).toMatchObject({ status: 200, body: '{"ok":true}' });
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('answers only requests addressed to a loopback name (no DNS rebinding)', async () => {
    server = await serveReport({ root });
    for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
      expect((await get(server.url, '/', { host: `${host}:${server.port}` })).status, host).toBe(200);
    }
    for (const host of [
      `evil.example:${server.port}`,
      'evil.example',
      `127.0.0.1.evil.example:${server.port}`,
      `localhost.:${server.port}x`,
    ]) {
      const reply = await get(server.url, '/', { host });
      expect(reply.status, host).toBe(403);
      expect(reply.body).not.toContain('root');
    }
  });

  it('sends nosniff everywhere, a CSP that allows only its own inline scripts on pages, and a sandbox on attachments', async () => {
    const inline = 'window.allure = window.allure || {};';
    await writeFile(
      join(root, 'awesome', 'index.html'),
      `<html><head><script>${inline}</script><script src="app.js"></script></head></html>`,
    );
    await mkdir(join(root, 'awesome', 'data', 'attachments'), { recursive: true });
    await writeFile(
      join(root, 'awesome', 'data', 'attachments', 'evil.html'),
      '<script>document.title = "ran"</script>',
    );
    await writeFile(
      join(root, 'awesome', 'data', 'attachments', 'chart.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    );
    server = await serveReport({ root });

    const page = await get(server.url, '/awesome/');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const policy = page.headers['content-security-policy'];
    const hash = `'sha256-${createHash('sha256').update(inline).digest('base64')}'`;
    expect(directive(policy, 'script-src')).toEqual(["'self'", hash]);
    expect(directive(policy, 'default-src')).toEqual(["'self'"]);
    // Nothing beyond this server: no host source anywhere, no wildcard.
    expect(directive(policy, 'connect-src')?.every((source) => ["'self'", 'blob:'].includes(source))).toBe(true);
    expect(String(policy)).not.toMatch(/\*|https?:|'unsafe-eval'/);
    expect(directive(policy, 'object-src')).toEqual(["'none'"]);
    expect(directive(policy, 'frame-ancestors')).toEqual(["'self'"]);

    for (const path of ['/awesome/data/attachments/evil.html', '/awesome/data/attachments/chart.svg']) {
      const attachment = await get(server.url, path);
      expect(attachment.status).toBe(200);
      expect(attachment.headers['x-content-type-options']).toBe('nosniff');
      expect(directive(attachment.headers['content-security-policy'], 'sandbox'), path).toEqual([]);
      expect(
        directive(attachment.headers['content-security-policy'], 'script-src') ??
          directive(attachment.headers['content-security-policy'], 'default-src'),
      ).toEqual(["'none'"]);
    }
    expect((await get(server.url, '/awesome/data.json')).headers['x-content-type-options']).toBe('nosniff');
  });

  it.skipIf(process.platform === 'win32')('does not hang on a FIFO in the report folder', async () => {
    execFileSync('mkfifo', [join(root, 'awesome', 'pipe.json')]);
    server = await serveReport({ root });
    expect((await get(server.url, '/awesome/pipe.json')).status).toBe(404);
  });

  it('fails with NO_REPORT when there is nothing to serve', async () => {
    await expect(serveReport({ root: join(root, 'missing') })).rejects.toMatchObject({
      name: 'ReportError',
      code: 'NO_REPORT',
    });
    expect(ReportError).toBeDefined();
  });
});
