import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { BdvError } from './errors.js';
import { FeatureFiles, type FeatureFilesOptions, type FeatureText } from './feature-files.js';
import type { FeatureSet } from './parse-features.js';
import { decodeUtf8Text, readInputFileSync } from './read-input-file.js';

export interface LoadFeaturesOptions {
  /** Base for relative paths and for the uris in reports (default `process.cwd()`). */
  readonly cwd?: string;
  /** Dialect for files without `# language:` (default `en`). */
  readonly defaultDialect?: string;
  readonly signal?: AbortSignal;
}

/**
 * Reads `.feature` files (directories are searched recursively, in sorted order) and parses each one on its
 * own, so one malformed file is reported with file:line:column while the others still run. A binary, UTF-16 or
 * non-UTF-8 file is reported the same way, with what it is. A path that does not exist, or that is not a regular
 * file (a FIFO, a device) or is too large, is misuse and throws a {@link BdvError} with code `BDV_FEATURE_READ`.
 */
export async function loadFeatures(paths: readonly string[], options: LoadFeaturesOptions = {}): Promise<FeatureSet> {
  return (await openFeatureFiles(paths, { ...options, retainParsedChars: Infinity })).toFeatureSet();
}

export interface OpenFeatureFilesOptions extends LoadFeaturesOptions, Pick<FeatureFilesOptions, 'retainParsedChars'> {}

/**
 * Reads the feature files as {@link loadFeatures} does (the same errors, thrown now) but keeps them as text, parsed
 * as each pass over the suite reaches them: what a run of hundreds of thousands of scenarios needs to stay within
 * bounded memory (see {@link FeatureFiles}).
 */
export async function openFeatureFiles(
  paths: readonly string[],
  options: OpenFeatureFilesOptions = {},
): Promise<FeatureFiles> {
  const cwd = options.cwd ?? process.cwd();
  const files: string[] = [];
  for (const given of paths) {
    options.signal?.throwIfAborted();
    const absolute = path.resolve(cwd, given);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      throw new BdvError('BDV_FEATURE_READ', `cannot read feature path ${given}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (info.isDirectory()) files.push(...(await findFeatureFiles(absolute)));
    else files.push(absolute);
  }
  const texts: FeatureText[] = [];
  for (const file of [...new Set(files)]) {
    options.signal?.throwIfAborted();
    const uri = toUri(cwd, file);
    // Read synchronously, like the parse that follows: feature files are small, and awaiting one read at a time
    // left the thread idle between files for a fifth of a 500-scenario run.
    const bytes = readInputFileSync(file, { what: 'feature file', code: 'BDV_FEATURE_READ' });
    const decoded = decodeUtf8Text(bytes);
    // The bytes are kept (and decoded again by each pass), in a buffer of their own: a small read shares a pooled slab.
    texts.push(
      decoded.ok
        ? { uri, utf8: new Uint8Array(bytes) }
        : { uri, unreadable: { uri, line: 1, message: decoded.problem } },
    );
  }
  return new FeatureFiles(texts, {
    ...(options.defaultDialect === undefined ? {} : { defaultDialect: options.defaultDialect }),
    ...(options.retainParsedChars === undefined ? {} : { retainParsedChars: options.retainParsedChars }),
  });
}

async function findFeatureFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  // Anything named *.feature that is not a folder is taken, so a FIFO or a link to a device is reported, not skipped.
  return entries
    .filter((entry) => !entry.isDirectory() && entry.name.endsWith('.feature'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function toUri(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  const uri = relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  return uri.split(path.sep).join('/');
}
