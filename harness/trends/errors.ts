export type TrendsErrorCode = 'E_RUNS_FILE_CORRUPT';

/** The run history file cannot be parsed; it is left as it is so nothing is lost, and the message names it. */
export class RunHistoryError extends Error {
  override readonly name = 'RunHistoryError';
  readonly code: TrendsErrorCode;
  readonly path: string;

  constructor(code: TrendsErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.path = path;
  }
}
