import type { Readable } from 'node:stream';

/** What `this.attach` accepts as its second argument: a media type, or a media type and a file name. */
export type AttachOptions = string | { readonly mediaType: string; readonly fileName?: string };

/** `this.attach(data, mediaTypeOrOptions)`: a string as is, a Buffer or a readable stream in base64. */
export type AttachFunction = (data: string | Uint8Array | Readable, options?: AttachOptions) => void | Promise<void>;

/** What every world receives when a scenario starts. */
export interface WorldOptions {
  /** Free-form parameters given to the run (`RunOptions.worldParameters`). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Aborted when a step of this scenario times out or the run is aborted; pass it to your I/O. */
  readonly signal: AbortSignal;
  /** Attach a note to the scenario's current step (kept in the report and the NDJSON messages). */
  readonly log: (text: string) => void;
  /** Attach data to the current step (Cucumber's `attachment` message); a stream is read to its end. */
  readonly attach: AttachFunction;
  /** Attach one or more links (`text/uri-list`). */
  readonly link: (...uris: string[]) => void;
}

/**
 * The default world: a fresh instance per scenario, shared by its hooks and steps as `this`.
 * Replace it with `setWorldConstructor(class extends World { ... })`.
 */
export class World {
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly log: (text: string) => void;
  readonly attach: AttachFunction;
  readonly link: (...uris: string[]) => void;
  readonly #options: WorldOptions;

  constructor(options: WorldOptions) {
    this.parameters = options.parameters;
    this.log = options.log;
    this.attach = options.attach;
    this.link = options.link;
    this.#options = options;
  }

  /** Read lazily: the runner only creates a scenario's AbortController when someone asks for its signal. */
  get signal(): AbortSignal {
    return this.#options.signal;
  }
}

export type WorldConstructor = new (options: WorldOptions) => object;
