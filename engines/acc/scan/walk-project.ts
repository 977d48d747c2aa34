import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { relative, sep } from 'node:path';
import { isStatTrusted } from '../cache/index.js';
import { namesOf, newListingsId, sameListing, type FolderListing, type FolderListings } from '../cache/index.js';
import { matchGlobs } from '../rules/index.js';
import type { SkippedFile } from '../types.js';
import { errorMessage } from '../../common/index.js';

/** Extensions parsed for imports. `.d.ts` and friends end in `.ts`, so they are included. */
export const SOURCE_EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Directory names never descended into unless the caller replaces the list. */
export const DEFAULT_IGNORED_DIRECTORIES: readonly string[] = ['node_modules', '.git', '.maestro-cache'];

export interface WalkOptions {
  readonly ignoredDirectories?: readonly string[];
  /** Root-relative globs of files or directories to leave out. */
  readonly exclude?: readonly string[];
  readonly signal?: AbortSignal;
  /**
   * Stat each source file (default true). Only the cache needs size and mtime; without it the walk reports
   * size and mtime as -1 and saves one system call per file.
   */
  readonly stat?: boolean;
  /**
   * Record each folder's entries with its mtime (one stat per folder), and reuse `previous` listings whose folder
   * mtime is unchanged instead of reading the folder again. The result's `listings` holds what was recorded.
   */
  readonly listings?: { readonly previous: FolderListings | undefined; readonly startedAt: number };
  /**
   * What a file watcher reported since `since.previous` was walked with the same options (see
   * analysis-session.ts): only those folders are listed again and only those files statted again; everything
   * else is taken from the previous walk without a system call. Needs `listings`.
   */
  readonly since?: WalkChanges;
  /**
   * Called before a folder is looked at (statted or read): a watcher starts watching it there, so no later change
   * is missed. `replaced` is set inside a folder the watcher saw replaced, whose old watch is gone with it.
   */
  readonly beforeLooking?: (folderAbs: string, folderRel: string, replaced: boolean) => void;
}

/** Paths (root-relative) a watcher saw change since a walk. */
export interface WalkChanges {
  readonly previous: WalkResult;
  /** Folders with an entry added, removed or renamed. */
  readonly folders: ReadonlySet<string>;
  /** Entries written or touched (files and folders; a path may be in both sets). */
  readonly files: ReadonlySet<string>;
}

/** A parse candidate with the stat fields the cache needs. */
export interface SourceEntry {
  readonly path: string;
  readonly absolutePath: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface WalkResult {
  /** Source files, sorted by path. */
  readonly sources: SourceEntry[];
  /** Every file seen (any extension): resolution targets such as `./data.json`. */
  readonly allFiles: Set<string>;
  /**
   * Symbolic links inside the root to files or folders inside the root: link path -> target path (root-relative).
   * Not walked (the target is analysed at its own path), but an import through the link resolves to the target.
   */
  readonly symlinks: Map<string, string>;
  readonly skipped: SkippedFile[];
  /** Set when `listings` was asked for; its id is the previous one while no folder's entries changed. */
  readonly listings?: FolderListings;
  /** Folders whose entries were read (the others' came from the previous listings). */
  readonly foldersRead: number;
  /**
   * Sources a watcher saw written, or whose folder it saw replaced (`since` walks only): their content must be read
   * even if their stat matches the cache (a same-tick rewrite, or a copy that kept size and mtime).
   */
  readonly watchedChanges?: ReadonlySet<string>;
}

export function isSourceFile(path: string): boolean {
  for (let i = 0; i < SOURCE_EXTENSIONS.length; i++) if (path.endsWith(SOURCE_EXTENSIONS[i] ?? '\0')) return true;
  return false;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function isInside(realRoot: string, realTarget: string): boolean {
  const rel = relative(realRoot, realTarget);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

/**
 * Lists the files under `root`. Synchronous system calls on purpose: a walk is tens of thousands of tiny
 * calls, and a libuv thread-pool round trip costs more than each call; the caller yields between phases.
 * Symbolic links are never followed: one leading out of the root is reported as `symlink-escape`, one inside
 * is reported as `symlink-duplicate` because its target is analysed at its own path.
 */
export function walkProject(root: string, options: WalkOptions = {}): WalkResult {
  const since =
    options.since?.previous.listings !== undefined && options.listings !== undefined ? options.since : undefined;
  if (since !== undefined && since.folders.size === 0) {
    const quick = restatChangedFiles(since);
    if (quick !== undefined) return quick;
  }
  const realRoot = realpathSync(root);
  const ignored = new Set(options.ignoredDirectories ?? DEFAULT_IGNORED_DIRECTORIES);
  const excluded = options.exclude && options.exclude.length > 0 ? matchGlobs(options.exclude) : undefined;
  const sources: SourceEntry[] = [];
  const allFiles = new Set<string>();
  const symlinks = new Map<string, string>();
  const skipped: SkippedFile[] = [];
  // Folders to visit; `fresh` marks those inside a folder the watcher saw replaced, where nothing is taken
  // from the previous walk.
  const stack: string[] = [''];
  const stackFresh: boolean[] = [false];
  // Plain concatenation: path.join normalises every call, a measurable share of a 5,000-file warm walk.
  // (Windows accepts '/' inside paths, so the POSIX relative part can be appended as is.)
  const prefix = root.endsWith(sep) ? root : root + sep;

  const listingsOption = options.listings;
  const ignoredFolders = [...ignored].sort().join('/');
  // Listings recorded under another ignore list hold other folders: read everything again.
  const previous = listingsOption?.previous?.ignoredFolders === ignoredFolders ? listingsOption.previous : undefined;
  const recorded = listingsOption ? new Map<string, FolderListing>() : undefined;
  let listingsChanged = previous === undefined;
  let foldersRead = 0;
  const watchedChanges = new Set<string>();
  let previousSources: Map<string, SourceEntry> | undefined;
  /** The previous walk's stat of a file the watcher did not flag, in a folder it did not see replaced. */
  const previousSourceOf = (rel: string, fresh: boolean): SourceEntry | undefined => {
    if (since === undefined || fresh || since.files.has(rel)) return undefined;
    previousSources ??= new Map(since.previous.sources.map((s) => [s.path, s]));
    return previousSources.get(rel);
  };

  /**
   * The folder's entries: the previous walk's when the watcher saw nothing change in it; else the stored ones when
   * its mtime says nothing was added or removed; else read.
   */
  const listFolder = (dirRel: string, dirAbs: string, fresh: boolean): FolderListing => {
    const flagged = fresh || (since?.folders.has(dirRel) ?? false);
    const known = since?.previous.listings?.byFolder.get(dirRel);
    if (known !== undefined && !flagged) {
      recorded?.set(dirRel, known);
      return known;
    }
    options.beforeLooking?.(dirAbs, dirRel, fresh);
    if (recorded === undefined) {
      foldersRead++;
      return readListing(dirAbs, -1, ignored);
    }
    // Stat before reading: a change in between leaves an older mtime on record, so the next walk reads again.
    const mtimeMs = statSync(dirAbs).mtimeMs;
    const old = previous?.byFolder.get(dirRel);
    let listing: FolderListing;
    // A folder the watcher flagged is read even when its mtime looks unchanged (copies can keep mtimes).
    if (old !== undefined && !flagged && old.mtimeMs === mtimeMs && isStatTrusted(mtimeMs, previous?.listedAt ?? 0)) {
      listing = old;
    } else {
      listing = readListing(dirAbs, mtimeMs, ignored);
      foldersRead++;
      if (old === undefined || !sameListing(old, listing)) listingsChanged = true;
    }
    recorded.set(dirRel, listing);
    return listing;
  };

  while (stack.length > 0) {
    options.signal?.throwIfAborted();
    const dirRel = stack.pop() ?? '';
    const fresh = stackFresh.pop() ?? false;
    const dirAbs = dirRel === '' ? root : prefix + dirRel;
    let listing: FolderListing;
    try {
      listing = listFolder(dirRel, dirAbs, fresh);
    } catch (error) {
      skipped.push({ path: dirRel || '.', reason: 'unreadable', detail: describe(error) });
      listingsChanged = true; // an unreadable folder is not recorded, so it is read again next time
      continue;
    }
    const base = dirRel === '' ? '' : `${dirRel}/`;
    const folders = namesOf(listing.folders);
    for (let e = 0; e < folders.length; e++) {
      const rel = base + (folders[e] as string);
      if (excluded?.(rel)) continue;
      stack.push(rel);
      // A folder named in its parent's events may have been replaced: look at everything beneath it.
      stackFresh.push(fresh || (since?.files.has(rel) ?? false));
    }
    const links = namesOf(listing.links);
    for (let e = 0; e < links.length; e++) {
      const rel = base + (links[e] as string);
      if (excluded?.(rel)) continue;
      const link = classifySymlink(realRoot, prefix + rel, rel);
      skipped.push(link.skipped);
      if (link.target !== undefined) symlinks.set(rel, link.target);
    }
    const files = namesOf(listing.files);
    for (let e = 0; e < files.length; e++) {
      const rel = base + (files[e] as string);
      if (excluded?.(rel)) continue;
      allFiles.add(rel);
      if (!isSourceFile(rel)) continue;
      const unchanged = previousSourceOf(rel, fresh);
      if (unchanged !== undefined) {
        sources.push(unchanged);
        continue;
      }
      const abs = prefix + rel;
      if (options.stat === false) {
        sources.push({ path: rel, absolutePath: abs, size: -1, mtimeMs: -1 });
        continue;
      }
      try {
        const st = statSync(abs);
        sources.push({ path: rel, absolutePath: abs, size: st.size, mtimeMs: st.mtimeMs });
        if (since !== undefined && (fresh || since.files.has(rel))) watchedChanges.add(rel);
      } catch (error) {
        skipped.push({ path: rel, reason: 'unreadable', detail: describe(error) });
      }
    }
  }
  if (recorded !== undefined && previous !== undefined && recorded.size !== previous.byFolder.size)
    listingsChanged = true;
  sources.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const result = {
    sources,
    allFiles,
    symlinks,
    skipped,
    foldersRead,
    ...(since !== undefined ? { watchedChanges } : {}),
  };
  if (recorded === undefined || listingsOption === undefined) return result;
  const id = listingsChanged || previous === undefined ? newListingsId() : previous.id;
  return { ...result, listings: { id, listedAt: listingsOption.startedAt, ignoredFolders, byFolder: recorded } };
}

/**
 * The previous walk with only the changed files statted again: enough when no folder's entries changed. Falls
 * back to a walk (undefined) when a changed file is not a previous source, e.g. one that was unreadable.
 */
function restatChangedFiles(since: WalkChanges): WalkResult | undefined {
  const { previous, files } = since;
  let flaggedSources = 0;
  for (const path of files) {
    if (!previous.allFiles.has(path)) return undefined; // a folder, an ignored entry: the walk sorts it out
    if (isSourceFile(path)) flaggedSources++;
  }
  const sources: SourceEntry[] = previous.sources.slice();
  const watchedChanges = new Set<string>();
  let restatted = 0;
  for (let s = 0; s < sources.length && restatted < flaggedSources; s++) {
    const source = sources[s] as SourceEntry;
    if (!files.has(source.path)) continue;
    restatted++;
    try {
      const st = statSync(source.absolutePath);
      sources[s] = { path: source.path, absolutePath: source.absolutePath, size: st.size, mtimeMs: st.mtimeMs };
      watchedChanges.add(source.path);
    } catch {
      return undefined; // gone or unreadable: the walk reports it
    }
  }
  // A flagged source that was not a parse candidate (skipped as unreadable before) needs the walk too.
  if (restatted !== flaggedSources) return undefined;
  return {
    sources,
    allFiles: previous.allFiles,
    symlinks: previous.symlinks,
    skipped: previous.skipped,
    foldersRead: 0,
    watchedChanges,
    ...(previous.listings ? { listings: previous.listings } : {}),
  };
}

/**
 * Reads a folder's entries by kind. Ignored folders are left out, and so is anything neither file, folder nor
 * symbolic link (sockets, FIFOs).
 */
function readListing(dirAbs: string, mtimeMs: number, ignored: ReadonlySet<string>): FolderListing {
  const entries: Dirent[] = readdirSync(dirAbs, { withFileTypes: true });
  const files: string[] = [];
  const folders: string[] = [];
  const links: string[] = [];
  for (let e = 0; e < entries.length; e++) {
    const entry = entries[e] as Dirent;
    if (entry.isDirectory()) {
      if (!ignored.has(entry.name)) folders.push(entry.name);
    } else if (entry.isSymbolicLink()) links.push(entry.name);
    else if (entry.isFile()) files.push(entry.name);
  }
  return { mtimeMs, files: files.join('/'), folders: folders.join('/'), links: links.join('/') };
}

function classifySymlink(realRoot: string, abs: string, rel: string): { skipped: SkippedFile; target?: string } {
  let target: string;
  try {
    target = realpathSync(abs);
  } catch (error) {
    return {
      skipped: { path: toPosix(rel), reason: 'unreadable', detail: `dangling symbolic link: ${describe(error)}` },
    };
  }
  if (!isInside(realRoot, target)) {
    return {
      skipped: {
        path: toPosix(rel),
        reason: 'symlink-escape',
        detail: `symbolic link leads outside the analysed root (${target})`,
      },
    };
  }
  const kind = lstatSafeIsDir(target) ? 'directory' : 'file';
  const targetRel = toPosix(relative(realRoot, target));
  return {
    skipped: {
      path: toPosix(rel),
      reason: 'symlink-duplicate',
      detail: `symbolic link to a ${kind} inside the root (${targetRel}); analysed at its own path, imports through it resolve there`,
    },
    target: targetRel,
  };
}

function lstatSafeIsDir(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  return errorMessage(error);
}
