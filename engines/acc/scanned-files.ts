import type { CacheEntry, IndexEntries, KeptEdges, ProjectCache } from './cache/index.js';
import type { EdgeResolver, ResolvedEdges } from './resolve/index.js';
import type { SourceEntry } from './scan/index.js';
import type { GraphCounters, ImportEdge, ImportReference } from './types.js';

/** One parsed file: a cache entry or a file read in this run; edges once resolved or decoded. */
interface FileRecord {
  cached: CacheEntry | undefined;
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
  edges: ImportEdge[] | undefined;
  /** encodeEdges of the resolved imports, when resolved in this run and encodable. */
  encoded: string | undefined;
  /** digestEdges of the resolved imports (of their JSON when not encodable). */
  digest: string;
}

/** What the table needs from the rest of the scan. */
export interface ScannedFilesDeps {
  readonly cache: ProjectCache;
  readonly edges: EdgeResolver;
  /** Reads and lexes a file again (its cached imports are gone); counts it and notes a failure. */
  readonly reread: (file: string) => readonly ImportReference[];
  /** Edge counters are (re)filled by materializeEdges. */
  readonly counters: GraphCounters;
  readonly notes: string[];
}

/**
 * The parsed files of one scan, in walk order, from the read phase to the graph: which imports are resolved,
 * which still sit encoded in the cache, and the index entries to write. Unchanged files keep their imports in
 * the cache's encoded form until materializeEdges decodes them, so a caller that only needs to know whether the
 * graph changed (the fingerprint) pays for the changed files alone.
 */
export class ScannedFiles {
  /** Parsed source files, in walk order (sorted). */
  readonly files: string[] = [];
  readonly #records: FileRecord[] = [];
  readonly #deps: ScannedFilesDeps;
  /** The index entries settle() decided on: the files whose edges the store must hold. */
  #entries = new Map<string, CacheEntry>();
  /** Files whose cached imports were missing or damaged: one note for all of them (a damaged store hits every file). */
  readonly #relexed: string[] = [];

  constructor(deps: ScannedFilesDeps) {
    this.#deps = deps;
  }

  /** A file whose content is the cached entry's: its edges are the cached ones (decoded only if needed). */
  addUnchanged(source: SourceEntry, cached: CacheEntry, hash: string): void {
    this.files.push(source.path);
    this.#records.push({
      cached,
      size: source.size,
      mtimeMs: source.mtimeMs,
      hash,
      edges: undefined,
      encoded: undefined,
      digest: '',
    });
  }

  /** A file read and lexed in this run, resolved at once. */
  addLexed(source: SourceEntry, hash: string, imports: readonly ImportReference[]): void {
    this.files.push(source.path);
    this.#records.push({
      cached: undefined,
      size: source.size,
      mtimeMs: source.mtimeMs,
      hash,
      ...this.#deps.edges.resolve(source.path, imports),
    });
  }

  /**
   * Phase 3, resolve: gives every file its digest. An unchanged file keeps its cached digest while resolution is
   * the same (`reuseResolutions`); otherwise its stored imports are resolved again (or the file re-read when they
   * are gone). Returns the index entries to write and the graph's fingerprint parts; marks the edge store dirty
   * when its contents no longer match.
   */
  settle(
    previous: IndexEntries,
    reuseResolutions: boolean,
  ): { entries: Map<string, CacheEntry>; fingerprint: string[] } {
    const { cache, edges } = this.#deps;
    const useCache = cache.enabled;
    const entries = new Map<string, CacheEntry>();
    const fingerprint: string[] = [];
    for (let i = 0; i < this.files.length; i++) {
      const file = this.files[i];
      const r = this.#records[i];
      if (file === undefined || r === undefined) continue;
      if (r.cached !== undefined && reuseResolutions) {
        r.digest = r.cached.digest;
      } else {
        if (r.cached !== undefined) {
          // (a file read in this run was resolved right after the read)
          const stored = cache.storedEdges(file, r.cached.digest);
          this.#resolveAgain(file, r, stored !== undefined ? edges.decode(file, stored) : this.#reread(file));
        }
        // Compared with the previous entry, not r.cached: a content-only edit re-lexes the file (no r.cached) yet
        // usually yields the same edges, and then the store needs no rewrite.
        if (r.digest !== previous.get(file)?.digest) cache.markEdgesDirty();
      }
      if (useCache) fingerprint.push(file, r.digest);
      const cacheable = r.edges === undefined || r.encoded !== undefined; // else: not cached, re-read next time
      if (useCache && cacheable) {
        entries.set(
          file,
          r.cached !== undefined && r.cached.mtimeMs === r.mtimeMs && r.cached.digest === r.digest
            ? r.cached
            : { size: r.size, mtimeMs: r.mtimeMs, hash: r.hash, digest: r.digest },
        );
      }
      r.cached = undefined;
    }
    for (const path of previous.keys()) {
      if (!entries.has(path)) cache.markEdgesDirty();
    }
    this.#entries = entries;
    return { entries, fingerprint };
  }

  /** Every indexed file's encoded imports, for the edge store (decoding, or re-reading, what is not known yet). */
  encodedEdges(): Map<string, string> {
    const encodedByFile = new Map<string, string>();
    for (let i = 0; i < this.files.length; i++) {
      const file = this.files[i];
      const r = this.#records[i];
      if (file === undefined || r === undefined || !this.#entries.has(file)) continue;
      let encoded = r.encoded ?? this.#deps.cache.storedEdges(file, r.digest);
      if (encoded === undefined && r.edges === undefined) {
        this.#edgesOf(file, r);
        encoded = r.encoded;
      }
      if (encoded !== undefined) encodedByFile.set(file, encoded);
    }
    return encodedByFile;
  }

  /** Builds every file's edges and fills the edge counters; repairs a store found damaged on the way. */
  materializeEdges(): Map<string, ImportEdge[]> {
    const { cache, counters } = this.#deps;
    const edgesByFile = new Map<string, ImportEdge[]>();
    counters.edges = counters.internalEdges = counters.externalEdges = counters.unresolvedEdges = 0;
    for (let i = 0; i < this.files.length; i++) {
      const file = this.files[i];
      const r = this.#records[i];
      if (file === undefined || r === undefined) continue;
      const edges = this.#edgesOf(file, r);
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
    if (cache.edgesDirty) cache.commitEdges(() => this.encodedEdges());
    this.noteRelexed();
    return edgesByFile;
  }

  /** Every file's resolved imports known so far (read, decoded or kept), for a session to keep. */
  keptEdges(): Map<string, KeptEdges> {
    const out = new Map<string, KeptEdges>();
    for (let i = 0; i < this.files.length; i++) {
      const file = this.files[i];
      const r = this.#records[i];
      if (file === undefined || r === undefined || r.digest === '') continue;
      const known =
        r.encoded !== undefined
          ? { digest: r.digest, encoded: r.encoded, edges: r.edges }
          : this.#deps.cache.keptFor(file, r.digest);
      if (known !== undefined) out.set(file, known);
    }
    return out;
  }

  /** One note for the files read again since the last call. */
  noteRelexed(): void {
    const relexed = this.#relexed;
    if (relexed.length === 0) return;
    const shown = relexed.slice(0, 3).join(', ');
    this.#deps.notes.push(
      `cached imports of ${relexed.length} file(s) missing or damaged (${shown}${relexed.length > 3 ? ', ...' : ''}); read again`,
    );
    relexed.length = 0;
  }

  /** The record's edges, decoding cached ones (or re-reading the file when they are gone). */
  #edgesOf(file: string, r: FileRecord): ImportEdge[] {
    if (r.edges !== undefined) return r.edges;
    const { cache, edges } = this.#deps;
    const kept = cache.keptFor(file, r.digest);
    if (kept?.edges !== undefined) {
      r.encoded = kept.encoded;
      return (r.edges = kept.edges);
    }
    const encoded = cache.storedEdges(file, r.digest);
    if (encoded !== undefined) {
      r.encoded = encoded;
      return (r.edges = edges.decode(file, encoded));
    }
    this.#resolveAgain(file, r, this.#reread(file));
    return r.edges ?? [];
  }

  #resolveAgain(file: string, r: FileRecord, imports: readonly ImportReference[]): void {
    const resolved: ResolvedEdges = this.#deps.edges.resolve(file, imports);
    r.edges = resolved.edges;
    if (!this.#deps.cache.enabled) return;
    r.encoded = resolved.encoded;
    r.digest = resolved.digest;
  }

  #reread(file: string): readonly ImportReference[] {
    this.#deps.cache.markEdgesDirty();
    this.#relexed.push(file);
    return this.#deps.reread(file);
  }
}
