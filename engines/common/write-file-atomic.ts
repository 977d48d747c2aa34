import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ensureDirectory, syncDirectory } from './ensure-directory.js';

export interface WriteFileAtomicOptions {
  /**
   * Flush the data to disk before the rename and the directory after it, so a power loss can neither leave an empty
   * file behind the new name nor lose the rename itself. Costs two disk syncs per write; default true.
   */
  readonly fsync?: boolean;
  /**
   * Create the target's directory first (default true). A caller that writes often into a directory it already
   * created (e.g. a store persisting on every node completion) turns this off to save a syscall per write.
   */
  readonly createDirectory?: boolean;
}

/**
 * Writes a file so that a reader sees either the old content or the whole new one, never half: the data goes to a
 * uniquely named temporary sibling first (same directory, so the rename stays on one file system and is atomic on
 * POSIX), then is renamed over the target. The temporary file is removed when anything fails; one left by a killed
 * process carries that process's pid in its name (see {@link parseTemporaryName}).
 */
export async function writeFileAtomic(path: string, data: string, options: WriteFileAtomicOptions = {}): Promise<void> {
  const directory = dirname(path);
  const fsync = options.fsync ?? true;
  if (options.createDirectory ?? true) await ensureDirectory(directory, { fsync });
  const temporary = temporaryPathFor(path);
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(data, 'utf8');
      if (fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  if (fsync) await syncDirectory(directory);
}

const TEMPORARY_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/;

/**
 * The unique temporary sibling a write of `path` goes through: `.<name>.<pid>.<uuid>.tmp`. The writer's pid is in
 * the name so that a sweeper can tell a file left by a killed write (its process is gone) from one being written.
 */
export function temporaryPathFor(path: string, pid: number = process.pid): string {
  return join(dirname(path), `.${basename(path)}.${pid}.${randomUUID()}.tmp`);
}

/** For a file name made by {@link temporaryPathFor}: the name of the file it was writing and the writer's pid. */
export function parseTemporaryName(name: string): { readonly target: string; readonly pid: number } | undefined {
  const match = TEMPORARY_NAME.exec(name);
  if (match === null) return undefined;
  return { target: match[1] as string, pid: Number(match[2]) };
}

/** {@link writeFileAtomic} for a JSON value, pretty-printed with a trailing newline. */
export function writeJsonAtomic(path: string, value: unknown, options?: WriteFileAtomicOptions): Promise<void> {
  return writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, options);
}
