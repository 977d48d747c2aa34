import { Readable } from 'node:stream';
import { epochNow, type RunTime } from './timing.js';
import type { Attachment } from './types.js';
import type { AttachOptions } from './world.js';

export const LOG_MEDIA_TYPE = 'text/x.cucumber.log+plain';
export const LINK_MEDIA_TYPE = 'text/uri-list';

/**
 * Collects what a step attaches. Strings are kept as text (`IDENTITY`), bytes in base64, and a stream is read to
 * its end first (so `attach` returns a promise for streams only, as in cucumber-js).
 */
export class AttachmentCollector {
  #items: Attachment[] | undefined;
  #logs: string[] | undefined;
  readonly #time: RunTime;

  constructor(time: RunTime) {
    this.#time = time;
  }

  log(text: string): void {
    const body = String(text);
    (this.#logs ??= []).push(body);
    this.#push({ body, contentEncoding: 'IDENTITY', mediaType: LOG_MEDIA_TYPE, timestamp: epochNow(this.#time) });
  }

  link(uris: readonly string[]): void {
    this.#push({
      body: uris.map(String).join('\n'),
      contentEncoding: 'IDENTITY',
      mediaType: LINK_MEDIA_TYPE,
      timestamp: epochNow(this.#time),
    });
  }

  attach(data: string | Uint8Array | Readable, options?: AttachOptions): void | Promise<void> {
    const { mediaType, fileName } =
      typeof options === 'string' || options === undefined ? { mediaType: options, fileName: undefined } : options;
    if (typeof data === 'string') {
      this.#push(
        withFileName(
          {
            body: data,
            contentEncoding: 'IDENTITY',
            mediaType: mediaType ?? 'text/plain',
            timestamp: epochNow(this.#time),
          },
          fileName,
        ),
      );
      return undefined;
    }
    if (data instanceof Uint8Array) {
      this.#push(
        withFileName(
          {
            body: Buffer.from(data).toString('base64'),
            contentEncoding: 'BASE64',
            mediaType: mediaType ?? 'application/octet-stream',
            timestamp: epochNow(this.#time),
          },
          fileName,
        ),
      );
      return undefined;
    }
    if (data instanceof Readable) {
      return readAll(data).then((bytes) => {
        this.#push(
          withFileName(
            {
              body: bytes.toString('base64'),
              contentEncoding: 'BASE64',
              mediaType: mediaType ?? 'application/octet-stream',
              timestamp: epochNow(this.#time),
            },
            fileName,
          ),
        );
      });
    }
    throw new TypeError(`attach: data must be a string, a Buffer or a readable stream, got ${typeof data}`);
  }

  /** What was collected since the last call (and resets). */
  take(): { attachments: Attachment[] | undefined; logs: string[] | undefined } {
    const taken = { attachments: this.#items, logs: this.#logs };
    this.#items = undefined;
    this.#logs = undefined;
    return taken;
  }

  #push(attachment: Attachment): void {
    (this.#items ??= []).push(attachment);
  }
}

function withFileName(attachment: Attachment, fileName: string | undefined): Attachment {
  return fileName === undefined ? attachment : { ...attachment, fileName };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}
