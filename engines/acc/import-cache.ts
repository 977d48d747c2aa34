import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportKind, ImportReference, ResolutionStatus } from './types.js';

/** Bump when the scanner's output for the same text could change: old caches are then ignored, not trusted. */
export const SCANNER_VERSION = 1;
const FORMAT = 'maestro-acc-imports-v3';
export const CACHE_FILE_NAME = 'acc-imports-v3.json';

const KINDS: readonly ImportKind[] = ['static', 'reexport', 'dynamic', 'require'];
const STATUSES: readonly ResolutionStatus[] = ['internal', 'external', 'builtin', 'unresolved', 'outside-root'];

/** Where one import led, remembered so an unchanged file in an unchanged file set is not resolved again. */
export interface CachedResolution {
  readonly status: ResolutionStatus;
  readonly target: string;
}

/** What is remembered per file: enough stat to skip the read, the hash to skip the lex, and the results. */
export interface CacheEntry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
  readonly imports: readonly ImportReference[];
  /** Parallel to `imports`; valid only while the cache's resolution key matches. */
  readonly resolved?: readonly CachedResolution[];
}

/**
 * Compact on disk: [size, mtimeMs, hash, refs] where refs has one line per import,
 * `<kind><typeOnly><line>\t<specifier>[\t<status>\t<target>]`. One string per file instead of nested arrays
 * makes JSON.parse/stringify of a 5,000-file cache several times cheaper and produces far less garbage.
 */
type StoredEntry = [number, number, string, string];

interface StoredCache {
  format: string;
  scannerVersion: number;
  /** When the run that wrote this cache started reading files (epoch ms): the racy-stat boundary. */
  scanStartedAt: number;
  /** Fingerprint of the file set and path mapping the stored resolutions were computed against. */
  resolutionKey: string;
  files: Record<string, StoredEntry>;
}

export interface LoadedCache {
  readonly entries: Map<string, CacheEntry>;
  readonly scanStartedAt: number;
  readonly resolutionKey: string;
  /** Set when a cache file existed but was discarded. */
  readonly warning?: string;
}

const EMPTY: LoadedCache = { entries: new Map(), scanStartedAt: 0, resolutionKey: '' };

function encodeRefs(e: CacheEntry): string | undefined {
  let out = '';
  for (let i = 0; i < e.imports.length; i++) {
    const r = e.imports[i];
    if (r === undefined) continue;
    const res = e.resolved?.[i];
    if (/[\t\n]/.test(r.specifier) || (res !== undefined && /[\t\n]/.test(res.target))) return undefined;
    out += `${i === 0 ? '' : '\n'}${KINDS.indexOf(r.kind)}${r.typeOnly ? 1 : 0}${r.line}\t${r.specifier}`;
    if (res !== undefined) out += `\t${STATUSES.indexOf(res.status)}\t${res.target}`;
  }
  return out;
}

function decodeRefs(encoded: string): { imports: ImportReference[]; resolved: CachedResolution[] | undefined } {
  const imports: ImportReference[] = [];
  let resolved: CachedResolution[] | undefined = [];
  if (encoded === '') return { imports, resolved };
  for (const row of encoded.split('\n')) {
    const fields = row.split('\t');
    const head = fields[0] ?? '';
    const kind = KINDS[head.charCodeAt(0) - 48];
    const typeOnly = head.charCodeAt(1) - 48;
    const line = Number(head.slice(2));
    const specifier = fields[1];
    if (kind === undefined || (typeOnly !== 0 && typeOnly !== 1) || !Number.isInteger(line) || line < 1 || specifier === undefined ||
      (fields.length !== 2 && fields.length !== 4)) {
      throw new Error(`bad import record "${row.slice(0, 40)}"`);
    }
    imports.push({ specifier, kind, typeOnly: typeOnly === 1, line });
    if (fields.length === 4) {
      const status = STATUSES[Number(fields[2])];
      if (status === undefined) throw new Error(`bad resolution status in "${row.slice(0, 40)}"`);
      resolved?.push({ status, target: fields[3] ?? '' });
    } else {
      resolved = undefined;
    }
  }
  return { imports, resolved };
}

/** Loads the cache; anything malformed discards the whole file with a warning, because a half-trusted cache lies. */
export function loadImportCache(cacheDir: string): LoadedCache {
  const file = join(cacheDir, CACHE_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return EMPTY;
  }
  try {
    const data = JSON.parse(text) as unknown;
    if (!isStoredCache(data)) throw new Error('unexpected structure');
    if (data.scannerVersion !== SCANNER_VERSION) {
      return { ...EMPTY, warning: `import cache ${file} was written by scanner v${data.scannerVersion}; rebuilt` };
    }
    const entries = new Map<string, CacheEntry>();
    for (const [path, stored] of Object.entries(data.files)) {
      if (!isStoredEntry(stored)) throw new Error(`bad entry for ${path}`);
      const [size, mtimeMs, hash, refs] = stored;
      const { imports, resolved } = decodeRefs(refs);
      entries.set(path, resolved === undefined ? { size, mtimeMs, hash, imports } : { size, mtimeMs, hash, imports, resolved });
    }
    return { entries, scanStartedAt: data.scanStartedAt, resolutionKey: data.resolutionKey };
  } catch (error) {
    return { ...EMPTY, warning: `corrupt import cache discarded: ${file} (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** Writes the cache atomically (temp file + rename), so a crash mid-write leaves the old cache or none. */
export function saveImportCache(
  cacheDir: string,
  entries: ReadonlyMap<string, CacheEntry>,
  scanStartedAt: number,
  resolutionKey: string,
): void {
  mkdirSync(cacheDir, { recursive: true });
  const files: Record<string, StoredEntry> = {};
  for (const [path, e] of entries) {
    const refs = encodeRefs(e);
    if (refs !== undefined) files[path] = [e.size, e.mtimeMs, e.hash, refs]; // else: not cached, re-read next time
  }
  const data: StoredCache = { format: FORMAT, scannerVersion: SCANNER_VERSION, scanStartedAt, resolutionKey, files };
  const target = join(cacheDir, CACHE_FILE_NAME);
  const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(data));
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function isStoredCache(v: unknown): v is StoredCache {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Partial<StoredCache>;
  return c.format === FORMAT && typeof c.scannerVersion === 'number' && typeof c.scanStartedAt === 'number' &&
    typeof c.resolutionKey === 'string' && typeof c.files === 'object' && c.files !== null && !Array.isArray(c.files);
}

function isStoredEntry(v: unknown): v is StoredEntry {
  if (!Array.isArray(v) || v.length !== 4) return false;
  const [size, mtime, hash, refs] = v as unknown[];
  return typeof size === 'number' && typeof mtime === 'number' && typeof hash === 'string' && typeof refs === 'string';
}
