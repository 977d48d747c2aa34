import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RootNotFoundError } from './errors.js';
import { loadImportCache, saveImportCache, type CacheEntry, type CachedResolution } from './import-cache.js';
import { scanImports } from './import-scanner.js';
import { loadPathMapping } from './load-path-mapping.js';
import { ImportResolver } from './resolve-import.js';
import type { GraphCounters, ImportEdge, ImportGraph, ImportReference, SkippedFile } from './types.js';
import { walkProject } from './walk-project.js';

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
const YIELD_EVERY_FILES = 256;
// git's heuristic: a NUL byte in the first 8,000 bytes means binary.
const BINARY_SNIFF_BYTES = 8000;

/**
 * Cache validity: stat first, content hash second.
 * Re-reading every file just to hash it would make a warm run cost a full read, so a file whose size and mtime
 * match its cache entry is trusted without opening it. mtime has a granularity (a few ms on ext4, 1-2 s on
 * FAT/HFS+ and some network file systems): a file rewritten within one tick of the run that cached it can keep
 * both size and mtime. Like git's "racily clean" entries, an entry whose mtime falls within that window of the
 * caching run's start is not trusted on stat alone: it is re-read and hashed. Only when stat differs (or is
 * racy) is the file read; and only when the hash differs is it lexed again. A touched-but-unchanged file thus
 * costs one read and no parse.
 */
function racyWindowMs(mtimeMs: number): number {
  return Number.isInteger(mtimeMs) && mtimeMs % 1000 === 0 ? 2000 : 100;
}

function emptyCounters(): GraphCounters {
  return {
    filesDiscovered: 0, filesScanned: 0, filesParsed: 0, cacheHits: 0, bytesRead: 0, edges: 0, internalEdges: 0,
    externalEdges: 0, unresolvedEdges: 0, filesSkipped: 0,
  };
}

function isBinary(buf: Buffer): boolean {
  return buf.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1;
}

const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Builds the import graph of a TS/JS project: one read per changed file, a hand lexer, pure in-memory
 * resolution. File texts are dropped as soon as they are lexed, so memory grows with the number of imports,
 * not with the size of the code base.
 */
export async function buildImportGraph(root: string, options: BuildImportGraphOptions = {}): Promise<ImportGraph> {
  const started = performance.now();
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

  const walk = walkProject(absRoot, {
    ...(options.ignoredDirectories ? { ignoredDirectories: options.ignoredDirectories } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...(signal ? { signal } : {}),
    stat: useCache,
  });
  const skipped: SkippedFile[] = [...walk.skipped];
  counters.filesDiscovered = walk.sources.length;

  const loaded = useCache ? loadImportCache(cacheDir) : undefined;
  if (loaded?.warning !== undefined) notes.push(loaded.warning);
  const previous = loaded?.entries ?? new Map<string, CacheEntry>();
  const scanStartedAt = now();
  // Per parsed file: its imports and, when they came from the cache, the entry whose resolutions may be reused.
  const parsed = new Map<string, { imports: readonly ImportReference[]; hash: string; size: number; mtimeMs: number; reuse?: CacheEntry }>();

  let sinceYield = 0;
  for (const source of walk.sources) {
    if (++sinceYield >= YIELD_EVERY_FILES) {
      sinceYield = 0;
      await yieldToEventLoop();
      signal?.throwIfAborted();
    }
    const cached = previous.get(source.path);
    if (cached !== undefined && cached.size === source.size && cached.mtimeMs === source.mtimeMs &&
      cached.mtimeMs < (loaded?.scanStartedAt ?? 0) - racyWindowMs(cached.mtimeMs)) {
      counters.cacheHits++;
      parsed.set(source.path, { imports: cached.imports, hash: cached.hash, size: cached.size, mtimeMs: cached.mtimeMs, reuse: cached });
      continue;
    }
    if (source.size > maxBytes) { // (size is -1 when not statted; checked after the read instead)
      skipped.push({ path: source.path, reason: 'too-large', detail: `${source.size} bytes > limit ${maxBytes}` });
      continue;
    }
    let buf: Buffer;
    try {
      buf = readFileSync(source.absolutePath);
    } catch (error) {
      skipped.push({ path: source.path, reason: 'unreadable', detail: error instanceof Error ? error.message : String(error) });
      continue;
    }
    counters.filesScanned++;
    counters.bytesRead += buf.length;
    if (buf.length > maxBytes) {
      skipped.push({ path: source.path, reason: 'too-large', detail: `${buf.length} bytes > limit ${maxBytes}` });
      continue;
    }
    if (isBinary(buf)) {
      skipped.push({ path: source.path, reason: 'binary', detail: 'NUL byte in the first 8,000 bytes' });
      continue;
    }
    // Without a cache there is nothing to compare a hash with: skip it.
    const hash = useCache ? createHash('sha1').update(buf).digest('hex') : '';
    // The stat taken before the read is stored: if the file changed in between, the next stat differs and re-reads it.
    if (cached !== undefined && cached.hash === hash) {
      counters.cacheHits++;
      parsed.set(source.path, { imports: cached.imports, hash, size: source.size, mtimeMs: source.mtimeMs, reuse: cached });
    } else {
      counters.filesParsed++;
      parsed.set(source.path, { imports: scanImports(buf.toString('utf8')), hash, size: source.size, mtimeMs: source.mtimeMs });
    }
  }

  const mapping = loadPathMapping(absRoot, options.tsconfig);
  notes.push(...mapping.notes);
  // Resolution depends only on the set of files and the path mapping: while both are unchanged, an unchanged
  // file's imports resolve exactly as last time and are not resolved again.
  const resolutionKey = useCache
    ? createHash('sha1').update([...walk.allFiles].sort().join('\n')).update(JSON.stringify(mapping)).digest('hex')
    : '';
  const reuseResolutions = useCache && loaded !== undefined && loaded.resolutionKey === resolutionKey;
  const resolver = new ImportResolver(walk.allFiles, mapping);
  const edgesByFile = new Map<string, ImportEdge[]>();
  const next = new Map<string, CacheEntry>();
  const files = [...parsed.keys()];
  for (const file of files) {
    const p = parsed.get(file);
    if (p === undefined) continue;
    const reusable = reuseResolutions && p.reuse?.resolved !== undefined && p.reuse.resolved.length === p.imports.length
      ? p.reuse.resolved : undefined;
    const edges: ImportEdge[] = [];
    const resolved: CachedResolution[] = [];
    for (let i = 0; i < p.imports.length; i++) {
      const ref = p.imports[i];
      if (ref === undefined) continue;
      const { status, target } = reusable?.[i] ?? resolver.resolve(file, ref.specifier);
      resolved.push({ status, target });
      edges.push({ from: file, to: target, specifier: ref.specifier, kind: ref.kind, typeOnly: ref.typeOnly, line: ref.line, status });
      counters.edges++;
      if (status === 'internal') counters.internalEdges++;
      else if (status === 'unresolved') counters.unresolvedEdges++;
      else counters.externalEdges++;
    }
    edgesByFile.set(file, edges);
    if (useCache) {
      next.set(file, p.reuse !== undefined && reusable !== undefined && p.reuse.mtimeMs === p.mtimeMs
        ? p.reuse
        : { size: p.size, mtimeMs: p.mtimeMs, hash: p.hash, imports: p.imports, resolved });
    }
  }

  // Nothing read, nothing removed, same file set: the stored cache is already exact, so skip rewriting it.
  const dirty = counters.filesScanned > 0 || !reuseResolutions || previous.size !== next.size;
  if (useCache && dirty) {
    try {
      saveImportCache(cacheDir, next, scanStartedAt, resolutionKey);
    } catch (error) {
      notes.push(`import cache not written (${error instanceof Error ? error.message : String(error)}); analysis is unaffected`);
    }
  }
  counters.filesSkipped = skipped.length;
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root: absRoot, files, edgesByFile, skipped, notes, counters, durationMs: performance.now() - started };
}

/** Internal dependencies per file, de-duplicated and sorted (the shape cycle and coupling analysis need). */
export function internalAdjacency(graph: ImportGraph, options: { includeTypeOnly?: boolean } = {}): Map<string, string[]> {
  const includeTypeOnly = options.includeTypeOnly ?? true;
  const adjacency = new Map<string, string[]>();
  for (const file of graph.files) {
    const targets = new Set<string>();
    for (const edge of graph.edgesByFile.get(file) ?? []) {
      if (edge.status === 'internal' && (includeTypeOnly || !edge.typeOnly) && graph.edgesByFile.has(edge.to)) targets.add(edge.to);
    }
    adjacency.set(file, [...targets].sort());
  }
  return adjacency;
}
