import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportKind, ImportReference } from './types.js';

/** Bump when the scanner's output for the same text could change: old caches are then ignored, not trusted. */
export const SCANNER_VERSION = 1;
const FORMAT = 'maestro-acc-imports';
export const CACHE_FILE_NAME = 'acc-imports-v1.json';

const KINDS: readonly ImportKind[] = ['static', 'reexport', 'dynamic', 'require'];

/** What is remembered per file: enough stat to skip the read, the hash to skip the lex, and the result. */
export interface CacheEntry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
  readonly imports: readonly ImportReference[];
}

/** Compact on disk: [size, mtimeMs, hash, [[specifier, kindIndex, typeOnly 0|1, line], ...]]. */
type StoredEntry = [number, number, string, [string, number, number, number][]];

interface StoredCache {
  format: string;
  scannerVersion: number;
  /** When the run that wrote this cache started reading files (epoch ms): the racy-stat boundary. */
  scanStartedAt: number;
  files: Record<string, StoredEntry>;
}

export interface LoadedCache {
  readonly entries: Map<string, CacheEntry>;
  readonly scanStartedAt: number;
  /** Set when a cache file existed but was discarded. */
  readonly warning?: string;
}

const EMPTY: LoadedCache = { entries: new Map(), scanStartedAt: 0 };

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
      entries.set(path, {
        size,
        mtimeMs,
        hash,
        imports: refs.map(([specifier, kind, typeOnly, line]) => ({
          specifier,
          kind: KINDS[kind] ?? 'static',
          typeOnly: typeOnly === 1,
          line,
        })),
      });
    }
    return { entries, scanStartedAt: data.scanStartedAt };
  } catch (error) {
    return { ...EMPTY, warning: `corrupt import cache discarded: ${file} (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** Writes the cache atomically (temp file + rename), so a crash mid-write leaves the old cache or none. */
export function saveImportCache(cacheDir: string, entries: ReadonlyMap<string, CacheEntry>, scanStartedAt: number): void {
  mkdirSync(cacheDir, { recursive: true });
  const files: Record<string, StoredEntry> = {};
  for (const [path, e] of entries) {
    files[path] = [e.size, e.mtimeMs, e.hash, e.imports.map((r) => [r.specifier, KINDS.indexOf(r.kind), r.typeOnly ? 1 : 0, r.line])];
  }
  const data: StoredCache = { format: FORMAT, scannerVersion: SCANNER_VERSION, scanStartedAt, files };
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
    typeof c.files === 'object' && c.files !== null && !Array.isArray(c.files);
}

function isStoredEntry(v: unknown): v is StoredEntry {
  if (!Array.isArray(v) || v.length !== 4) return false;
  const [size, mtime, hash, refs] = v as unknown[];
  if (typeof size !== 'number' || typeof mtime !== 'number' || typeof hash !== 'string' || !Array.isArray(refs)) return false;
  return refs.every((r) => Array.isArray(r) && r.length === 4 && typeof r[0] === 'string' && typeof r[1] === 'number' &&
    r[1] >= 0 && r[1] < KINDS.length && (r[2] === 0 || r[2] === 1) && typeof r[3] === 'number');
}
