import { isStatTrusted, type CacheEntry, type IndexEntries } from '../cache/index.js';
import type { SourceEntry, WalkResult } from './walk-project.js';

/** One walked source file and what stat (and the watcher) say about it. */
export interface PlannedSource {
  readonly source: SourceEntry;
  /** The index's entry for this path, if any. */
  readonly cached: CacheEntry | undefined;
  /** Size and mtime match `cached` outside the racy window, and no watcher saw it written: not opened at all. */
  readonly trusted: boolean;
}

/*
 * Cache validity: stat first, content hash second.
 * Re-reading every file just to hash it would make a warm run cost a full read, so a file whose size and mtime
 * match its cache entry is trusted without opening it, unless its mtime is racy (see isStatTrusted): then it is
 * re-read and hashed. Only when stat differs (or is racy) is the file read; and only when the hash differs is it
 * lexed again. A touched-but-unchanged file thus costs one read and no parse. Folders work the same way one level
 * up: a folder whose mtime is unchanged lists the same entries, so its stored listing stands in for readdir.
 */

/**
 * Phase 1 of a scan, after the walk: which files must be read, from stat alone. `indexStartedAt` is when the
 * run that wrote `previous` began (its racy-stat boundary).
 */
export function planReads(walk: WalkResult, previous: IndexEntries, indexStartedAt: number): PlannedSource[] {
  const plan: PlannedSource[] = [];
  for (let s = 0; s < walk.sources.length; s++) {
    const source = walk.sources[s] as SourceEntry;
    const cached = previous.get(source.path);
    // A file the watcher saw change is read even when its stat looks unchanged.
    const trusted =
      cached !== undefined &&
      walk.watchedChanges?.has(source.path) !== true &&
      cached.size === source.size &&
      cached.mtimeMs === source.mtimeMs &&
      isStatTrusted(cached.mtimeMs, indexStartedAt);
    plan.push({ source, cached, trusted });
  }
  return plan;
}
