import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { IdGenerator } from '@cucumber/messages';
import { BdvError } from './errors.js';
import { parseFeatureSource, toExecutablePickles, type FeatureSet, type ParsedFeature } from './parse-features.js';
import type { ParseProblem } from './types.js';

export interface LoadFeaturesOptions {
  /** Base for relative paths and for the uris in reports (default `process.cwd()`). */
  readonly cwd?: string;
  /** Dialect for files without `# language:` (default `en`). */
  readonly defaultDialect?: string;
  readonly signal?: AbortSignal;
}

/**
 * Reads `.feature` files (directories are searched recursively, in sorted order) and parses each one on its
 * own, so one malformed file is reported with file:line:column while the others still run.
 * A path that does not exist is misuse and throws a {@link BdvError} with code `BDV_FEATURE_READ`.
 */
export async function loadFeatures(paths: readonly string[], options: LoadFeaturesOptions = {}): Promise<FeatureSet> {
  const cwd = options.cwd ?? process.cwd();
  const files: string[] = [];
  for (const given of paths) {
    options.signal?.throwIfAborted();
    const absolute = path.resolve(cwd, given);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      throw new BdvError('BDV_FEATURE_READ', `cannot read feature path ${given}: ${(error as Error).message}`, { cause: error });
    }
    if (info.isDirectory()) files.push(...(await findFeatureFiles(absolute)));
    else files.push(absolute);
  }
  const newId = IdGenerator.incrementing();
  const features: ParsedFeature[] = [];
  const parseErrors: ParseProblem[] = [];
  for (const file of [...new Set(files)]) {
    options.signal?.throwIfAborted();
    const uri = toUri(cwd, file);
    // Read synchronously, like the parse that follows: feature files are small, and awaiting one read at a time
    // left the thread idle between files for a fifth of a 500-scenario run.
    const source = readFileSync(file, 'utf8');
    const parsed = parseFeatureSource(source, uri, {
      newId,
      ...(options.defaultDialect === undefined ? {} : { defaultDialect: options.defaultDialect }),
    });
    if (parsed.ok) features.push(parsed.feature);
    else parseErrors.push(...parsed.problems);
  }
  return { features, pickles: toExecutablePickles(features), parseErrors };
}

async function findFeatureFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.feature'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function toUri(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  const uri = relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  return uri.split(path.sep).join('/');
}
