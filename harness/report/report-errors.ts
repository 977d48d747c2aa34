import { CodedError } from '../../engines/common/index.js';

export type ReportErrorCode = 'NO_RESULTS' | 'GENERATE_FAILED' | 'NO_INDEX' | 'NO_REPORT';

/** A report could not be built or served; `code` says which step failed. */
export class ReportError extends CodedError<ReportErrorCode> {
  override readonly name: string = 'ReportError';
}
