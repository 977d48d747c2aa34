import { CodedError } from '../common/index.js';

/** Errors of the coordinator, each with a stable `name` and `code`. */
export type CoordinatorErrorCode = 'STREAM_BAD_INPUT' | 'STREAM_DEADLINE' | 'RUN_CANCELLED' | 'COORDINATOR_CONFIG';

export class CoordinatorError extends CodedError<CoordinatorErrorCode> {
  override name: string = 'CoordinatorError';
}

/**
 * Thrown by a stream whose input is unusable (a feature file that does not parse, a workflow that does not
 * validate, a code base root that does not exist): the stream's result becomes `badInput`, not `crashed`.
 */
export class StreamInputError extends CoordinatorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STREAM_BAD_INPUT', message, options);
    this.name = 'StreamInputError';
  }
}

/** The reason a stream's signal is aborted with when its deadline passes. */
export class StreamDeadlineError extends CoordinatorError {
  constructor(message: string) {
    super('STREAM_DEADLINE', message);
    this.name = 'StreamDeadlineError';
  }
}

/** The reason a stream's signal is aborted with when the whole run is cancelled. */
export class RunCancelledError extends CoordinatorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('RUN_CANCELLED', message, options);
    this.name = 'RunCancelledError';
  }
}

/** Misuse: a stream registered under the wrong name, a non-positive deadline. */
export class CoordinatorConfigError extends CoordinatorError {
  constructor(message: string) {
    super('COORDINATOR_CONFIG', message);
    this.name = 'CoordinatorConfigError';
  }
}
