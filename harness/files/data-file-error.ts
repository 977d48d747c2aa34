import { CodedError } from '../../engines/common/index.js';

/**
 * A data file of the QA pipeline (a baseline, a test result, the run history) that cannot be used. It carries a
 * stable `code` and the file's `path`; the message names the file, and the file is never overwritten, so nothing
 * is lost. Each pipeline stage subclasses it with its own `name` and codes.
 */
export abstract class DataFileError<Code extends string> extends CodedError<Code> {
  readonly path: string;

  constructor(code: Code, path: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.path = path;
  }
}
