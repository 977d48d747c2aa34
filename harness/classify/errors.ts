import { DataFileError } from '../files/index.js';

export type ResultsErrorCode = 'E_RESULT_CORRUPT' | 'E_RESULTS_DIR_MISSING';

/** A results folder or file that cannot be read; the message names the file so it can be found and removed. */
export class ResultsReadError extends DataFileError<ResultsErrorCode> {
  override readonly name = 'ResultsReadError';
}
