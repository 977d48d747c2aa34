import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from './cache-files.js';

/** Bump when the scanner's output for the same text could change: old caches are then ignored, not trusted. */
export const SCANNER_VERSION = 1;
const FORMAT = 'maestro-acc-imports-v5';
export const CACHE_FILE_NAME = 'acc-imports-v5.json';
/** Changes since the last full write; see saveImportCache. */
export const CACHE_JOURNAL_FILE_NAME = 'acc-imports-v5.journal.json';
const JOURNAL_FORMAT = 'maestro-acc-imports-journal-v5';
// A journal larger than this share of the base file is folded into a full rewrite.
const JOURNAL_MAX_SHARE = 1 / 8;
const JOURNAL_MIN_ENTRIES = 64;

/**
 * What is remembered per file: enough stat to skip the read, the hash to skip the lex, and the digest of the
 * file's resolved imports. The imports themselves live in the edge store (edge-store.ts), which a warm run
 * whose graph did not change never opens: the digests alone tell it the graph is the same.
 */
export interface CacheEntry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
  /** digestEdges of the encoded edges; valid only while the cache's resolution key matches. */
  readonly digest: string;
}

/** On disk: [size, mtimeMs, hash, digest]: small tuples keep JSON.parse of 5,000 entries cheap. */
type StoredEntry = [number, number, string, string];

interface StoredCache {
  format: string;
  scannerVersion: number;
  /** Random id of this full write; a journal applies only to the base it was written against. */
  id: string;
  /** When the run that wrote this cache started reading files (epoch ms): the racy-stat boundary. */
  scanStartedAt: number;
  /** Fingerprint of the file set and path mapping the stored resolutions were computed against. */
  resolutionKey: string;
  files: Record<string, StoredEntry>;
}

interface StoredJournal {
  format: string;
  base: string;
  scanStartedAt: number;
  resolutionKey: string;
  /** Entries added or changed since the base was written; null marks a removed file. */
  files: Record<string, StoredEntry | null>;
}

export interface LoadedCache {
  /** The base file's entries with the journal applied. Unchanged entries are the base's own objects. */
  readonly entries: Map<string, CacheEntry>;
  readonly scanStartedAt: number;
  readonly resolutionKey: string;
  /** The full file as written, before the journal: what the next journal is a difference against. */
  readonly base: { readonly id: string; readonly entries: ReadonlyMap<string, CacheEntry> } | undefined;
  /** Set when a cache file existed but was discarded. */
  readonly warning?: string;
}

const EMPTY: LoadedCache = { entries: new Map(), scanStartedAt: 0, resolutionKey: '', base: undefined };

/**
 * Loads the cache (base file plus journal); anything malformed discards the whole cache with a warning, because
 * a half-trusted cache lies. A journal written against another base (a full rewrite happened since) is ignored:
 * the base alone is a complete, older cache, and stat checks keep an older cache safe.
 */
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
    const base = new Map<string, CacheEntry>();
    for (const path of Object.keys(data.files)) base.set(path, toEntry(path, data.files[path]));
    const journal = readJournal(cacheDir);
    if (journal === undefined || journal.base !== data.id) {
      return { entries: base, scanStartedAt: data.scanStartedAt, resolutionKey: data.resolutionKey, base: { id: data.id, entries: base } };
    }
    const entries = new Map(base);
    for (const path of Object.keys(journal.files)) {
      const stored = journal.files[path];
      if (stored === null) entries.delete(path);
      else entries.set(path, toEntry(path, stored));
    }
    return { entries, scanStartedAt: journal.scanStartedAt, resolutionKey: journal.resolutionKey, base: { id: data.id, entries: base } };
  } catch (error) {
    return { ...EMPTY, warning: `corrupt import cache discarded: ${file} (${error instanceof Error ? error.message : String(error)})` };
  }
}

function toEntry(path: string, stored: unknown): CacheEntry {
  if (!isStoredEntry(stored)) throw new Error(`bad entry for ${path}`);
  const [size, mtimeMs, hash, digest] = stored;
  return { size, mtimeMs, hash, digest };
}

/** undefined when there is no journal; throws (discarding the cache) when there is a damaged one. */
function readJournal(cacheDir: string): StoredJournal | undefined {
  let text: string;
  try {
    text = readFileSync(join(cacheDir, CACHE_JOURNAL_FILE_NAME), 'utf8');
  } catch {
    return undefined;
  }
  const data = JSON.parse(text) as unknown;
  if (!isStoredJournal(data)) throw new Error('unexpected journal structure');
  return data;
}

/**
 * Writes the cache atomically (temp file + rename), so a crash mid-write leaves the old cache or none.
 * Rewriting 5,000 entries because 10 files changed would cost a warm run more than the changes themselves, so
 * while the differences from the last full write stay small they go to a journal beside it; a full write
 * (new base id) makes any older journal inapplicable, then removes it.
 */
export function saveImportCache(
  cacheDir: string,
  entries: ReadonlyMap<string, CacheEntry>,
  scanStartedAt: number,
  resolutionKey: string,
  previous?: LoadedCache,
): void {
  const base = previous?.base;
  if (base !== undefined) {
    const changed: Record<string, StoredEntry | null> = {};
    let count = 0;
    for (const [path, e] of entries) {
      if (base.entries.get(path) === e) continue;
      changed[path] = [e.size, e.mtimeMs, e.hash, e.digest];
      count++;
    }
    for (const path of base.entries.keys()) {
      if (entries.has(path)) continue;
      changed[path] = null;
      count++;
    }
    if (count <= Math.max(JOURNAL_MIN_ENTRIES, base.entries.size * JOURNAL_MAX_SHARE)) {
      const journal: StoredJournal = { format: JOURNAL_FORMAT, base: base.id, scanStartedAt, resolutionKey, files: changed };
      writeFileAtomically(join(cacheDir, CACHE_JOURNAL_FILE_NAME), JSON.stringify(journal));
      return;
    }
  }
  const files: Record<string, StoredEntry> = {};
  for (const [path, e] of entries) files[path] = [e.size, e.mtimeMs, e.hash, e.digest];
  const id = randomUUID();
  const data: StoredCache = { format: FORMAT, scannerVersion: SCANNER_VERSION, id, scanStartedAt, resolutionKey, files };
  writeFileAtomically(join(cacheDir, CACHE_FILE_NAME), JSON.stringify(data));
  rmSync(join(cacheDir, CACHE_JOURNAL_FILE_NAME), { force: true });
}

function isStoredCache(v: unknown): v is StoredCache {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Partial<StoredCache>;
  return c.format === FORMAT && typeof c.scannerVersion === 'number' && typeof c.id === 'string' && typeof c.scanStartedAt === 'number' &&
    typeof c.resolutionKey === 'string' && typeof c.files === 'object' && c.files !== null && !Array.isArray(c.files);
}

function isStoredJournal(v: unknown): v is StoredJournal {
  if (typeof v !== 'object' || v === null) return false;
  const j = v as Partial<StoredJournal>;
  return j.format === JOURNAL_FORMAT && typeof j.base === 'string' && typeof j.scanStartedAt === 'number' &&
    typeof j.resolutionKey === 'string' && typeof j.files === 'object' && j.files !== null && !Array.isArray(j.files);
}

function isStoredEntry(v: unknown): v is StoredEntry {
  if (!Array.isArray(v) || v.length !== 4) return false;
  const [size, mtime, hash, digest] = v as unknown[];
  return typeof size === 'number' && typeof mtime === 'number' && typeof hash === 'string' && typeof digest === 'string';
}
