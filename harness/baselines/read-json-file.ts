import { readFile } from 'node:fs/promises';
import { BaselineFileError, type BaselineErrorCode } from './errors.js';

/** Reads and parses a JSON file; undefined when it does not exist, an error naming it when it does not parse. */
export async function readJsonFile(path: string, code: BaselineErrorCode): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new BaselineFileError(
      code,
      path,
      `${path} is not valid JSON (truncated or corrupt); fix or delete it by hand`,
      {
        cause,
      },
    );
  }
}
