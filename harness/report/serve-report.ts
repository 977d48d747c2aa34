import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { ReportError } from './report-errors.js';

export interface ServeReportOptions {
  /** The generated report folder. */
  readonly root: string;
  /** Default 0: a free port chosen by the OS. */
  readonly port?: number;
  readonly signal?: AbortSignal;
}

export interface ReportServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.zip': 'application/zip',
};

// Always loopback: `allure open` binds every interface, which exposes test evidence to the network.
const HOST = '127.0.0.1';

/** Maps a request path into `root`; undefined if it escapes it. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  const path = resolve(root, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  return path === root || path.startsWith(root + sep) ? path : undefined;
}

/** Serves a generated report (multi-file Allure reports need HTTP) on 127.0.0.1 only. */
export async function serveReport(options: ServeReportOptions): Promise<ReportServer> {
  const root = resolve(options.root);
  try {
    await stat(join(root, 'index.html'));
  } catch (cause) {
    throw new ReportError('NO_REPORT', `no report at ${root}: build it first (npm run report)`, { cause });
  }
  const server: Server = createServer((request, response) => {
    void (async () => {
      let path = resolveInside(root, request.url ?? '/');
      if (path === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) {
        response.writeHead(path === undefined ? 403 : 405).end();
        return;
      }
      try {
        if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
        const info = await stat(path);
        response.writeHead(200, {
          'content-type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
          'content-length': info.size,
          'cache-control': 'no-cache',
        });
        if (request.method === 'HEAD') {
          response.end();
          return;
        }
        createReadStream(path)
          .on('error', () => response.destroy())
          .pipe(response);
      } catch {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      }
    })();
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const close = (): Promise<void> =>
    new Promise((resolvePromise) => {
      options.signal?.removeEventListener('abort', onAbort);
      server.closeAllConnections();
      server.close(() => resolvePromise());
    });
  const onAbort = (): void => void close();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  return { url: `http://${HOST}:${port}/`, port, close };
}
