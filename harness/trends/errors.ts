import { DataFileError } from '../files/index.js';

export type TrendsErrorCode = 'E_RUNS_FILE_CORRUPT';

/** The run history file cannot be parsed; it is left as it is so nothing is lost, and the message names it. */
export class RunHistoryError extends DataFileError<TrendsErrorCode> {
  override readonly name = 'RunHistoryError';
}
