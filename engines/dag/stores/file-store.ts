import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureDirectory, parseTemporaryName, writeFileAtomic } from '../../common/index.js';
import { ContextStoreCorruptError } from '../errors.js';
import type { ContextStore, ExecutionSnapshot } from './context-store.js';
import { parseSnapshot } from './parse-snapshot.js';

export interface FileContextStoreOptions {
  /** Directory holding one `<executionId>.json` per execution; created on first save. */
  readonly directory: string;
  /**
   * fsync each file before the rename that publishes it, and the directory after it (default true). A SIGKILL cannot
   * lose a renamed file even without it (the page cache survives the process); fsync also covers power loss, at a
   * cost per save.
   */
  readonly fsync?: boolean;
}

/**
 * A temporary file whose writer is alive is left alone unless it is older than this: a write takes milliseconds,
 * so such a file belongs to a process that died and whose pid was reused (or to another machine sharing the folder).
 */
const ABANDONED_AFTER_MS = 10 * 60_000;

const EXECUTION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SUFFIX = '.json';

/**
 * The embedded durable store: JSON files written atomically (a unique temp file, then rename over the old one),
 * so a reader or a restart sees the previous or the next snapshot, never half of one. Values must be JSON
 * values. A file that does not parse or has the wrong shape raises a ContextStoreCorruptError naming it and is
 * left in place for inspection.
 *
 * A write killed mid-way leaves its temporary file (`.<id>.json.<pid>.<uuid>.tmp`). The store removes those whose
 * writer is gone when it is opened (its first operation) and an execution's own in `delete()`. A directory that
 * cannot be created is reported with the system's own cause (EROFS for a read-only file system, EACCES, ENOTDIR).
 */
export class FileContextStore implements ContextStore {
  readonly directory: string;
  private readonly fsync: boolean;
  private created: Promise<unknown> | undefined;
  private opened: Promise<unknown> | undefined;

  constructor(options: FileContextStoreOptions) {
    this.directory = options.directory;
    this.fsync = options.fsync ?? true;
  }

  /** The file an execution is stored in. */
  pathOf(executionId: string): string {
    if (!EXECUTION_ID.test(executionId)) {
      throw new TypeError(
        `execution id ${JSON.stringify(executionId)} cannot name a file (use letters, digits, ".", "_", "-")`,
      );
    }
    return join(this.directory, executionId + SUFFIX);
  }

  async save(snapshot: ExecutionSnapshot): Promise<void> {
    const target = this.pathOf(snapshot.executionId);
    const text = JSON.stringify(snapshot);
    this.created ??= ensureDirectory(this.directory, { fsync: this.fsync }).catch((error: unknown) => {
      this.created = undefined; // let the next save try again
      throw error;
    });
    await this.created;
    await this.open();
    await writeFileAtomic(target, text, { fsync: this.fsync, createDirectory: false });
  }

  async load(executionId: string): Promise<ExecutionSnapshot | undefined> {
    const path = this.pathOf(executionId);
    await this.open();
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      const reason =
        text.length === 0 ? 'the file is empty' : `invalid JSON (${(error as Error).message}; ${text.length} bytes)`;
      throw new ContextStoreCorruptError(path, reason, { cause: error });
    }
    const snapshot = parseSnapshot(data, path);
    if (snapshot.executionId !== executionId) {
      throw new ContextStoreCorruptError(path, `it holds execution "${snapshot.executionId}"`);
    }
    return snapshot;
  }

  async list(): Promise<string[]> {
    await this.open();
    return (await this.names())
      .filter((name) => name.endsWith(SUFFIX) && !name.startsWith('.'))
      .map((name) => name.slice(0, -SUFFIX.length));
  }

  /** Removes the execution's file and the temporary files its killed writes left. */
  async delete(executionId: string): Promise<void> {
    await rm(this.pathOf(executionId), { force: true });
    await this.removeAbandonedWrites(executionId);
  }

  /**
   * Removes temporary files of killed writes (of one execution, or of all): those whose writer's process is gone, or
   * that are older than any write takes. Returns their names. Never fails a caller: a file that cannot be removed
   * (read-only folder, a concurrent sweep) is left for the next time.
   */
  async removeAbandonedWrites(executionId?: string): Promise<string[]> {
    const removed: string[] = [];
    for (const name of await this.names().catch(() => [])) {
      const temporary = parseTemporaryName(name);
      if (temporary === undefined || !temporary.target.endsWith(SUFFIX)) continue;
      if (executionId !== undefined && temporary.target !== executionId + SUFFIX) continue;
      const path = join(this.directory, name);
      try {
        if (isProcessAlive(temporary.pid) && Date.now() - (await stat(path)).mtimeMs < ABANDONED_AFTER_MS) continue;
        await rm(path, { force: true });
        removed.push(name);
      } catch {
        // gone already, or not ours to remove: the next sweep tries again
      }
    }
    return removed;
  }

  /** The store's first operation sweeps what killed writes left behind. */
  private open(): Promise<unknown> {
    this.opened ??= this.removeAbandonedWrites();
    return this.opened;
  }

  private async names(): Promise<string[]> {
    try {
      return await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}

/** Signal 0 checks that a process exists without touching it; EPERM means it exists under another user. */
function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
