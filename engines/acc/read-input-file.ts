import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { errorMessage } from '../common/index.js';

/** Limits for the small files analysis reads besides sources: tsconfig, package.json, rules, cache files. */
export const CONFIG_FILE_LIMIT_BYTES = 4 * 1024 * 1024;
export const CACHE_FILE_LIMIT_BYTES = 512 * 1024 * 1024;

/** A file that is not a regular file, is too large, or cannot be opened: the message names the file and why. */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${reason}`, options);
  }
}

/**
 * Reads a file as UTF-8 after checking, on the open descriptor, that it is a regular file within `limit` bytes.
 * Opened with O_NONBLOCK so a FIFO in its place does not block `open` (where no signal can reach the process);
 * a device, socket or FIFO is refused before one byte is read, and `/dev/zero`-like inputs cannot grow memory.
 */
export function readInputFile(path: string, limit: number = CONFIG_FILE_LIMIT_BYTES): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError(path, code === 'ENOENT' ? 'no such file' : `cannot be opened (${code ?? String(error)})`, {
      cause: error,
    });
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputFileError(path, 'is a directory, not a file');
    if (!st.isFile()) {
      const kind = st.isFIFO()
        ? 'a FIFO (named pipe)'
        : st.isCharacterDevice()
          ? 'a character device'
          : st.isBlockDevice()
            ? 'a block device'
            : st.isSocket()
              ? 'a socket'
              : 'not a regular file';
      throw new InputFileError(path, `is ${kind}, not a regular file; refusing to read it`);
    }
    if (st.size > limit)
      throw new InputFileError(path, `is ${st.size} bytes, over the ${limit}-byte limit for this kind of file`);
    const buffer = Buffer.allocUnsafe(Math.min(st.size, limit) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > limit) throw new InputFileError(path, `grew past the ${limit}-byte limit while being read`);
      if (length === buffer.length) break;
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * A cache file's text: undefined (and no warning) when it does not exist; a warning naming the file and why when
 * it is not a regular file, too large or unreadable (the cache is then rebuilt, never trusted).
 */
export function readCacheFile(path: string, what: string): { text?: string; warning?: string } {
  try {
    return { text: readInputFile(path, CACHE_FILE_LIMIT_BYTES) };
  } catch (error) {
    if (error instanceof InputFileError && error.reason === 'no such file') return {};
    return { warning: `${what} not used: ${errorMessage(error)}; rebuilt` };
  }
}
