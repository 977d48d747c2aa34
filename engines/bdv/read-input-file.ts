import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { BdvError, type BdvErrorCode } from './errors.js';

/** Feature files, steps modules and quarantine files larger than this are refused rather than read. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

export interface ReadInputOptions {
  /** What the file is, for the message: `feature file`, `steps module`, `quarantine file`. */
  readonly what: string;
  readonly code: BdvErrorCode;
  readonly maxBytes?: number;
}

/**
 * Reads a whole input file, refusing anything that is not a regular file or is too large, with a message that
 * names the file and the reason. The file is opened non-blocking and checked through its descriptor, so a FIFO
 * (even one swapped in after a `stat`) never blocks the thread and `/dev/zero` is never read.
 */
export function readInputFileSync(file: string, options: ReadInputOptions): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new BdvError(options.code, `cannot read ${options.what} ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const info = fstatSync(fd);
    checkInputStats(file, info, options);
    const buffer = Buffer.allocUnsafe(info.size);
    let offset = 0;
    while (offset < info.size) {
      const read = readSync(fd, buffer, offset, info.size - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    return offset === info.size ? buffer : buffer.subarray(0, offset);
  } finally {
    closeSync(fd);
  }
}

/** Throws the {@link BdvError} `readInputFileSync` would for a file with these stats. */
export function checkInputStats(file: string, info: Stats, options: ReadInputOptions): void {
  if (!info.isFile())
    throw new BdvError(options.code, `${options.what} ${file} is not a regular file (${kindOf(info)})`);
  const limit = options.maxBytes ?? MAX_INPUT_BYTES;
  if (info.size > limit) {
    throw new BdvError(
      options.code,
      `${options.what} ${file} is ${megabytes(info.size)}, over the ${megabytes(limit)} limit for one file`,
    );
  }
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'a special file';
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export type DecodedText =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: string };

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Feature files are UTF-8 text. A UTF-16 file, a binary file or invalid UTF-8 is named as such instead of being
 * handed to the parser, whose error would quote the raw bytes.
 */
export function decodeUtf8Text(bytes: Buffer): DecodedText {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, problem: 'the file is UTF-16 encoded; Gherkin files must be UTF-8 (re-save it as UTF-8)' };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { ok: false, problem: `the file is binary (a NUL byte at offset ${nul}), not Gherkin text` };
  try {
    return { ok: true, text: UTF8.decode(bytes) };
  } catch {
    return { ok: false, problem: 'the file is not valid UTF-8 text' };
  }
}
