import { writeFileAtomic } from '../../engines/common/index.js';
import { BaselineFileError } from './errors.js';
import { readJsonFile } from './read-json-file.js';
import { baselineFileSchema, describeIssues } from './schema.js';
import type { BaselineFile } from './types.js';

/**
 * Reads the baselines file; undefined if it does not exist yet. Content that does not match the schema (a
 * sample of the wrong type, a `keep` that is not a positive integer, a truncated file) is an error naming the
 * file and the field, and the file is left as it is.
 */
export async function readBaselineFile(path: string): Promise<BaselineFile | undefined> {
  const value = await readJsonFile(path, 'E_BASELINE_CORRUPT');
  if (value === undefined) return undefined;
  if ((value as { schemaVersion?: unknown } | null)?.schemaVersion === 1) {
    throw new BaselineFileError(
      'E_BASELINE_LEGACY',
      path,
      `baselines ${path} is a schemaVersion 1 file (wall time divided by a calibration, no run context): it cannot be judged against. Move it away and accept three new runs with npm run baseline:update`,
    );
  }
  const parsed = baselineFileSchema.safeParse(value);
  if (!parsed.success)
    throw new BaselineFileError(
      'E_BASELINE_CORRUPT',
      path,
      `baselines ${path} is not a valid baselines file: ${describeIssues(parsed.error)}; fix or delete it by hand`,
    );
  return parsed.data;
}

/** Writes the whole file atomically (temp file + rename). */
export async function writeBaselineFile(path: string, file: BaselineFile): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
}
