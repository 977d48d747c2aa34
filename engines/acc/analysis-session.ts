import { join } from 'node:path';
import {
  reportFromScan,
  scanOptionsFor,
  type AnalyzeArchitectureOptions,
  type ArchitectureReport,
} from './analyze-architecture.js';
import { AccError } from './errors.js';
import type { KeptEdges, LoadedCache } from './cache/index.js';
import { FolderWatcher, type WalkResult, type WatchedChanges } from './scan/index.js';
import { checkedRoot, scanProject } from './scan-project.js';

/** How long `analyze()` waits for the watcher to confirm it has reported every earlier change. */
const SYNC_TIMEOUT_MS = 2_000;
/**
 * The sync cookie proves completeness only where all watches share one ordered event queue: Linux inotify.
 * Elsewhere (FSEvents, ReadDirectoryChangesW) a session still works, but every analysis checks every folder and
 * file by stat, like a plain cached run.
 */
const WATCH_EVENTS_ORDERED = process.platform === 'linux';

/**
 * A project kept under watch between analyses, for editors and `maestro analyze --watch`: the first analysis is an
 * ordinary one (walking everything, using and updating the persisted cache); each later one looks only at what
 * the file watcher reported since, instead of checking every folder and file. Close it when done: its watches
 * keep the process alive.
 */
export interface AnalysisSession {
  /**
   * Analyses the project as it is when called (every change made before the call is taken into account). Calls
   * run one after another.
   */
  analyze(): Promise<ArchitectureReport>;
  /** Resolves when the watcher has seen a change since the last analysis began (at once if it already has). */
  changed(signal?: AbortSignal): Promise<void>;
  /** Folders under watch (one watch each). */
  readonly watchedFolders: number;
  close(): void;
}

/**
 * Opens a session on `root` with fixed options. The persisted cache is required (it is what the first analysis
 * starts from and what every analysis keeps current for the next CLI run).
 */
export function openAnalysisSession(root: string, options: AnalyzeArchitectureOptions = {}): AnalysisSession {
  if (options.cache === false)
    throw new AccError('ACC_SESSION_NEEDS_CACHE', 'an analysis session needs the cache (cache: false was given)');
  const absRoot = checkedRoot(root);
  const scanOptions = scanOptionsFor(options);
  const watcher = new FolderWatcher(options.cacheDir ?? join(absRoot, '.maestro-cache'));
  let lastWalk: WalkResult | undefined;
  let kept = new Map<string, KeptEdges>();
  let index: LoadedCache | undefined;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  const analyzeNow = async (): Promise<ArchitectureReport> => {
    if (closed) throw new AccError('ACC_SESSION_CLOSED', 'the analysis session is closed');
    const started = performance.now();
    const notes: string[] = [];
    let changes: WatchedChanges | undefined;
    if (lastWalk !== undefined && !WATCH_EVENTS_ORDERED) {
      lastWalk = undefined;
      watcher.take();
      notes.push(
        `file watch events are not known to arrive in order on ${process.platform}; every folder and file was checked`,
      );
    } else if (lastWalk !== undefined) {
      const synced = await watcher.sync(SYNC_TIMEOUT_MS);
      changes = watcher.take();
      if (!synced)
        notes.push(
          `the file watcher did not confirm its events within ${SYNC_TIMEOUT_MS} ms; every folder and file was checked`,
        );
      else if (changes.lost !== undefined) notes.push(`${changes.lost}; every folder and file was checked`);
      if (!synced || changes.lost !== undefined) {
        // Start over: a full walk, with every folder watched afresh (a lost event may hide a replaced folder).
        lastWalk = undefined;
        watcher.keepOnly(new Set());
      }
    }
    const since =
      lastWalk !== undefined && changes !== undefined
        ? { previous: lastWalk, folders: changes.folders, files: changes.files }
        : undefined;
    try {
      const scan = await scanProject(absRoot, scanOptions, {
        since,
        beforeLooking: (folderAbs, folderRel, replaced) => watcher.watchFolder(folderAbs, folderRel, replaced),
        kept,
        ...(index !== undefined && lastWalk !== undefined ? { index } : {}),
      });
      index = scan.index;
      lastWalk = scan.walk;
      if (scan.walk.listings !== undefined) watcher.keepOnly(scan.walk.listings.byFolder);
      const report = reportFromScan(scan, options, started);
      kept = scan.keptEdges(); // after the report: its evaluation may have decoded every file's edges
      return notes.length === 0 ? report : { ...report, notes: [...notes, ...report.notes] };
    } catch (error) {
      // What was taken is not lost: the next analysis looks at it again, or at everything if this walk was partial.
      if (changes !== undefined) watcher.restore(changes);
      lastWalk = undefined;
      index = undefined;
      throw error;
    }
  };

  return {
    analyze(): Promise<ArchitectureReport> {
      const run = queue.then(analyzeNow);
      queue = run.catch(() => undefined);
      return run;
    },
    async changed(signal?: AbortSignal): Promise<void> {
      if (closed) throw new AccError('ACC_SESSION_CLOSED', 'the analysis session is closed');
      await watcher.changed(signal);
      if (closed) throw new AccError('ACC_SESSION_CLOSED', 'the analysis session is closed');
    },
    get watchedFolders(): number {
      return watcher.watchedFolders;
    },
    close(): void {
      closed = true;
      watcher.close();
    },
  };
}
