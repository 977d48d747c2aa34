export type ReportErrorCode = 'NO_RESULTS' | 'GENERATE_FAILED' | 'NO_INDEX' | 'NO_REPORT';

/** A report could not be built or served; `code` says which step failed. */
export class ReportError extends Error {
  override readonly name = 'ReportError';
  readonly code: ReportErrorCode;

  constructor(code: ReportErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
