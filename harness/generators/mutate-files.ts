import { appendFile, readdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { LayeredCodebaseManifest } from './codebase-types.js';
import { createSeededRandom } from './seeded-random.js';

export interface MutationResult {
  /** Files whose content changed, sorted, relative to the manifest root. */
  readonly changedFiles: readonly string[];
  readonly bytesAdded: number;
}

/**
 * Changes the content of `count` non-barrel source files without touching their imports (code is appended after
 * everything else), so the import graph and the manifest's edges stay valid while content hashes change: the input
 * for incremental-analysis tests. Different seeds change different files and append different text.
 */
export async function mutateFiles(
  dir: string,
  manifest: LayeredCodebaseManifest,
  count: number,
  seed: number,
): Promise<MutationResult> {
  const barrels = new Set(manifest.barrels);
  const eligible = manifest.sourceFiles.filter((path) => !barrels.has(path));
  if (!Number.isInteger(count) || count < 0 || count > eligible.length) {
    throw new RangeError(`count must be an integer in [0, ${eligible.length}], got ${count}`);
  }
  const random = createSeededRandom(seed);
  const chosen = random.shuffle(eligible).slice(0, count).sort();
  let bytesAdded = 0;
  for (const path of chosen) {
    const text = appendixFor(path, random.int(1, 1_000_000), random.seed);
    bytesAdded += Buffer.byteLength(text, 'utf8');
    await appendFile(join(dir, path), text);
  }
  return { changedFiles: chosen, bytesAdded };
}

function appendixFor(path: string, salt: number, seed: number): string {
  const name = `revision${seed}x${salt}`;
  const typed = /\.tsx?$/.test(path);
  const signature = typed ? `function ${name}(value: number): number` : `function ${name}(value)`;
  return [
    '',
    `// Revision ${salt} (seed ${seed}): thresholds recalculated after the load review.`,
    `${signature} {`,
    `  return value > ${salt % 997} ? value - ${salt % 13} : value + ${salt % 7};`,
    '}',
    `void ${name};`,
    '',
  ].join('\n');
}

/**
 * Sets the mtime (and atime) of every file and folder under `root` to `ageMs` ago, as in a checkout made that
 * long before. A tree written moments before an analysis is "racily clean" for it: its cache will not trust
 * those stats and reads the files again on the next run. Incremental tests age the tree so that the next run
 * shows their edit alone. Returns how many entries were aged.
 */
export async function ageTree(root: string, ageMs: number): Promise<number> {
  const when = new Date(Date.now() - ageMs);
  let aged = 0;
  const visit = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await visit(path);
      else if (!entry.isFile()) continue;
      await utimes(path, when, when);
      aged++;
    }
  };
  await visit(root);
  await utimes(root, when, when);
  return aged + 1;
}
