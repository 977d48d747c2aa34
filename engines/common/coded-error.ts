/**
 * An error with a stable, machine-readable `code` next to its message and `cause`. Each engine (and harness
 * concern) derives its own base with its own `name` and code union, so callers can match on either.
 */
export abstract class CodedError<Code extends string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
