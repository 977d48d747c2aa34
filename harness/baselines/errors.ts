import { DataFileError } from '../files/index.js';

export type BaselineErrorCode =
  | 'E_BASELINE_CORRUPT'
  | 'E_BASELINE_LEGACY'
  | 'E_BASELINE_PART_CORRUPT'
  | 'E_BASELINE_NO_PARTS'
  | 'E_BASELINE_PARTS_MIXED';

/** A baselines file or shard part that cannot be used; the message names it and nothing overwrites it. */
export class BaselineFileError extends DataFileError<BaselineErrorCode> {
  override readonly name = 'BaselineFileError';
}

export type BaselineRefusalCode = 'E_BASELINE_DUPLICATE_RUN' | 'E_BASELINE_NEEDS_FORCE';

/** `acceptRun` declined to accept a run (already held, or failures/regressions without `force`); nothing was written. */
export class BaselineRefusedError extends Error {
  override readonly name = 'BaselineRefusedError';
  readonly code: BaselineRefusalCode;

  constructor(code: BaselineRefusalCode, message: string) {
    super(message);
    this.code = code;
  }
}
