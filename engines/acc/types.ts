/** How a module reference appears in source. */
export type ImportKind = 'static' | 'reexport' | 'dynamic' | 'require' | 'reference';

/** One module reference found by the scanner, before resolution. */
export interface ImportReference {
  readonly specifier: string;
  readonly kind: ImportKind;
  /** True for `import type` / `export type ... from`: erased at compile time, still an architectural dependency. */
  readonly typeOnly: boolean;
  /** 1-based line of the specifier. */
  readonly line: number;
}

/**
 * Where a specifier led. `unresolved` is a relative or path-mapped specifier with no file behind it (a broken
 * import); `outside-root` is a relative specifier that leaves the analysed root, which the walk cannot see.
 */
export type ResolutionStatus = 'internal' | 'external' | 'builtin' | 'unresolved' | 'outside-root';

/** A resolved import edge. `to` is a root-relative POSIX path for internal edges, else the package or specifier. */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly specifier: string;
  readonly kind: ImportKind;
  readonly typeOnly: boolean;
  readonly line: number;
  readonly status: ResolutionStatus;
}

/** Why a file was not parsed. */
export type SkipReason = 'binary' | 'too-large' | 'unreadable' | 'symlink-escape' | 'symlink-duplicate';

/** A file (or directory) that was left out, with the reason; analysis continues without it. */
export interface SkippedFile {
  readonly path: string;
  readonly reason: SkipReason;
  readonly detail: string;
}

/** Work counters: they prove how much was read and parsed, which is what the incremental cache promises. */
export interface GraphCounters {
  /** Folders whose entries were read in this run (with the cache, only those whose mtime changed). */
  foldersListed: number;
  /** Source files found by the walk (parse candidates). */
  filesDiscovered: number;
  /** Source files whose bytes were read in this run. */
  filesScanned: number;
  /** Source files lexed in this run (a read whose content hash matched the cache is not re-lexed). */
  filesParsed: number;
  /** Source files whose imports came from the cache. */
  cacheHits: number;
  bytesRead: number;
  edges: number;
  internalEdges: number;
  externalEdges: number;
  unresolvedEdges: number;
  filesSkipped: number;
}

/** The import graph of a project. Paths are root-relative with `/` separators, sorted. */
export interface ImportGraph {
  readonly root: string;
  /** Parsed source files, sorted. */
  readonly files: readonly string[];
  /** Edges per source file, in source order. */
  readonly edgesByFile: ReadonlyMap<string, readonly ImportEdge[]>;
  readonly skipped: readonly SkippedFile[];
  /** Human-readable notes (corrupt cache discarded, tsconfig unreadable, ...). */
  readonly notes: readonly string[];
  readonly counters: GraphCounters;
  readonly durationMs: number;
}
