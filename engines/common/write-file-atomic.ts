import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface WriteFileAtomicOptions {
  /**
   * Flush the data to disk before the rename, so a power loss cannot leave an empty file behind the new name.
   * Costs a disk sync per write; default true.
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
 * POSIX), then is renamed over the target. The temporary file is removed when anything fails.
 */
export async function writeFileAtomic(path: string, data: string, options: WriteFileAtomicOptions = {}): Promise<void> {
  const directory = dirname(path);
  if (options.createDirectory ?? true) await mkdir(directory, { recursive: true });
  const temporary = join(directory, `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(data, 'utf8');
      if (options.fsync ?? true) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** {@link writeFileAtomic} for a JSON value, pretty-printed with a trailing newline. */
export function writeJsonAtomic(path: string, value: unknown, options?: WriteFileAtomicOptions): Promise<void> {
  return writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, options);
}
