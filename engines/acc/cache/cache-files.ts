import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Temp file + rename in `dirname(target)`, created if needed; the temp file never outlives a failure. */
export function writeFileAtomically(target: string, text: string): void {
  mkdirSync(join(target, '..'), { recursive: true });
  const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Whether a cached stat (a file's or a folder's mtime) may be trusted without looking inside.
 * mtime has a granularity (a few ms on ext4, 1-2 s on FAT/HFS+ and some network file systems): something
 * rewritten within one tick of the run that cached it can keep its mtime. Like git's "racily clean" entries, an
 * mtime that falls within that window of the caching run's start is not trusted on stat alone.
 */
export function isStatTrusted(mtimeMs: number, cachedRunStartedAt: number): boolean {
  const window = Number.isInteger(mtimeMs) && mtimeMs % 1000 === 0 ? 2000 : 100;
  return mtimeMs < cachedRunStartedAt - window;
}
