import { mkdir, open, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export interface EnsureDirectoryOptions {
  /** Flush the parent of each directory created, so the new directories survive a power loss. Default false. */
  readonly fsync?: boolean;
}

/**
 * `mkdir -p` that reports the real cause. Node's `mkdir(path, { recursive: true })` turns every error but a few
 * into the result of a `stat` of the target, so a read-only file system (EROFS) or a full quota (EDQUOT) comes out as
 * ENOENT; and where `mkdir` answers ENOENT although the parent exists (under /proc), it retries forever. Here each
 * level is made with a plain `mkdir`, whose error is passed on as the kernel gave it. Returns the directories it
 * created, outermost first.
 */
export async function ensureDirectory(path: string, options: EnsureDirectoryOptions = {}): Promise<string[]> {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    try {
      await mkdir(current);
      missing.push(current);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && (await isDirectory(current))) break;
      const parent = dirname(current);
      // ENOENT with the parent in place is the real answer, not a missing level.
      if (code !== 'ENOENT' || parent === current || (await isDirectory(parent))) throw error;
      missing.push(current);
      current = parent;
    }
  }
  const created: string[] = [];
  for (const directory of missing.reverse()) {
    if (directory !== current) {
      try {
        await mkdir(directory);
      } catch (error) {
        // Made meanwhile by a concurrent writer: fine, as long as it is a directory.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await isDirectory(directory))) throw error;
        continue;
      }
    }
    created.push(directory);
  }
  if (options.fsync === true) for (const directory of created) await syncDirectory(dirname(directory));
  return created;
}

/**
 * Flushes a directory's entries (a rename or a new file in it) to disk. A no-op where directories cannot be opened
 * for syncing (Windows), where the data is safe once the call returns anyway.
 */
export async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, 'r');
  } catch (error) {
    if (['EISDIR', 'EPERM', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!['EINVAL', 'ENOTSUP', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
