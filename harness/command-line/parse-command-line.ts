import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command-io.js';

/**
 * `node:util` parseArgs, with its errors (unknown option, missing value, positional where none is allowed) turned
 * into a UsageError, so every command reports a bad command line the same way: one line and exit 2.
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (error instanceof TypeError && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_'))
      throw new UsageError(error.message);
    throw error;
  }
}
