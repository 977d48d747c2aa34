import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RootNotFoundError } from './errors.js';
import { isStatTrusted } from './cache/index.js';
import { decodeEdges, digestEdges, encodeEdges, loadEdgeStore, saveEdgeStore } from './cache/index.js';
import { loadFolderListings, saveFolderListings } from './cache/index.js';
import { loadImportCache, saveImportCache, type CacheEntry, type LoadedCache } from './cache/index.js';
import { scanImports } from './scan/index.js';
import { ProjectConfigs } from './resolve/index.js';
import { createResolutionHost } from './resolve/index.js';
import { ImportResolver } from './resolve/index.js';
import type { GraphCounters, ImportEdge, ImportReference, SkippedFile } from './types.js';
import { WholeFileReader } from './scan/index.js';
import { walkProject, type SourceEntry, type WalkChanges, type WalkResult } from './scan/index.js';

export interface BuildImportGraphOptions {
  /** Use and update the content-hash cache (default true). */
  readonly cache?: boolean;
  /** Cache folder (default `<root>/.maestro-cache`). */
  readonly cacheDir?: string;
  /** tsconfig/jsconfig used for `baseUrl`/`paths`, relative to root (default `tsconfig.json`, then `jsconfig.json`). */
  readonly tsconfig?: string;
  /** Root-relative globs to leave out. */
  readonly exclude?: readonly string[];
  /** Directory names never descended into (default node_modules, .git, .maestro-cache). */
  readonly ignoredDirectories?: readonly string[];
  /** Files larger than this are skipped with a note (default 2 MiB: generated bundles, not hand-written modules). */
  readonly maxFileBytes?: number;
  readonly signal?: AbortSignal;
  /** Epoch milliseconds; injectable so the racy-stat window can be tested. */
  readonly now?: () => number;
}

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Bumped when resolution itself changes, so cached resolutions from an older resolver are not reused. */
export const NO_TSCONFIG = '(no tsconfig: TypeScript defaults, moduleResolution node10)';
const RESOLVER_VERSION = 'ts-5.9-resolution-1';
const CONFIG_FILE = /(^|\/)(package\.json|[jt]sconfig[^/]*\.json)$/;

/** Size and mtime of every file that can change resolution: package.json and tsconfig files in the tree and above it. */
function configStamps(absRoot: string, allFiles: ReadonlySet<string>): string[] {
  const stamps: string[] = [];
  const stamp = (abs: string, label: string): void => {
    try {
      const st = statSync(abs);
      stamps.push(`${label}:${st.size}:${st.mtimeMs}`);
    } catch {
      // absent: nothing to key
    }
  };
  for (const f of allFiles) if (CONFIG_FILE.test(f)) stamp(join(absRoot, f), f);
  for (let d = dirname(absRoot); ; d = dirname(d)) {
    for (const name of ['tsconfig.json', 'jsconfig.json', 'package.json']) stamp(join(d, name), join(d, name));
    if (dirname(d) === d) break;
  }
  return stamps.sort();
}
// Files read between two yields to the event loop (and abort checks). Cache hits cost no I/O and are not counted:
// a warm run over 5,000 files would otherwise spend more on twenty event-loop turns than on the hits.
const YIELD_EVERY_FILES = 256;
// git's heuristic: a NUL byte in the first 8,000 bytes means binary.
const BINARY_SNIFF_BYTES = 8000;

/**
 * A walked and lexed project whose edges are not necessarily built yet. Unchanged files keep their imports in
 * the cache's encoded form until `materializeEdges` decodes them, so a caller that only needs to know whether
 * the graph changed (the fingerprint) pays for the changed files alone.
 */
export interface ProjectScan {
  readonly root: string;
  /** Parsed source files, sorted. */
  readonly files: readonly string[];
  /** Edge counts stay 0 until materializeEdges runs. */
  readonly counters: GraphCounters;
  readonly skipped: readonly SkippedFile[];
  readonly notes: readonly string[];
  /**
   * SHA-1 over every parsed file's path and resolved imports (kind, type-only, line, specifier, status,
   * target): equal fingerprints mean equal graphs. `''` when the cache is off (nothing to compare with).
   */
  readonly fingerprint: string;
  /** Builds every file's edges and fills the edge counters. */
  materializeEdges(): Map<string, ImportEdge[]>;
  /** The walk this scan used: what a watching session narrows its next walk against. */
  readonly walk: WalkResult;
  /** Every file's resolved imports known to this scan (read, decoded or kept), for a session to keep. */
  keptEdges(): Map<string, KeptEdges>;
  /** The import cache as this scan left it on disk; undefined when it could not be written (read it again). */
  readonly index: LoadedCache | undefined;
  /** The tsconfig (or jsconfig) files the parsed files resolve with, absolute, with how many files each. */
  readonly tsconfigs: readonly TsconfigUse[];
}

/** A tsconfig used for resolution: `file` is absolute, or a description when no config applies. */
export interface TsconfigUse {
  readonly file: string;
  readonly files: number;
}

/**
 * How a watching session (analysis-session.ts) narrows a scan: what its watcher saw change since its last walk
 * (undefined for a full walk), and the hook that starts watching a folder before it is looked at.
 */
export interface ScanWatch {
  readonly since: WalkChanges | undefined;
  readonly beforeLooking: (folderAbs: string, folderRel: string, replaced: boolean) => void;
  /**
   * Resolved imports the session kept from its earlier scans (ProjectScan.keptEdges), used instead of the edge
   * store for a file whose digest still matches: no store to load and check when an edit changes the graph.
   */
  readonly kept?: ReadonlyMap<string, KeptEdges>;
  /** The import cache as the session's last scan left it (ProjectScan.index), instead of reading it back. */
  readonly index?: LoadedCache;
}

/** A file's resolved imports as a session keeps them between scans: the digest they were built for, encoded and decoded. */
export interface KeptEdges {
  readonly digest: string;
  readonly encoded: string;
  readonly edges: ImportEdge[] | undefined;
}

/*
 * Cache validity: stat first, content hash second.
 * Re-reading every file just to hash it would make a warm run cost a full read, so a file whose size and mtime
 * match its cache entry is trusted without opening it, unless its mtime is racy (see isStatTrusted): then it is
 * re-read and hashed. Only when stat differs (or is racy) is the file read; and only when the hash differs is it
 * lexed again. A touched-but-unchanged file thus costs one read and no parse. Folders work the same way one level
 * up: a folder whose mtime is unchanged lists the same entries, so its stored listing stands in for readdir.
 */

function emptyCounters(): GraphCounters {
  return {
    foldersListed: 0, filesDiscovered: 0, filesScanned: 0, filesParsed: 0, cacheHits: 0, bytesRead: 0, edges: 0, internalEdges: 0,
    externalEdges: 0, unresolvedEdges: 0, filesSkipped: 0,
  };
}

function isBinary(buf: Buffer): boolean {
  return buf.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1;
}

const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/** One parsed file: a cache entry or a file read in this run; edges once resolved or decoded. */
interface FileRecord {
  cached: CacheEntry | undefined;
  size: number;
  mtimeMs: number;
  hash: string;
  edges: ImportEdge[] | undefined;
  /** encodeEdges of the resolved imports, when resolved in this run and encodable. */
  encoded: string | undefined;
  /** digestEdges of the resolved imports (of their JSON when not encodable). */
  digest: string;
}

/**
 * Walks, reads changed files, lexes and resolves: one read per changed file, a hand lexer, pure in-memory
 * resolution. File texts are dropped as soon as they are lexed, so memory grows with the number of imports,
 * not with the size of the code base.
 */
export async function scanProject(root: string, options: BuildImportGraphOptions = {}, watch?: ScanWatch): Promise<ProjectScan> {
  const absRoot = resolve(root);
  try {
    if (!statSync(absRoot).isDirectory()) throw new Error('not a directory');
  } catch (error) {
    throw new RootNotFoundError(absRoot, error);
  }
  const now = options.now ?? Date.now;
  const signal = options.signal;
  const useCache = options.cache ?? true;
  const cacheDir = options.cacheDir ?? join(absRoot, '.maestro-cache');
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const notes: string[] = [];
  const counters = emptyCounters();

  // The racy-stat boundary for everything this run records: taken before any folder or file is looked at.
  const scanStartedAt = now();
  // A session's own last walk is newer than anything on disk.
  const stored = useCache && watch?.since === undefined ? loadFolderListings(cacheDir) : undefined;
  if (stored?.warning !== undefined) notes.push(stored.warning);
  const previousListings = watch?.since?.previous.listings ?? stored?.listings;
  const walk = walkProject(absRoot, {
    ...(options.ignoredDirectories ? { ignoredDirectories: options.ignoredDirectories } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...(signal ? { signal } : {}),
    stat: useCache,
    ...(useCache ? { listings: { previous: previousListings, startedAt: scanStartedAt } } : {}),
    ...(watch?.since !== undefined ? { since: watch.since } : {}),
    ...(watch !== undefined ? { beforeLooking: watch.beforeLooking } : {}),
  });
  const skipped: SkippedFile[] = [...walk.skipped];
  counters.foldersListed = walk.foldersRead;
  counters.filesDiscovered = walk.sources.length;

  const loaded = useCache ? (watch?.index ?? loadImportCache(cacheDir)) : undefined;
  let index = loaded;
  if (loaded?.warning !== undefined) notes.push(loaded.warning);
  const previous = loaded?.entries ?? new Map<string, CacheEntry>();
  const configs = new ProjectConfigs(absRoot, options.tsconfig);
  const host = createResolutionHost(absRoot, walk);
  // Resolution depends on the set of files, the tsconfig and package.json files and the filters: while all are
  // unchanged, an unchanged file's imports resolve exactly as last time and its cached edges stay encoded. The
  // listings' id stands for the set of files (it changes whenever a folder's entries do); the config files that can
  // matter (in the tree and above the root) are keyed by size and mtime.
  const resolutionKey = useCache && walk.listings !== undefined
    ? createHash('sha1')
      .update(JSON.stringify([RESOLVER_VERSION, walk.listings.id, options.ignoredDirectories ?? null, options.exclude ?? null, options.tsconfig ?? null,
        configStamps(absRoot, walk.allFiles)]))
      .digest('hex')
    : '';
  const reuseResolutions = useCache && loaded !== undefined && loaded.resolutionKey === resolutionKey;
  const resolver = new ImportResolver(host, configs, absRoot);
  // Targets point at the path strings the walk already holds, so many edges share one string per file. Built on
  // first use: a warm run that resolves and decodes nothing never needs it.
  let canonical: Map<string, string> | undefined;
  const intern = (path: string): string => {
    if (canonical === undefined) {
      canonical = new Map<string, string>();
      for (let s = 0; s < walk.sources.length; s++) {
        const source = (walk.sources[s] as SourceEntry).path;
        canonical.set(source, source);
      }
    }
    return canonical.get(path) ?? path;
  };

  /** Resolves a file's imports into its edges (right after the read, so the import list dies young). */
  const resolveRecord = (file: string, r: FileRecord, imports: readonly ImportReference[]): void => {
    const edges: ImportEdge[] = [];
    for (let i = 0; i < imports.length; i++) {
      const ref = imports[i] as ImportReference;
      const { status, target } = resolver.resolve(file, ref.specifier, ref.kind);
      edges.push({ from: file, to: status === 'internal' ? intern(target) : target, specifier: ref.specifier, kind: ref.kind, typeOnly: ref.typeOnly, line: ref.line, status });
    }
    r.edges = edges;
    if (!useCache) return; // nothing is stored or compared: encoding and hashing would be wasted work
    r.encoded = encodeEdges(r.edges);
    r.digest = digestEdges(r.encoded ?? JSON.stringify(r.edges));
  };
  const files: string[] = [];
  const records: FileRecord[] = [];
  const reader = new WholeFileReader();

  let sinceYield = 0;
  for (let s = 0; s < walk.sources.length; s++) {
    const source = walk.sources[s] as SourceEntry;
    const cached = previous.get(source.path);
    // A file the watcher saw change is read even when its stat looks unchanged.
    if (cached !== undefined && walk.watchedChanges?.has(source.path) !== true && cached.size === source.size && cached.mtimeMs === source.mtimeMs &&
      isStatTrusted(cached.mtimeMs, loaded?.scanStartedAt ?? 0)) {
      counters.cacheHits++;
      files.push(source.path);
      records.push({ cached, size: cached.size, mtimeMs: cached.mtimeMs, hash: cached.hash, edges: undefined, encoded: undefined, digest: '' });
      continue;
    }
    if (source.size > maxBytes) { // (size is -1 when not statted; checked after the read instead)
      skipped.push({ path: source.path, reason: 'too-large', detail: `${source.size} bytes > limit ${maxBytes}` });
      continue;
    }
    if (++sinceYield >= YIELD_EVERY_FILES) {
      sinceYield = 0;
      await yieldToEventLoop();
      signal?.throwIfAborted();
    }
    let buf: Buffer | number;
    try {
      buf = reader.read(source.absolutePath, maxBytes);
    } catch (error) {
      skipped.push({ path: source.path, reason: 'unreadable', detail: error instanceof Error ? error.message : String(error) });
      continue;
    }
    counters.filesScanned++;
    if (typeof buf === 'number') {
      counters.bytesRead += maxBytes + 1;
      skipped.push({ path: source.path, reason: 'too-large', detail: `${buf} bytes > limit ${maxBytes}` });
      continue;
    }
    counters.bytesRead += buf.length;
    if (isBinary(buf)) {
      skipped.push({ path: source.path, reason: 'binary', detail: 'NUL byte in the first 8,000 bytes' });
      continue;
    }
    // Without a cache there is nothing to compare a hash with: skip it.
    const hash = useCache ? createHash('sha1').update(buf).digest('hex') : '';
    files.push(source.path);
    // The stat taken before the read is stored: if the file changed in between, the next stat differs and re-reads it.
    if (cached !== undefined && cached.hash === hash) {
      counters.cacheHits++;
      records.push({ cached, size: source.size, mtimeMs: source.mtimeMs, hash, edges: undefined, encoded: undefined, digest: '' });
    } else {
      counters.filesParsed++;
      const record: FileRecord = { cached: undefined, size: source.size, mtimeMs: source.mtimeMs, hash, edges: undefined, encoded: undefined, digest: '' };
      resolveRecord(source.path, record, scanImports(buf.toString('utf8')));
      records.push(record);
    }
  }

  // Cached edges are loaded only when needed (a re-resolution, a changed graph) and each string is checked
  // against the index's digest; a missing or damaged one makes that file be read and lexed again.
  let store: ReadonlyMap<string, string> | undefined;
  const keptFor = (file: string, digest: string): KeptEdges | undefined => {
    const kept = watch?.kept?.get(file);
    return kept !== undefined && kept.digest === digest ? kept : undefined;
  };
  const storedEdges = (file: string, digest: string): string | undefined => {
    const kept = keptFor(file, digest);
    if (kept !== undefined) return kept.encoded;
    if (store === undefined) {
      const loadedStore = loadEdgeStore(cacheDir);
      if (loadedStore.warning !== undefined) notes.push(loadedStore.warning);
      store = loadedStore.edges;
    }
    const encoded = store.get(file);
    return encoded !== undefined && digestEdges(encoded) === digest ? encoded : undefined;
  };
  let storeDirty = false;
  /** Files whose cached imports were missing or damaged: one note for all of them (a damaged store hits every file). */
  const relexed: string[] = [];
  const noteRelexed = (): void => {
    if (relexed.length === 0) return;
    const shown = relexed.slice(0, 3).join(', ');
    notes.push(`cached imports of ${relexed.length} file(s) missing or damaged (${shown}${relexed.length > 3 ? ', ...' : ''}); read again`);
    relexed.length = 0;
  };
  const relex = (file: string): readonly ImportReference[] => {
    storeDirty = true;
    relexed.push(file);
    try {
      const buf = readFileSync(join(absRoot, file));
      counters.filesScanned++;
      counters.filesParsed++;
      counters.bytesRead += buf.length;
      return scanImports(buf.toString('utf8'));
    } catch (error) {
      notes.push(`${file} unreadable on re-read (${error instanceof Error ? error.message : String(error)}); its imports are left out`);
      return [];
    }
  };
  /** The record's edges, decoding cached ones (or re-reading the file when they are gone). */
  const edgesOf = (file: string, r: FileRecord): ImportEdge[] => {
    if (r.edges !== undefined) return r.edges;
    const kept = keptFor(file, r.digest);
    if (kept?.edges !== undefined) {
      r.encoded = kept.encoded;
      return (r.edges = kept.edges);
    }
    const encoded = storedEdges(file, r.digest);
    if (encoded !== undefined) {
      r.encoded = encoded;
      return (r.edges = decodeEdges(file, encoded, intern));
    }
    resolveRecord(file, r, relex(file));
    return r.edges ?? [];
  };

  const next = new Map<string, CacheEntry>();
  const fingerprint: string[] = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const r = records[i];
    if (file === undefined || r === undefined) continue;
    if (r.cached !== undefined && reuseResolutions) {
      r.digest = r.cached.digest;
    } else {
      if (r.cached !== undefined) { // (a file read in this run was resolved right after the read)
        const stored = storedEdges(file, r.cached.digest);
        resolveRecord(file, r, stored !== undefined ? decodeEdges(file, stored, intern) : relex(file));
      }
      // Compared with the previous entry, not r.cached: a content-only edit re-lexes the file (no r.cached) yet
      // usually yields the same edges, and then the store needs no rewrite.
      if (r.digest !== previous.get(file)?.digest) storeDirty = true;
    }
    if (useCache) fingerprint.push(file, r.digest);
    const cacheable = r.edges === undefined || r.encoded !== undefined; // else: not cached, re-read next time
    if (useCache && cacheable) {
      next.set(file, r.cached !== undefined && r.cached.mtimeMs === r.mtimeMs && r.cached.digest === r.digest
        ? r.cached
        : { size: r.size, mtimeMs: r.mtimeMs, hash: r.hash, digest: r.digest });
    }
    r.cached = undefined;
  }
  for (const path of previous.keys()) {
    if (!next.has(path)) storeDirty = true;
  }

  const flushStore = (): void => {
    storeDirty = false;
    const encodedByFile = new Map<string, string>();
    for (let i = 0; i < files.length; i++) {
      const file = files[i];
      const r = records[i];
      if (file === undefined || r === undefined || !next.has(file)) continue;
      let encoded = r.encoded ?? storedEdges(file, r.digest);
      if (encoded === undefined && r.edges === undefined) {
        edgesOf(file, r);
        encoded = r.encoded;
      }
      if (encoded !== undefined) encodedByFile.set(file, encoded);
    }
    try {
      saveEdgeStore(cacheDir, encodedByFile);
    } catch (error) {
      notes.push(`edge cache not written (${error instanceof Error ? error.message : String(error)}); analysis is unaffected`);
    }
  };
  if (useCache && walk.listings !== undefined && (walk.foldersRead > 0 || walk.listings.id !== previousListings?.id)) {
    try {
      saveFolderListings(cacheDir, walk.listings);
    } catch (error) {
      notes.push(`folder cache not written (${error instanceof Error ? error.message : String(error)}); analysis is unaffected`);
    }
  }
  if (useCache) {
    // Edges first: an index that names digests the store lacks only costs re-reads, never a wrong graph.
    if (storeDirty) flushStore();
    // Nothing read, nothing removed, same file set: the stored index is already exact, so skip rewriting it.
    if (counters.filesScanned > 0 || !reuseResolutions || previous.size !== next.size) {
      try {
        index = saveImportCache(cacheDir, next, scanStartedAt, resolutionKey, loaded);
      } catch (error) {
        index = undefined;
        notes.push(`import cache not written (${error instanceof Error ? error.message : String(error)}); analysis is unaffected`);
      }
    }
  }
  counters.filesSkipped = skipped.length;
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const materializeEdges = (): Map<string, ImportEdge[]> => {
    const edgesByFile = new Map<string, ImportEdge[]>();
    counters.edges = counters.internalEdges = counters.externalEdges = counters.unresolvedEdges = 0;
    for (let i = 0; i < files.length; i++) {
      const file = files[i];
      const r = records[i];
      if (file === undefined || r === undefined) continue;
      const edges = edgesOf(file, r);
      for (let i = 0; i < edges.length; i++) {
        const e = edges[i] as ImportEdge;
        counters.edges++;
        if (e.status === 'internal') counters.internalEdges++;
        else if (e.status === 'unresolved') counters.unresolvedEdges++;
        else counters.externalEdges++;
      }
      edgesByFile.set(file, edges);
    }
    // A damaged store found only now (files re-read above) is repaired for the next run.
    if (useCache && storeDirty) flushStore();
    noteRelexed();
    return edgesByFile;
  };
  const keptEdges = (): Map<string, KeptEdges> => {
    const out = new Map<string, KeptEdges>();
    for (let i = 0; i < files.length; i++) {
      const file = files[i];
      const r = records[i];
      if (file === undefined || r === undefined || r.digest === '') continue;
      const known = r.encoded !== undefined ? { digest: r.digest, encoded: r.encoded, edges: r.edges } : keptFor(file, r.digest);
      if (known !== undefined) out.set(file, known);
    }
    return out;
  };
  const digest = useCache ? createHash('sha1').update(fingerprint.join('\n')).digest('hex') : '';
  const uses = new Map<string, number>();
  for (let i = 0; i < files.length; i++) {
    const key = configs.configFor(files[i] ?? '')?.file ?? NO_TSCONFIG;
    uses.set(key, (uses.get(key) ?? 0) + 1);
  }
  noteRelexed();
  notes.push(...configs.notes, ...host.notes);
  const tsconfigs = [...uses].map(([file, n]) => ({ file, files: n })).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { root: absRoot, files, counters, skipped, notes, fingerprint: digest, materializeEdges, walk, keptEdges, index, tsconfigs };
}
