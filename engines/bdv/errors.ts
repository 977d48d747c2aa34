import type { ErrorInfo } from './types.js';
import { CodedError } from '../common/index.js';

/** Stable error codes of the BDV engine. */
export type BdvErrorCode =
  | 'BDV_PARSE'
  | 'BDV_FEATURE_READ'
  | 'BDV_STEP_DEFINITION'
  | 'BDV_STEPS_MODULE'
  | 'BDV_STEP_TIMEOUT'
  | 'BDV_TAG_EXPRESSION'
  | 'BDV_QUARANTINE_FILE'
  | 'BDV_WORKER';

/** Base class: every BDV error has a stable `name` and `code`, and keeps its `cause`. */
export class BdvError extends CodedError<BdvErrorCode> {
  override readonly name: string = 'BdvError';
}

/** A step definition or parameter type that cannot be registered (bad expression, bad arguments). */
export class StepDefinitionError extends BdvError {
  override readonly name = 'StepDefinitionError';
  constructor(message: string, options?: ErrorOptions) {
    super('BDV_STEP_DEFINITION', message, options);
  }
}

/** A steps module that cannot be loaded or has the wrong shape. */
export class StepsModuleError extends BdvError {
  override readonly name = 'StepsModuleError';
  constructor(message: string, options?: ErrorOptions) {
    super('BDV_STEPS_MODULE', message, options);
  }
}

/** An asynchronous step or hook that did not settle within its timeout. */
export class StepTimeoutError extends BdvError {
  override readonly name = 'StepTimeoutError';
  readonly timeoutMs: number;
  constructor(timeoutMs: number, what: string) {
    super('BDV_STEP_TIMEOUT', `${what} timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** An invalid `--tags` or hook tag expression. */
export class TagExpressionError extends BdvError {
  override readonly name = 'TagExpressionError';
  constructor(expression: string, options?: ErrorOptions) {
    super(
      'BDV_TAG_EXPRESSION',
      `invalid tag expression ${JSON.stringify(expression)}: ${messageOf(options?.cause)}`,
      options,
    );
  }
}

/** A quarantine file that cannot be read, parsed or written; the message names the file. */
export class QuarantineFileError extends BdvError {
  override readonly name = 'QuarantineFileError';
  readonly file: string;
  constructor(file: string, problem: string, options?: ErrorOptions) {
    super('BDV_QUARANTINE_FILE', `quarantine file ${file}: ${problem}`, options);
    this.file = file;
  }
}

/** A worker thread that crashed or could not start. */
export class WorkerError extends BdvError {
  override readonly name = 'WorkerError';
  constructor(message: string, options?: ErrorOptions) {
    super('BDV_WORKER', message, options);
  }
}

/** Reduces anything thrown to plain data (worker-safe, JSON-safe). */
export function toErrorInfo(thrown: unknown): ErrorInfo {
  if (thrown instanceof Error) {
    const code = (thrown as { code?: unknown }).code;
    return {
      name: thrown.name,
      message: thrown.message,
      ...(thrown.stack === undefined ? {} : { stack: thrown.stack }),
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
  return { name: 'NonError', message: messageOf(thrown) };
}

export function messageOf(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  try {
    return JSON.stringify(thrown) ?? String(thrown);
  } catch {
    return String(thrown);
  }
}

/**
 * Thrown by a step or hook to mark itself pending (as `return 'pending'` does). The Compatibility Kit and
 * Cucumber's other implementations signal pending by throwing this.
 */
export class PendingException extends Error {
  override readonly name = 'PendingException';
  constructor(message = 'TODO') {
    super(message);
  }
}

/** Thrown by a step or hook to mark itself (and the rest of its scenario) skipped, as `return 'skipped'` does. */
export class SkippedException extends Error {
  override readonly name = 'SkippedException';
  constructor(message = 'skipped') {
    super(message);
  }
}

/** `pending` / `skipped` for a thrown {@link PendingException} / {@link SkippedException} (also from another copy of this module). */
export function outcomeOfThrown(thrown: unknown): 'pending' | 'skipped' | undefined {
  if (thrown instanceof PendingException || (thrown instanceof Error && thrown.name === 'PendingException'))
    return 'pending';
  if (thrown instanceof SkippedException || (thrown instanceof Error && thrown.name === 'SkippedException'))
    return 'skipped';
  return undefined;
}
