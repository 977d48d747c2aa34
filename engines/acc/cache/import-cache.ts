import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from './cache-files.js';
import { readCacheFile } from '../read-input-file.js';
import { errorMessage } from '../../common/index.js';

/** Bump when the scanner's output for the same text could change: old caches are then ignored, not trusted. */
export const SCANNER_VERSION = 1;
const FORMAT = 'maestro-acc-imports-v6';
export const CACHE_FILE_NAME = 'acc-imports-v6.json';
/** Changes since the last full write; see saveImportCache. */
export const CACHE_JOURNAL_FILE_NAME = 'acc-imports-v6.journal.json';
const JOURNAL_FORMAT = 'maestro-acc-imports-journal-v6';
// A journal larger than this share of the base file is folded into a full rewrite.
const JOURNAL_MAX_SHARE = 1 / 8;
const JOURNAL_MIN_ENTRIES = 64;
/** SHA-1 in hex; the digest is digestEdges' 16 hex characters. Fixed widths let the base store them end to end. */
const HASH_CHARS = 40;
const DIGEST_CHARS = 16;

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

/** A journal entry on disk: [size, mtimeMs, hash, digest]. */
type StoredEntry = [number, number, string, string];

/**
 * The base file: one array per field rather than an object per file. JSON.parse builds a handful of flat arrays
 * instead of 5,000 small ones under a 5,000-key object, which cost a warm run several milliseconds.
 */
interface StoredCache {
  format: string;
  scannerVersion: number;
  /** Random id of this full write; a journal applies only to the base it was written against. */
  id: string;
  /** When the run that wrote this cache started reading files (epoch ms): the racy-stat boundary. */
  scanStartedAt: number;
  /** Fingerprint of the file set and path mapping the stored resolutions were computed against. */
  resolutionKey: string;
  paths: string[];
  sizes: number[];
  mtimes: number[];
  /** Every file's hash, end to end (HASH_CHARS each). */
  hashes: string;
  /** Every file's digest, end to end (DIGEST_CHARS each). */
  digests: string;
}

interface StoredJournal {
  format: string;
  base: string;
  scanStartedAt: number;
  resolutionKey: string;
  /** Entries added or changed since the base was written; null marks a removed file. */
  files: Record<string, StoredEntry | null>;
}

/** The base file's rows; an entry object is made only for a row that is asked for, and then kept. */
class BaseRows {
  private readonly rowOf = new Map<string, number>();
  private readonly made: (CacheEntry | undefined)[];

  constructor(private readonly data: StoredCache) {
    for (let i = 0; i < data.paths.length; i++) this.rowOf.set(data.paths[i] as string, i);
    this.made = new Array<CacheEntry | undefined>(data.paths.length);
  }

  get size(): number {
    return this.rowOf.size;
  }

  has(path: string): boolean {
    return this.rowOf.has(path);
  }

  get(path: string): CacheEntry | undefined {
    const i = this.rowOf.get(path);
    if (i === undefined) return undefined;
    const d = this.data;
    return (this.made[i] ??= {
      size: d.sizes[i] as number,
      mtimeMs: d.mtimes[i] as number,
      hash: d.hashes.slice(i * HASH_CHARS, (i + 1) * HASH_CHARS),
      digest: d.digests.slice(i * DIGEST_CHARS, (i + 1) * DIGEST_CHARS),
    });
  }

  /** Whether `e` equals the row stored for `path` (an entry this object made is known to). */
  holds(path: string, e: CacheEntry): boolean {
    const i = this.rowOf.get(path);
    if (i === undefined) return false;
    if (this.made[i] === e) return true;
    const d = this.data;
    return (
      d.sizes[i] === e.size &&
      d.mtimes[i] === e.mtimeMs &&
      d.hashes.startsWith(e.hash, i * HASH_CHARS) &&
      e.hash.length === HASH_CHARS &&
      d.digests.startsWith(e.digest, i * DIGEST_CHARS) &&
      e.digest.length === DIGEST_CHARS
    );
  }

  paths(): IterableIterator<string> {
    return this.rowOf.keys();
  }
}

/** The cache's entries as a scan reads them: the base rows with the journal laid over them. */
export class CacheEntries {
  private readonly overlay: ReadonlyMap<string, CacheEntry | null>;
  readonly size: number;

  constructor(
    private readonly base: BaseRows | undefined,
    overlay: ReadonlyMap<string, CacheEntry | null> = new Map(),
  ) {
    this.overlay = overlay;
    let size = base?.size ?? 0;
    for (const [path, entry] of overlay) {
      const inBase = base?.has(path) ?? false;
      if (entry === null && inBase) size--;
      else if (entry !== null && !inBase) size++;
    }
    this.size = size;
  }

  get(path: string): CacheEntry | undefined {
    const over = this.overlay.get(path);
    if (over !== undefined) return over ?? undefined;
    return this.base?.get(path);
  }

  *keys(): IterableIterator<string> {
    if (this.base !== undefined) {
      for (const path of this.base.paths()) if (this.overlay.get(path) !== null) yield path;
    }
    for (const [path, entry] of this.overlay) if (entry !== null && !(this.base?.has(path) ?? false)) yield path;
  }
}

export interface LoadedCache {
  /** The base file's entries with the journal applied. */
  readonly entries: CacheEntries;
  readonly scanStartedAt: number;
  readonly resolutionKey: string;
  /** The full file as written, before the journal: what the next journal is a difference against. */
  readonly base: { readonly id: string; readonly rows: BaseRows } | undefined;
  /** Set when a cache file existed but was discarded. */
  readonly warning?: string;
}

const EMPTY: LoadedCache = {
  entries: new CacheEntries(undefined),
  scanStartedAt: 0,
  resolutionKey: '',
  base: undefined,
};

/**
 * Loads the cache (base file plus journal); anything malformed discards the whole cache with a warning, because
 * a half-trusted cache lies. A journal written against another base (a full rewrite happened since) is ignored:
 * the base alone is a complete, older cache, and stat checks keep an older cache safe.
 */
export function loadImportCache(cacheDir: string): LoadedCache {
  const file = join(cacheDir, CACHE_FILE_NAME);
  const read = readCacheFile(file, 'import cache');
  if (read.text === undefined) return read.warning === undefined ? EMPTY : { ...EMPTY, warning: read.warning };
  const text = read.text;
  try {
    const data = JSON.parse(text) as unknown;
    if (!isStoredCache(data)) throw new Error('unexpected structure');
    if (data.scannerVersion !== SCANNER_VERSION) {
      return { ...EMPTY, warning: `import cache ${file} was written by scanner v${data.scannerVersion}; rebuilt` };
    }
    checkColumns(data);
    const rows = new BaseRows(data);
    const base = { id: data.id, rows };
    let journal: StoredJournal | undefined;
    try {
      journal = readJournal(cacheDir);
    } catch (error) {
      // Named as itself: the base file is fine, but without its journal it is out of date, so both are rebuilt.
      return {
        ...EMPTY,
        warning: `corrupt import cache journal discarded: ${join(cacheDir, CACHE_JOURNAL_FILE_NAME)} (${errorMessage(error)})`,
      };
    }
    if (journal === undefined || journal.base !== data.id) {
      return {
        entries: new CacheEntries(rows),
        scanStartedAt: data.scanStartedAt,
        resolutionKey: data.resolutionKey,
        base,
      };
    }
    const overlay = new Map<string, CacheEntry | null>();
    for (const path of Object.keys(journal.files)) {
      const stored = journal.files[path];
      overlay.set(path, stored === null ? null : toEntry(path, stored));
    }
    return {
      entries: new CacheEntries(rows, overlay),
      scanStartedAt: journal.scanStartedAt,
      resolutionKey: journal.resolutionKey,
      base,
    };
  } catch (error) {
    return { ...EMPTY, warning: `corrupt import cache discarded: ${file} (${errorMessage(error)})` };
  }
}

/** Throws unless every column has one well-formed value per path. */
function checkColumns(data: StoredCache): void {
  const n = data.paths.length;
  if (data.sizes.length !== n || data.mtimes.length !== n) throw new Error(`columns of different lengths (${n} paths)`);
  // Lengths only: a damaged character merely fails to match (the file is read again, or its edges looked up
  // again), so scanning 300 kB for hex digits would buy nothing.
  if (data.hashes.length !== n * HASH_CHARS) throw new Error('malformed hashes');
  if (data.digests.length !== n * DIGEST_CHARS) throw new Error('malformed digests');
  for (let i = 0; i < n; i++) {
    if (typeof data.paths[i] !== 'string' || typeof data.sizes[i] !== 'number' || typeof data.mtimes[i] !== 'number') {
      throw new Error(`bad entry #${i}`);
    }
  }
}

function toEntry(path: string, stored: unknown): CacheEntry {
  if (!isStoredEntry(stored)) throw new Error(`bad entry for ${path}`);
  const [size, mtimeMs, hash, digest] = stored;
  return { size, mtimeMs, hash, digest };
}

/** undefined when there is no journal; throws (discarding the cache) when there is a damaged one. */
function readJournal(cacheDir: string): StoredJournal | undefined {
  const read = readCacheFile(join(cacheDir, CACHE_JOURNAL_FILE_NAME), 'import cache journal');
  if (read.warning !== undefined) throw new Error(read.warning);
  if (read.text === undefined) return undefined;
  const data = JSON.parse(read.text) as unknown;
  if (!isStoredJournal(data)) throw new Error('unexpected journal structure');
  return data;
}

/**
 * Writes the cache atomically (temp file + rename), so a crash mid-write leaves the old cache or none.
 * Rewriting 5,000 entries because 10 files changed would cost a warm run more than the changes themselves, so
 * while the differences from the last full write stay small they go to a journal beside it; a full write
 * (new base id) makes any older journal inapplicable, then removes it. Returns what loadImportCache would now
 * read, so that a session need not read it back.
 */
export function saveImportCache(
  cacheDir: string,
  entries: ReadonlyMap<string, CacheEntry>,
  scanStartedAt: number,
  resolutionKey: string,
  previous?: LoadedCache,
): LoadedCache {
  const base = previous?.base;
  if (base !== undefined) {
    const changed: Record<string, StoredEntry | null> = {};
    let count = 0;
    for (const [path, e] of entries) {
      if (base.rows.holds(path, e)) continue;
      changed[path] = [e.size, e.mtimeMs, e.hash, e.digest];
      count++;
    }
    for (const path of base.rows.paths()) {
      if (entries.has(path)) continue;
      changed[path] = null;
      count++;
    }
    if (count <= Math.max(JOURNAL_MIN_ENTRIES, base.rows.size * JOURNAL_MAX_SHARE)) {
      const journal: StoredJournal = {
        format: JOURNAL_FORMAT,
        base: base.id,
        scanStartedAt,
        resolutionKey,
        files: changed,
      };
      writeFileAtomically(join(cacheDir, CACHE_JOURNAL_FILE_NAME), JSON.stringify(journal));
      const overlay = new Map<string, CacheEntry | null>();
      for (const path of Object.keys(changed))
        overlay.set(path, changed[path] === null ? null : (entries.get(path) ?? null));
      return { entries: new CacheEntries(base.rows, overlay), scanStartedAt, resolutionKey, base };
    }
  }
  const paths: string[] = [];
  const sizes: number[] = [];
  const mtimes: number[] = [];
  let hashes = '';
  let digests = '';
  for (const [path, e] of entries) {
    // A hash or digest of another width cannot sit in a fixed-width column: such a file is read again next time.
    if (e.hash.length !== HASH_CHARS || e.digest.length !== DIGEST_CHARS) continue;
    paths.push(path);
    sizes.push(e.size);
    mtimes.push(e.mtimeMs);
    hashes += e.hash;
    digests += e.digest;
  }
  const id = randomUUID();
  const data: StoredCache = {
    format: FORMAT,
    scannerVersion: SCANNER_VERSION,
    id,
    scanStartedAt,
    resolutionKey,
    paths,
    sizes,
    mtimes,
    hashes,
    digests,
  };
  writeFileAtomically(join(cacheDir, CACHE_FILE_NAME), JSON.stringify(data));
  rmSync(join(cacheDir, CACHE_JOURNAL_FILE_NAME), { force: true });
  const rows = new BaseRows(data);
  return { entries: new CacheEntries(rows), scanStartedAt, resolutionKey, base: { id, rows } };
}

function isStoredCache(v: unknown): v is StoredCache {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Partial<StoredCache>;
  return (
    c.format === FORMAT &&
    typeof c.scannerVersion === 'number' &&
    typeof c.id === 'string' &&
    typeof c.scanStartedAt === 'number' &&
    typeof c.resolutionKey === 'string' &&
    Array.isArray(c.paths) &&
    Array.isArray(c.sizes) &&
    Array.isArray(c.mtimes) &&
    typeof c.hashes === 'string' &&
    typeof c.digests === 'string'
  );
}

function isStoredJournal(v: unknown): v is StoredJournal {
  if (typeof v !== 'object' || v === null) return false;
  const j = v as Partial<StoredJournal>;
  return (
    j.format === JOURNAL_FORMAT &&
    typeof j.base === 'string' &&
    typeof j.scanStartedAt === 'number' &&
    typeof j.resolutionKey === 'string' &&
    typeof j.files === 'object' &&
    j.files !== null &&
    !Array.isArray(j.files)
  );
}

function isStoredEntry(v: unknown): v is StoredEntry {
  if (!Array.isArray(v) || v.length !== 4) return false;
  const [size, mtime, hash, digest] = v as unknown[];
  return (
    typeof size === 'number' && typeof mtime === 'number' && typeof hash === 'string' && typeof digest === 'string'
  );
}
