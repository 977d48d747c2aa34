import { DataFileError } from '../files/index.js';

export type BaselineErrorCode = 'E_BASELINE_CORRUPT' | 'E_BASELINE_PART_CORRUPT' | 'E_BASELINE_NO_PARTS';

/** A baselines file or shard part that cannot be used; the message names it and nothing overwrites it. */
export class BaselineFileError extends DataFileError<BaselineErrorCode> {
  override readonly name = 'BaselineFileError';
}
