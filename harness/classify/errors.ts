export type ResultsErrorCode = 'E_RESULT_CORRUPT' | 'E_RESULTS_DIR_MISSING';

/** A results folder or file that cannot be read; the message names the file so it can be found and removed. */
export class ResultsReadError extends Error {
  override readonly name = 'ResultsReadError';
  readonly code: ResultsErrorCode;
  readonly path: string;

  constructor(code: ResultsErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.path = path;
  }
}
