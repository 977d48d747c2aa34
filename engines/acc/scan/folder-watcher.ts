import { mkdirSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { basename, join } from 'node:path';
import { errorMessage } from '../../common/index.js';

/** What the watcher saw since the last `take()`; paths are root-relative, `''` is the root. */
export interface WatchedChanges {
  /** Folders with an entry added, removed or renamed. */
  readonly folders: Set<string>;
  /** Entries written, touched, added, removed or renamed (files and folders). */
  readonly files: Set<string>;
  /**
   * Why events may have been lost (a watch failed or could not be set up); undefined when none can have been.
   * The next walk must then look at everything.
   */
  readonly lost: string | undefined;
}

const COOKIE_PREFIX = '.maestro-cookie-';

/**
 * Watches the folders a walk visits, one non-recursive `fs.watch` per folder, and records which paths changed.
 *
 * Why not a watcher library: the session must know that every change made before `analyze()` was called has
 * been reported, or it would analyse stale files. On Linux every `fs.watch` of a process shares one inotify
 * queue, read in order, so a "cookie" file written into a watched folder and seen coming back proves every
 * earlier event has been delivered (watchman syncs queries the same way). The libraries of this field
 * (chokidar, @parcel/watcher) put their own processing (stats, batching) between the kernel's event and the
 * callback and do not promise that order; and the folders to watch are already known from the walk.
 */
export class FolderWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private cookieWatcher: FSWatcher | undefined;
  private cookieFolderGone = false;
  private readonly cookieWaiters = new Map<string, (delivered: boolean) => void>();
  private readonly changeWaiters = new Set<() => void>();
  private cookies = 0;
  private changes: { folders: Set<string>; files: Set<string>; lost: string | undefined } = {
    folders: new Set(),
    files: new Set(),
    lost: undefined,
  };
  private closed = false;

  /** @param cookieFolder a folder of this process's own (the cache folder), where sync cookies are written */
  constructor(private readonly cookieFolder: string) {
    this.watchCookieFolder();
  }

  /** (Re)creates the cookie folder and its watch: the folder may have been deleted (deleting the cache is safe). */
  private watchCookieFolder(): void {
    this.cookieWatcher?.close();
    mkdirSync(this.cookieFolder, { recursive: true });
    const self = basename(this.cookieFolder);
    this.cookieFolderGone = false;
    const watcher = watch(this.cookieFolder, (_event, name) => {
      if (name === self) {
        // the folder itself was removed: this watch is dead, and so are the cookies it waits for
        this.cookieFolderGone = true;
        for (const settle of this.cookieWaiters.values()) settle(false);
      } else if (name !== null) {
        this.cookieWaiters.get(name)?.(true);
      }
    });
    // A failed cookie watch only means the next sync times out and starts a new one.
    watcher.on('error', () => watcher.close());
    this.cookieWatcher = watcher;
  }

  /** Starts watching a folder; `renew` replaces an existing watch (its folder may have been replaced). */
  watchFolder(folderAbs: string, folderRel: string, renew: boolean): void {
    if (this.closed) return;
    const existing = this.watchers.get(folderRel);
    if (existing !== undefined) {
      if (!renew) return;
      existing.close();
      this.watchers.delete(folderRel);
    }
    let watcher: FSWatcher;
    try {
      watcher = watch(folderAbs, (event, name) => this.record(folderRel, event, name));
    } catch (error) {
      this.lose(`could not watch ${folderRel || '.'} (${errorMessage(error)})`);
      return;
    }
    watcher.on('error', (error) => {
      watcher.close();
      if (this.watchers.get(folderRel) === watcher) this.watchers.delete(folderRel);
      this.lose(`the watch of ${folderRel || '.'} failed (${errorMessage(error)})`);
    });
    this.watchers.set(folderRel, watcher);
  }

  /** Stops watching folders that are no longer in the project. */
  keepOnly(folders: ReadonlySet<string> | ReadonlyMap<string, unknown>): void {
    for (const [folder, watcher] of this.watchers) {
      if (folders.has(folder)) continue;
      watcher.close();
      this.watchers.delete(folder);
    }
  }

  get watchedFolders(): number {
    return this.watchers.size;
  }

  /** Returns what was seen since the last call and starts a new record. */
  take(): WatchedChanges {
    const taken = this.changes;
    this.changes = { folders: new Set(), files: new Set(), lost: undefined };
    return taken;
  }

  /** Puts changes back (an analysis that failed after taking them), so the next one sees them. */
  restore(changes: WatchedChanges): void {
    for (const folder of changes.folders) this.changes.folders.add(folder);
    for (const file of changes.files) this.changes.files.add(file);
    this.changes.lost ??= changes.lost;
  }

  /**
   * Resolves once every change made before the call has been recorded: writes a cookie into the cookie folder
   * and waits for its event, which the shared queue delivers after all earlier ones. False when it did not come
   * back within `timeoutMs` (then the record cannot be trusted to be complete).
   */
  async sync(timeoutMs: number): Promise<boolean> {
    if (this.closed) return false;
    if (!this.cookieFolderGone && (await this.roundTrip(timeoutMs))) return true;
    // The cookie folder or its watch is gone (the cache was deleted): watch it afresh and try once more. The
    // project's own watches are untouched, and the new watch shares their queue.
    try {
      this.watchCookieFolder();
    } catch {
      return false;
    }
    return this.roundTrip(timeoutMs);
  }

  /** Writes one cookie and waits for its event; false on a write error or a timeout. */
  private async roundTrip(timeoutMs: number): Promise<boolean> {
    const name = `${COOKIE_PREFIX}${process.pid}-${++this.cookies}`;
    const path = join(this.cookieFolder, name);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<boolean>((resolve) => {
        this.cookieWaiters.set(name, resolve);
        timer = setTimeout(() => resolve(false), timeoutMs);
        try {
          writeFileSync(path, '');
        } catch {
          resolve(false);
        }
      });
    } finally {
      clearTimeout(timer);
      this.cookieWaiters.delete(name);
      rmSync(path, { force: true });
    }
  }

  /** Resolves when a change is pending (at once if one already is); rejects when `signal` aborts. */
  async changed(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.hasChanges()) return;
    let wake: (() => void) | undefined;
    let onAbort: (() => void) | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        wake = resolve;
        this.changeWaiters.add(resolve);
        onAbort = () => reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    } finally {
      if (wake !== undefined) this.changeWaiters.delete(wake);
      if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Closes every watch; pending `changed()` calls resolve (the caller sees the session closed). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    this.cookieWatcher?.close();
    for (const settle of this.cookieWaiters.values()) settle(false);
    for (const wake of this.changeWaiters) wake();
    this.changeWaiters.clear();
  }

  private hasChanges(): boolean {
    return this.changes.files.size > 0 || this.changes.folders.size > 0 || this.changes.lost !== undefined;
  }

  private record(folderRel: string, event: string, name: string | null): void {
    if (name === null) {
      this.changes.folders.add(folderRel); // no name given: anything in the folder may have changed
    } else {
      if (event === 'rename') this.changes.folders.add(folderRel);
      this.changes.files.add(folderRel === '' ? name : `${folderRel}/${name}`);
    }
    this.notify();
  }

  private lose(reason: string): void {
    this.changes.lost ??= reason;
    this.notify();
  }

  private notify(): void {
    for (const wake of this.changeWaiters) wake();
    this.changeWaiters.clear();
  }
}
