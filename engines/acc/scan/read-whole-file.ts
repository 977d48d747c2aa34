import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const INITIAL_BYTES = 64 * 1024;

/**
 * Reads files whole into one buffer reused from file to file. `readFileSync` allocates a buffer per file and asks
 * the file system for its size first (an fstat per file); a walk over thousands of small modules needs neither.
 */
export class WholeFileReader {
  private buffer = Buffer.allocUnsafe(INITIAL_BYTES);

  /**
   * The file's bytes, valid only until the next call; or, when it holds more than `limit` bytes, its size (then
   * exactly `limit + 1` bytes were read). Throws what `openSync`/`readSync` throw.
   */
  read(path: string, limit: number): Buffer | number {
    const cap = limit + 1; // one byte past the limit is enough to know the file is too large
    const fd = openSync(path, 'r');
    try {
      let length = 0;
      for (;;) {
        if (length === this.buffer.length) {
          const bigger = Buffer.allocUnsafe(Math.min(this.buffer.length * 2, cap));
          this.buffer.copy(bigger, 0, 0, length);
          this.buffer = bigger;
        }
        const n = readSync(fd, this.buffer, length, Math.min(this.buffer.length, cap) - length, null);
        if (n === 0) return this.buffer.subarray(0, length);
        length += n;
        if (length > limit) return fstatSync(fd).size;
      }
    } finally {
      closeSync(fd);
    }
  }
}
