export type ProfilingErrorCode = 'PROFILING_START_FAILED' | 'PROFILING_STOP_FAILED' | 'PROFILING_ALREADY_STOPPED' | 'PROFILING_BAD_PROFILE';

/** Recording or reading a CPU profile went wrong; `code` says which step, `cause` carries the inspector's error. */
export class ProfilingError extends Error {
  override readonly name = 'ProfilingError';
  readonly code: ProfilingErrorCode;

  constructor(code: ProfilingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
