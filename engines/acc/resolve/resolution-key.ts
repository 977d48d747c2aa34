import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Bumped when resolution itself changes, so cached resolutions from an older resolver are not reused. */
const RESOLVER_VERSION = 'ts-5.9-resolution-1';
const CONFIG_FILE = /(^|\/)(package\.json|[jt]sconfig[^/]*\.json)$/;

/** Size and mtime of every file that can change resolution: package.json and tsconfig files in the tree and above it. */
function configStamps(absRoot: string, allFiles: ReadonlySet<string>): string[] {
  const stamps: string[] = [];
  const stamp = (abs: string, label: string): void => {
    try {
      const st = statSync(abs);
      stamps.push(`${label}:${st.size}:${st.mtimeMs}`);
    } catch {
      // absent: nothing to key
    }
  };
  for (const f of allFiles) if (CONFIG_FILE.test(f)) stamp(join(absRoot, f), f);
  for (let d = dirname(absRoot); ; d = dirname(d)) {
    for (const name of ['tsconfig.json', 'jsconfig.json', 'package.json']) stamp(join(d, name), join(d, name));
    if (dirname(d) === d) break;
  }
  return stamps.sort();
}

export interface ResolutionKeyInput {
  readonly absRoot: string;
  /** The walk's listings id: it stands for the set of files (it changes whenever a folder's entries do). */
  readonly listingsId: string;
  readonly allFiles: ReadonlySet<string>;
  readonly ignoredDirectories: readonly string[] | undefined;
  readonly exclude: readonly string[] | undefined;
  readonly tsconfig: string | undefined;
}

/**
 * Resolution depends on the set of files, the tsconfig and package.json files and the filters: while all are
 * unchanged, an unchanged file's imports resolve exactly as last time and its cached edges stay encoded. The
 * config files that can matter (in the tree and above the root) are keyed by size and mtime.
 */
export function computeResolutionKey(input: ResolutionKeyInput): string {
  return createHash('sha1')
    .update(
      JSON.stringify([
        RESOLVER_VERSION,
        input.listingsId,
        input.ignoredDirectories ?? null,
        input.exclude ?? null,
        input.tsconfig ?? null,
        configStamps(input.absRoot, input.allFiles),
      ]),
    )
    .digest('hex');
}
