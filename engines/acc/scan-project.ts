import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ProjectCache, type KeptEdges, type LoadedCache } from './cache/index.js';
import { RootNotFoundError } from './errors.js';
import {
  computeResolutionKey,
  createResolutionHost,
  EdgeResolver,
  ImportResolver,
  ProjectConfigs,
} from './resolve/index.js';
import {
  planReads,
  readChangedSources,
  rereadImports,
  walkProject,
  type WalkChanges,
  type WalkResult,
} from './scan/index.js';
import { ScannedFiles } from './scanned-files.js';
import type { GraphCounters, ImportEdge, SkippedFile } from './types.js';

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
export const NO_TSCONFIG = '(no tsconfig: TypeScript defaults, moduleResolution node10)';

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
  /** The project's cache files, for the evaluation that follows the scan (disabled with `cache: false`). */
  readonly cache: ProjectCache;
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

export type { KeptEdges } from './cache/index.js';

function emptyCounters(): GraphCounters {
  return {
    foldersListed: 0,
    filesDiscovered: 0,
    filesScanned: 0,
    filesParsed: 0,
    cacheHits: 0,
    bytesRead: 0,
    edges: 0,
    internalEdges: 0,
    externalEdges: 0,
    unresolvedEdges: 0,
    filesSkipped: 0,
  };
}

/** `root` as an absolute path; RootNotFoundError unless it is a folder. */
export function checkedRoot(root: string): string {
  const absRoot = resolve(root);
  try {
    if (!statSync(absRoot).isDirectory()) throw new Error('not a directory');
  } catch (error) {
    throw new RootNotFoundError(absRoot, error);
  }
  return absRoot;
}

/** Which tsconfig each parsed file resolves with, counted, sorted by file. */
function tsconfigUses(files: readonly string[], configs: ProjectConfigs): TsconfigUse[] {
  const uses = new Map<string, number>();
  for (let i = 0; i < files.length; i++) {
    const key = configs.configFor(files[i] ?? '')?.file ?? NO_TSCONFIG;
    uses.set(key, (uses.get(key) ?? 0) + 1);
  }
  return [...uses]
    .map(([file, n]) => ({ file, files: n }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/**
 * Scans a project in four phases over one ProjectCache: walk and plan from stat (or from the watcher's report),
 * read and lex the changed files (resolving each right after its read), resolve what the cache cannot vouch
 * for, persist. Reads once per changed file, lexes by hand, resolves in memory.
 */
export async function scanProject(
  root: string,
  options: BuildImportGraphOptions = {},
  watch?: ScanWatch,
): Promise<ProjectScan> {
  const absRoot = checkedRoot(root);
  const useCache = options.cache ?? true;
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const notes: string[] = [];
  const counters = emptyCounters();
  const cache = new ProjectCache(options.cacheDir ?? join(absRoot, '.maestro-cache'), {
    enabled: useCache,
    notes,
    index: watch?.index,
    kept: watch?.kept,
  });

  // Phase 1: walk and plan. The racy-stat boundary for everything this run records is taken before any folder or
  // file is looked at; a session's own last walk is newer than the listings on disk.
  const scanStartedAt = (options.now ?? Date.now)();
  const previousListings = watch?.since !== undefined ? watch.since.previous.listings : cache.loadListings();
  const walk = walkProject(absRoot, {
    ...(options.ignoredDirectories ? { ignoredDirectories: options.ignoredDirectories } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    stat: useCache,
    ...(useCache ? { listings: { previous: previousListings, startedAt: scanStartedAt } } : {}),
    ...(watch?.since !== undefined ? { since: watch.since } : {}),
    ...(watch !== undefined ? { beforeLooking: watch.beforeLooking } : {}),
  });
  const skipped: SkippedFile[] = [...walk.skipped];
  counters.foldersListed = walk.foldersRead;
  counters.filesDiscovered = walk.sources.length;
  const index = cache.loadIndex();
  const previous = cache.entries();
  const plan = planReads(walk, previous, index?.scanStartedAt ?? 0);

  const configs = new ProjectConfigs(absRoot, options.tsconfig);
  const host = createResolutionHost(absRoot, walk);
  const resolutionKey =
    useCache && walk.listings !== undefined
      ? computeResolutionKey({
          absRoot,
          listingsId: walk.listings.id,
          allFiles: walk.allFiles,
          ignoredDirectories: options.ignoredDirectories,
          exclude: options.exclude,
          tsconfig: options.tsconfig,
        })
      : '';
  // Resolution as last time: an unchanged file's cached edges stand, still encoded.
  const reuseResolutions = index !== undefined && index.resolutionKey === resolutionKey;
  const table = new ScannedFiles({
    cache,
    counters,
    notes,
    edges: new EdgeResolver(new ImportResolver(host, configs, absRoot), walk.sources, useCache),
    reread: (file) => rereadImports(join(absRoot, file), file, counters, notes),
  });

  // Phase 2: read and lex what stat could not vouch for.
  await readChangedSources(
    plan,
    { maxBytes, hashContent: useCache, signal: options.signal, counters, skipped },
    {
      unchanged: (source, cached, hash) => table.addUnchanged(source, cached, hash),
      lexed: (source, hash, imports) => table.addLexed(source, hash, imports),
    },
  );

  // Phase 3: resolve (or reuse) every file's imports into its digest.
  const { entries, fingerprint } = table.settle(previous, reuseResolutions);

  // Phase 4: persist what changed.
  cache.commitScan({
    listings:
      walk.listings !== undefined && (walk.foldersRead > 0 || walk.listings.id !== previousListings?.id)
        ? walk.listings
        : undefined,
    edges: () => table.encodedEdges(),
    // Nothing read, nothing removed, same file set: the stored index is already exact, so skip rewriting it.
    index: () =>
      counters.filesScanned > 0 || !reuseResolutions || previous.size !== entries.size
        ? { entries, scanStartedAt, resolutionKey }
        : undefined,
  });
  counters.filesSkipped = skipped.length;
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const files = table.files;
  const tsconfigs = tsconfigUses(files, configs);
  table.noteRelexed();
  notes.push(...configs.notes, ...host.notes);
  return {
    root: absRoot,
    files,
    counters,
    skipped,
    notes,
    fingerprint: useCache ? createHash('sha1').update(fingerprint.join('\n')).digest('hex') : '',
    materializeEdges: () => table.materializeEdges(),
    walk,
    keptEdges: () => table.keptEdges(),
    index: cache.index,
    cache,
    tsconfigs,
  };
}
