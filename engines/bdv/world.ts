/** What every world receives when a scenario starts. */
export interface WorldOptions {
  /** Free-form parameters given to the run (`RunOptions.worldParameters`). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Aborted when a step of this scenario times out or the run is aborted; pass it to your I/O. */
  readonly signal: AbortSignal;
  /** Attach a note to the scenario's current step (kept in the report and the NDJSON messages). */
  readonly log: (text: string) => void;
}

/**
 * The default world: a fresh instance per scenario, shared by its hooks and steps as `this`.
 * Replace it with `setWorldConstructor(class extends World { ... })`.
 */
export class World {
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly log: (text: string) => void;
  readonly #options: WorldOptions;

  constructor(options: WorldOptions) {
    this.parameters = options.parameters;
    this.log = options.log;
    this.#options = options;
  }

  /** Read lazily: the runner only creates a scenario's AbortController when someone asks for its signal. */
  get signal(): AbortSignal {
    return this.#options.signal;
  }
}

export type WorldConstructor = new (options: WorldOptions) => object;
