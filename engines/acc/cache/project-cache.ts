import { digestEdges, loadEdgeStore, saveEdgeStore } from './edge-store.js';
import { loadEvaluation, saveEvaluation, type EvaluationOutcome, type LoadedEvaluation } from './evaluation-cache.js';
import { loadFolderListings, saveFolderListings, type FolderListings } from './folder-listings.js';
import { CacheEntries, loadImportCache, saveImportCache, type CacheEntry, type LoadedCache } from './import-cache.js';
import type { ImportEdge } from '../types.js';
import { errorMessage } from '../../common/index.js';

/** A file's resolved imports as a session keeps them between scans: the digest they were built for, encoded and decoded. */
export interface KeptEdges {
  readonly digest: string;
  readonly encoded: string;
  readonly edges: ImportEdge[] | undefined;
}

/** The import index's entries as a scan reads them (the loaded base with its journal, or none). */
export type IndexEntries = Pick<CacheEntries, 'get' | 'keys' | 'size'>;

export interface ProjectCacheOptions {
  /** false: nothing is read or written, every load answers "nothing stored" (a scan with `cache: false`). */
  readonly enabled: boolean;
  /** Where the cache's warnings go, in the order they happen (the scan's notes: a report lists them as they came). */
  readonly notes: string[];
  /** The import index as a session's last scan left it: newer than the file, and no read. */
  readonly index?: LoadedCache | undefined;
  /** Resolved imports a session kept from its earlier scans: consulted before the edge store. */
  readonly kept?: ReadonlyMap<string, KeptEdges> | undefined;
}

/** What a scan writes back, decided by the scan; parts left out are already current on disk. */
export interface ScanCommit {
  readonly listings?: FolderListings | undefined;
  /** Every cacheable file's encoded imports: built only if the store must be written (it may re-read files). */
  readonly edges?: (() => ReadonlyMap<string, string>) | undefined;
  /**
   * The next index, asked for after the edges are written: a file re-read because its stored imports were gone
   * counts as a scanned file and may make the index worth rewriting.
   */
  readonly index?: () =>
    | {
        readonly entries: ReadonlyMap<string, CacheEntry>;
        readonly scanStartedAt: number;
        readonly resolutionKey: string;
      }
    | undefined;
}

/**
 * The four files of `<root>/.maestro-cache/` as one object: folder listings, the import index (stat, hash and a
 * digest of the resolved imports per file), the edge store (the imports themselves) and the last evaluation. A
 * scan loads what it needs lazily (the edge store only when an edge must be decoded), then commits once, in the
 * order that keeps a crash harmless; a damaged file is discarded with a note and rebuilt, a write that fails is a
 * note: the analysis never depends on the cache being writable.
 */
export class ProjectCache {
  readonly enabled: boolean;
  readonly #dir: string;
  readonly #notes: string[];
  readonly #kept: ReadonlyMap<string, KeptEdges> | undefined;
  #index: LoadedCache | undefined;
  #indexLoaded = false;
  #store: ReadonlyMap<string, string> | undefined;
  #edgesDirty = false;

  constructor(dir: string, options: ProjectCacheOptions) {
    this.#dir = dir;
    this.enabled = options.enabled;
    this.#notes = options.notes;
    this.#kept = options.kept;
    this.#index = options.index;
  }

  /** The stored folder listings (undefined when disabled, absent or damaged). */
  loadListings(): FolderListings | undefined {
    if (!this.enabled) return undefined;
    const stored = loadFolderListings(this.#dir);
    if (stored.warning !== undefined) this.#notes.push(stored.warning);
    return stored.listings;
  }

  /** The import index (the session's, else the file's); undefined when disabled. Read from disk once. */
  loadIndex(): LoadedCache | undefined {
    if (!this.enabled) return undefined;
    if (!this.#indexLoaded) {
      this.#index ??= loadImportCache(this.#dir);
      this.#indexLoaded = true;
      if (this.#index.warning !== undefined) this.#notes.push(this.#index.warning);
    }
    return this.#index;
  }

  /** The index's entries as loaded (empty when there is none). */
  entries(): IndexEntries {
    return this.#index?.entries ?? EMPTY_ENTRIES;
  }

  /** The index as the last commit left it on disk; undefined when that write failed (read it again next time). */
  get index(): LoadedCache | undefined {
    return this.#index;
  }

  /** The session's kept imports of `file` if they were built for `digest`. */
  keptFor(file: string, digest: string): KeptEdges | undefined {
    const kept = this.#kept?.get(file);
    return kept !== undefined && kept.digest === digest ? kept : undefined;
  }

  /**
   * The encoded imports of `file` stored for `digest`. The store is loaded on first use, and each string is
   * checked against the index's digest: a missing or damaged one answers undefined (read the file again).
   */
  storedEdges(file: string, digest: string): string | undefined {
    const kept = this.keptFor(file, digest);
    if (kept !== undefined) return kept.encoded;
    if (this.#store === undefined) {
      const loaded = loadEdgeStore(this.#dir);
      if (loaded.warning !== undefined) this.#notes.push(loaded.warning);
      this.#store = loaded.edges;
    }
    const encoded = this.#store.get(file);
    return encoded !== undefined && digestEdges(encoded) === digest ? encoded : undefined;
  }

  /** The stored edges no longer match the files' (a file's imports changed, one was re-read, one is gone). */
  markEdgesDirty(): void {
    this.#edgesDirty = true;
  }

  get edgesDirty(): boolean {
    return this.#edgesDirty;
  }

  /**
   * Writes what the scan changed: listings, then edges, then the index. Edges before the index: an index naming
   * digests the store lacks only costs re-reads, never a wrong graph.
   */
  commitScan(commit: ScanCommit): void {
    if (!this.enabled) return;
    if (commit.listings !== undefined) {
      try {
        saveFolderListings(this.#dir, commit.listings);
      } catch (error) {
        this.#notes.push(`folder cache not written (${errorMessage(error)}); analysis is unaffected`);
      }
    }
    if (commit.edges !== undefined && this.#edgesDirty) this.commitEdges(commit.edges);
    const index = commit.index?.();
    if (index !== undefined) {
      try {
        this.#index = saveImportCache(this.#dir, index.entries, index.scanStartedAt, index.resolutionKey, this.#index);
      } catch (error) {
        this.#index = undefined;
        this.#notes.push(`import cache not written (${errorMessage(error)}); analysis is unaffected`);
      }
    }
  }

  /**
   * Rewrites the edge store (also after the commit, when decoding found stored imports damaged). Clean before
   * `edges()` runs: a file it has to re-read marks the store dirty again, and the next commit repairs that too.
   */
  commitEdges(edges: () => ReadonlyMap<string, string>): void {
    if (!this.enabled) return;
    this.#edgesDirty = false;
    const encodedByFile = edges();
    try {
      saveEdgeStore(this.#dir, encodedByFile);
    } catch (error) {
      this.#notes.push(`edge cache not written (${errorMessage(error)}); analysis is unaffected`);
    }
  }

  /**
   * The stored evaluation for `key`. Its warning is returned, not noted: a report lists evaluation notes after
   * the graph's, which decoding may still add to.
   */
  loadEvaluation(key: string): LoadedEvaluation {
    return this.enabled ? loadEvaluation(this.#dir, key) : { status: 'miss' };
  }

  /** Keeps `outcome` as the evaluation for `key`; returns a note when it could not be written. */
  commitEvaluation(key: string, outcome: EvaluationOutcome): string | undefined {
    if (!this.enabled) return undefined;
    try {
      saveEvaluation(this.#dir, key, outcome);
      return undefined;
    } catch (error) {
      return `evaluation cache not written (${errorMessage(error)}); analysis is unaffected`;
    }
  }
}

const EMPTY_ENTRIES: IndexEntries = new CacheEntries(undefined);
