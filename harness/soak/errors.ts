export type SoakErrorCode = 'SOAK_BAD_DURATION' | 'SOAK_BAD_OPTION';

/** Misuse of the soak runner or its environment knobs; the message says what was given and what is accepted. */
export class SoakConfigError extends Error {
  override readonly name = 'SoakConfigError';
  readonly code: SoakErrorCode;

  constructor(code: SoakErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
