import { DataFileError } from '../files/index.js';

export type QuarantineErrorCode = 'E_QUARANTINE_INVALID' | 'E_QUARANTINE_UNREADABLE';

/** One problem in the quarantine file, located so a user can fix every one of them in one pass. */
export interface QuarantineProblem {
  /** 1-based; 0 when the problem has no position (the file as a whole). */
  line: number;
  column: number;
  /** The field in error, as `tests[2].expires`, or `(yaml)` for a syntax error. */
  field: string;
  message: string;
}

/**
 * The quarantine file cannot be used. The message lists every problem as `file:line:column field: message`, one per
 * line, and carries no stack worth reading: it is a user's input error, never a bug.
 */
export class QuarantineFileError extends DataFileError<QuarantineErrorCode> {
  override readonly name = 'QuarantineFileError';
  readonly problems: readonly QuarantineProblem[];

  constructor(
    code: QuarantineErrorCode,
    path: string,
    problems: readonly QuarantineProblem[],
    options?: { cause?: unknown },
  ) {
    const lines = problems.map((p) => `  ${path}:${p.line}:${p.column} ${p.field}: ${p.message}`);
    super(
      code,
      path,
      `quarantine file ${path} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
      options,
    );
    this.problems = problems;
  }
}
