import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
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
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * For the report's own pages (the Allure 3 single-page apps and the trends view). Scripts: the report's files and
 * the inline scripts of the page being served, by hash (so a script an attachment smuggles in, e.g. one opened in a
 * new tab as a blob: URL, which inherits this policy, does not run); `data:` only on a page that loads its app as a
 * data: URL (the start page). No request leaves 127.0.0.1, nothing may frame the report from elsewhere.
 */
function pagePolicy(scripts: InlineScripts): string {
  return [
    "default-src 'self'",
    ['script-src', "'self'", ...scripts.hashes, ...(scripts.dataUrl ? ['data:'] : [])].join(' '),
    // Preact and its style loader set inline styles and inject <style> elements.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    // Attachments are fetched, turned into blob: URLs and shown in frames or new tabs.
    "connect-src 'self' blob:",
    "frame-src 'self' blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/**
 * For everything else, attachments above all (`<plugin>/data/attachments/*`: test-controlled HTML, SVG, text):
 * opened by its URL, a document runs in a sandbox with an opaque origin and no script, so it can reach neither the
 * report's origin nor the network. (Report pages fetch their data files, where this header has no effect.)
 */
const ATTACHMENT_POLICY = [
  'sandbox',
  "default-src 'none'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "media-src 'self'",
].join('; ');

const COMMON_HEADERS = {
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

interface InlineScripts {
  /** `'sha256-…'` sources of the page's inline scripts. */
  readonly hashes: readonly string[];
  /** The page loads a script from a data: URL. */
  readonly dataUrl: boolean;
}

const SCRIPT_ELEMENT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const SRC_ATTRIBUTE = /\bsrc\s*=\s*["']?\s*([^"'\s>]*)/i;

/** The hashes a CSP needs to let exactly this page's inline scripts run (the browser hashes their raw text). */
export function inlineScriptsOf(html: string): InlineScripts {
  const hashes = new Set<string>();
  let dataUrl = false;
  for (const match of html.matchAll(SCRIPT_ELEMENT)) {
    const src = SRC_ATTRIBUTE.exec(match[1] ?? '');
    if (src !== null) {
      if (/^data:/i.test(src[1] ?? '')) dataUrl = true;
      continue;
    }
    hashes.add(
      `'sha256-${createHash('sha256')
        .update(match[2] ?? '', 'utf8')
        .digest('base64')}'`,
    );
  }
  return { hashes: [...hashes], dataUrl };
}

/** Maps a request path into `root`; undefined if it escapes it. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  const path = resolve(root, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  return isInside(root, path) ? path : undefined;
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root + sep);
}

/**
 * A DNS-rebinding page reaches 127.0.0.1 under its own name: its requests carry that name in `Host`. Only requests
 * addressed to a loopback name (with this server's port, or none) are answered.
 */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host.toLowerCase());
  if (match === null || !LOOPBACK_NAMES.has(match[1] ?? '')) return false;
  return match[2] === undefined || Number(match[2]) === port;
}

/** What a request path serves: a file really inside the report folder (symlinks resolved), or why not. */
async function locate(
  realRoot: string,
  urlPath: string,
): Promise<{ readonly file: string; readonly size: number; readonly mtimeMs: number } | 403 | 404> {
  const requested = resolveInside(realRoot, urlPath);
  if (requested === undefined) return 403;
  try {
    let real = await realpath(requested);
    if (!isInside(realRoot, real)) return 403;
    let info = await stat(real);
    if (info.isDirectory()) {
      real = await realpath(join(real, 'index.html'));
      if (!isInside(realRoot, real)) return 403;
      info = await stat(real);
    }
    // Only regular files: a FIFO or device would block the read (and a worker thread) forever.
    return info.isFile() ? { file: real, size: info.size, mtimeMs: info.mtimeMs } : 404;
  } catch {
    return 404;
  }
}

function isAttachment(realRoot: string, file: string): boolean {
  return file.slice(realRoot.length).split(sep).join('/').includes('/data/attachments/');
}

/**
 * Serves a generated report (multi-file Allure reports need HTTP) on 127.0.0.1 only, to loopback names only,
 * never a file outside the folder (symlinks included), with a Content-Security-Policy on every response: the
 * report's pages may run only their own scripts and talk only to this server; attachments run in a sandbox.
 */
export async function serveReport(options: ServeReportOptions): Promise<ReportServer> {
  const root = resolve(options.root);
  let realRoot: string;
  try {
    await stat(join(root, 'index.html'));
    realRoot = await realpath(root);
  } catch (cause) {
    throw new ReportError('NO_REPORT', `no report at ${root}: build it first (npm run report)`, { cause });
  }
  const policies = new Map<string, { readonly key: string; readonly policy: string }>();
  let port = 0;

  // Hashing a 2.5 MB start page on every request is wasted work: cache the policy per file version.
  const policyOf = (file: string, mtimeMs: number, body: Buffer): string => {
    const key = `${body.length}:${mtimeMs}`;
    const cached = policies.get(file);
    if (cached?.key === key) return cached.policy;
    const policy = pagePolicy(inlineScriptsOf(body.toString('utf8')));
    policies.set(file, { key, policy });
    return policy;
  };

  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!isLoopbackHost(request.headers.host, port)) {
      response
        .writeHead(403, { 'content-type': 'text/plain; charset=utf-8', ...COMMON_HEADERS })
        .end('this report is served to 127.0.0.1 and localhost only\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', ...COMMON_HEADERS }).end();
      return;
    }
    const found = await locate(realRoot, request.url ?? '/');
    if (typeof found === 'number') {
      response
        .writeHead(found, { 'content-type': 'text/plain; charset=utf-8', ...COMMON_HEADERS })
        .end(found === 403 ? 'forbidden\n' : 'not found\n');
      return;
    }
    const type = CONTENT_TYPES[extname(found.file).toLowerCase()] ?? 'application/octet-stream';
    const headers = { 'content-type': type, 'content-length': found.size, ...COMMON_HEADERS };
    if (type.startsWith('text/html') && !isAttachment(realRoot, found.file)) {
      const body = await readFile(found.file);
      response.writeHead(200, {
        ...headers,
        'content-length': body.length,
        'content-security-policy': policyOf(found.file, found.mtimeMs, body),
      });
      response.end(request.method === 'HEAD' ? undefined : body);
      return;
    }
    response.writeHead(200, { ...headers, 'content-security-policy': ATTACHMENT_POLICY });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(found.file)
      .on('error', () => response.destroy())
      .pipe(response);
  };

  const server: Server = createServer((request, response) => {
    answer(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, COMMON_HEADERS).end();
      else response.destroy();
    });
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
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
