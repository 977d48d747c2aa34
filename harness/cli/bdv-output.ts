import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/** Where `maestro bdv` writes its format: a file or stdout, written as the run goes, with backpressure. */
export interface Output {
  /** Queues text; cheap, so it can be called once per message. */
  write(text: string): void;
  /** A promise while the destination is saturated (the run waits on it between scenarios), else undefined. */
  pause(): Promise<void> | undefined;
  /** Writes what is queued and, for a file, closes it. */
  close(): Promise<void>;
}

// Messages are small; gathering them into chunks of this size makes the write calls cheap, and a file stream that
// buffers a few chunks before it asks the run to wait keeps the run from stopping for every write to finish.
const CHUNK_BYTES = 256 * 1024;
const FILE_BUFFER_BYTES = 4 * CHUNK_BYTES;

/** Bad `--output`: reported like any other bad input. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

/**
 * Opens the destination. A file is created (or replaced) before the run starts, so an unwritable `--output`
 * is reported before any scenario runs rather than after a long run.
 */
export async function openOutput(file: string | undefined, stdout: NodeJS.WritableStream): Promise<Output> {
  let stream: NodeJS.WritableStream = stdout;
  if (file !== undefined) {
    const fileStream = createWriteStream(file, { highWaterMark: FILE_BUFFER_BYTES });
    try {
      await once(fileStream, 'open');
    } catch (error) {
      throw new OutputError(`cannot write --output ${file}: ${(error as Error).message}`);
    }
    stream = fileStream;
  }
  let chunk = '';
  let saturated: Promise<void> | undefined;
  let failure: Error | undefined;
  stream.on('error', (error: Error) => {
    failure ??= error;
  });
  const flush = (): void => {
    if (chunk === '') return;
    const text = chunk;
    chunk = '';
    if (!stream.write(text) && saturated === undefined) {
      saturated = once(stream, 'drain').then(
        () => {
          saturated = undefined;
        },
        () => {
          saturated = undefined;
        },
      );
    }
  };
  return {
    write(text) {
      if (failure !== undefined) return;
      chunk += text;
      if (chunk.length >= CHUNK_BYTES) flush();
    },
    pause() {
      flush();
      return saturated;
    },
    async close() {
      flush();
      if (saturated !== undefined) await saturated;
      if (file !== undefined) {
        const finished = once(stream, 'finish');
        stream.end();
        await finished;
      }
      if (failure !== undefined) throw new OutputError(`cannot write ${file ?? 'stdout'}: ${failure.message}`);
    },
  };
}
