import { CodedError } from '../common/index.js';

/** A problem in an architecture rules file, with its position. Lines and columns are 1-based. */
export interface RulesIssue {
  readonly line: number;
  readonly column: number;
  /** Dotted path of the offending field, e.g. `rules[2].severity`. */
  readonly field: string;
  readonly message: string;
}

/** Stable error codes for the ACC engine. */
export type AccErrorCode =
  'ACC_RULES_INVALID' | 'ACC_ROOT_NOT_FOUND' | 'ACC_ABORTED' | 'ACC_SESSION_CLOSED' | 'ACC_SESSION_NEEDS_CACHE';

/** Base class: carries a stable `name` and `code` so callers can classify without parsing messages. */
export class AccError extends CodedError<AccErrorCode> {
  override readonly name: string = 'AccError';
}

/** The rules file is not valid YAML or does not match the schema; every issue is listed, not only the first. */
export class RulesValidationError extends AccError {
  override readonly name = 'RulesValidationError';
  readonly issues: readonly RulesIssue[];
  readonly source: string;

  constructor(source: string, issues: readonly RulesIssue[]) {
    super(
      'ACC_RULES_INVALID',
      `${source}: ${issues.length} problem(s) in architecture rules\n` +
        issues.map((i) => `  ${source}:${i.line}:${i.column} ${i.field}: ${i.message}`).join('\n'),
    );
    this.issues = issues;
    this.source = source;
  }
}

/** The analysed root does not exist or is not a directory. */
export class RootNotFoundError extends AccError {
  override readonly name = 'RootNotFoundError';

  constructor(root: string, cause?: unknown) {
    super('ACC_ROOT_NOT_FOUND', `analysis root not found or not a directory: ${root}`, { cause });
  }
}
