import { CodedError } from '../../engines/common/index.js';

export type ProfilingErrorCode =
  'PROFILING_START_FAILED' | 'PROFILING_STOP_FAILED' | 'PROFILING_ALREADY_STOPPED' | 'PROFILING_BAD_PROFILE';

/** Recording or reading a CPU profile went wrong; `code` says which step, `cause` carries the inspector's error. */
export class ProfilingError extends CodedError<ProfilingErrorCode> {
  override readonly name: string = 'ProfilingError';
}
