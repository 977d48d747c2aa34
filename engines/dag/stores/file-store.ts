import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../common/index.js';
import { ContextStoreCorruptError } from '../errors.js';
import type { ContextStore, ExecutionSnapshot } from './context-store.js';
import { parseSnapshot } from './parse-snapshot.js';

export interface FileContextStoreOptions {
  /** Directory holding one `<executionId>.json` per execution; created on first save. */
  readonly directory: string;
  /**
   * fsync each file before the rename that publishes it (default true). A SIGKILL cannot lose a renamed file even
   * without it (the page cache survives the process); fsync also covers power loss, at a cost per save.
   */
  readonly fsync?: boolean;
}

const EXECUTION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SUFFIX = '.json';

/**
 * The embedded durable store: JSON files written atomically (a unique temp file, then rename over the old one),
 * so a reader or a restart sees the previous or the next snapshot, never half of one. Values must be JSON
 * values. A file that does not parse or has the wrong shape raises a ContextStoreCorruptError naming it and is
 * left in place for inspection.
 */
export class FileContextStore implements ContextStore {
  readonly directory: string;
  private readonly fsync: boolean;
  private created: Promise<unknown> | undefined;

  constructor(options: FileContextStoreOptions) {
    this.directory = options.directory;
    this.fsync = options.fsync ?? true;
  }

  /** The file an execution is stored in. */
  pathOf(executionId: string): string {
    if (!EXECUTION_ID.test(executionId)) {
      throw new TypeError(`execution id ${JSON.stringify(executionId)} cannot name a file (use letters, digits, ".", "_", "-")`);
    }
    return join(this.directory, executionId + SUFFIX);
  }

  async save(snapshot: ExecutionSnapshot): Promise<void> {
    const target = this.pathOf(snapshot.executionId);
    const text = JSON.stringify(snapshot);
    this.created ??= mkdir(this.directory, { recursive: true }).catch((error: unknown) => {
      this.created = undefined; // let the next save try again
      throw error;
    });
    await this.created;
    await writeFileAtomic(target, text, { fsync: this.fsync, createDirectory: false });
  }

  async load(executionId: string): Promise<ExecutionSnapshot | undefined> {
    const path = this.pathOf(executionId);
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
      const reason = text.length === 0 ? 'the file is empty' : `invalid JSON (${(error as Error).message}; ${text.length} bytes)`;
      throw new ContextStoreCorruptError(path, reason, { cause: error });
    }
    const snapshot = parseSnapshot(data, path);
    if (snapshot.executionId !== executionId) {
      throw new ContextStoreCorruptError(path, `it holds execution "${snapshot.executionId}"`);
    }
    return snapshot;
  }

  async list(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names.filter((name) => name.endsWith(SUFFIX)).map((name) => name.slice(0, -SUFFIX.length));
  }

  async delete(executionId: string): Promise<void> {
    await rm(this.pathOf(executionId), { force: true });
  }
}
