import { CodedError } from '../../engines/common/index.js';

export type SoakErrorCode = 'SOAK_BAD_DURATION' | 'SOAK_BAD_OPTION';

/** Misuse of the soak runner or its environment knobs; the message says what was given and what is accepted. */
export class SoakConfigError extends CodedError<SoakErrorCode> {
  override readonly name: string = 'SoakConfigError';
}
