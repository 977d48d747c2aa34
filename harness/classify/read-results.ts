import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AllureResult, ResultFile } from './allure-result.js';
import { ResultsReadError } from './errors.js';

const RESULT_SUFFIX = '-result.json';

/**
 * Reads every `*-result.json` of the given results folders. A folder that does not exist is an error (a shard
 * that produced nothing must be noticed, not skipped); a file that does not parse is an error naming it.
 */
export async function readResultFiles(resultsDirs: readonly string[]): Promise<ResultFile[]> {
  const files: ResultFile[] = [];
  for (const dir of resultsDirs) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (cause) {
      throw new ResultsReadError('E_RESULTS_DIR_MISSING', dir, `results folder ${dir} cannot be read`, { cause });
    }
    for (const name of names.filter((n) => n.endsWith(RESULT_SUFFIX)).sort()) {
      const path = join(dir, name);
      files.push({ path, dir, result: parseResult(path, await readFile(path, 'utf8')) });
    }
  }
  return files;
}

function parseResult(path: string, text: string): AllureResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ResultsReadError('E_RESULT_CORRUPT', path, `Allure result ${path} is not valid JSON (truncated?)`, {
      cause,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { uuid?: unknown }).uuid !== 'string') {
    throw new ResultsReadError('E_RESULT_CORRUPT', path, `Allure result ${path} has no uuid`);
  }
  return parsed as AllureResult;
}
