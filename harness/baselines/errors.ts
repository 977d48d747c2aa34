export type BaselineErrorCode = 'E_BASELINE_CORRUPT' | 'E_BASELINE_PART_CORRUPT' | 'E_BASELINE_NO_PARTS';

/** A baselines file or shard part that cannot be used; the message names it and nothing overwrites it. */
export class BaselineFileError extends Error {
  override readonly name = 'BaselineFileError';
  readonly code: BaselineErrorCode;
  readonly path: string;

  constructor(code: BaselineErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.path = path;
  }
}
