import { readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic, writeFileAtomic } from '../../engines/common/index.js';
import { parseJsonDocument, readTextIfExists } from '../files/index.js';

const RESULT_SUFFIX = '-result.json';

/**
 * The results folders as the test run left them, before any post-processing. Every build first puts each folder
 * back to this state (drops the files post-processing added, restores the result files it annotated) and then
 * post-processes afresh, so a rebuild ends with the same annotations whatever an annotator does when run twice,
 * and a rebuild after `baseline:update` shows the new verdicts instead of stacking them on the old ones.
 */
const snapshotSchema = z.object({
  version: z.literal(1),
  /** Every file of the folder when the snapshot was taken. */
  files: z.array(z.string()),
  /** Raw text of each `*-result.json`, by file name. */
  results: z.record(z.string(), z.string()),
});

type Snapshot = z.infer<typeof snapshotSchema>;

export interface FolderRestorePlan {
  resultsDir: string;
  snapshotPath: string;
  /** The snapshot to restore from, or undefined when this folder's results are new (take one). */
  snapshot: Snapshot | undefined;
  names: string[];
}

/** Where a results folder's snapshot lives: `<snapshotsDir>/<folder name>.json`. */
export function snapshotPathOf(snapshotsDir: string, resultsDir: string): string {
  return join(snapshotsDir, `${basename(resultsDir)}.json`);
}

/**
 * Reads (and checks) each folder's snapshot without writing: a snapshot whose result files are not exactly the
 * folder's is of earlier results (a new run in the same folder) and is replaced.
 */
export async function planResultsRestore(
  resultsDirs: readonly string[],
  snapshotsDir: string,
): Promise<FolderRestorePlan[]> {
  const plans: FolderRestorePlan[] = [];
  for (const resultsDir of resultsDirs) {
    const snapshotPath = snapshotPathOf(snapshotsDir, resultsDir);
    const names = (await readdir(resultsDir)).sort();
    const text = await readTextIfExists(snapshotPath);
    const stored =
      text === undefined ? undefined : parseJsonDocument(snapshotPath, text, snapshotSchema, 'results snapshot');
    const current = names.filter((n) => n.endsWith(RESULT_SUFFIX));
    const same = stored !== undefined && sameSet(current, Object.keys(stored.results));
    plans.push({ resultsDir, snapshotPath, snapshot: same ? stored : undefined, names });
  }
  return plans;
}

/** Restores each folder from its snapshot, or takes the snapshot of a folder seen for the first time. */
export async function applyResultsRestore(
  plans: readonly FolderRestorePlan[],
): Promise<{ restored: number; snapshotted: number }> {
  let restored = 0;
  let snapshotted = 0;
  for (const plan of plans) {
    if (plan.snapshot === undefined) {
      const results: Record<string, string> = {};
      for (const name of plan.names.filter((n) => n.endsWith(RESULT_SUFFIX))) {
        results[name] = (await readTextIfExists(join(plan.resultsDir, name))) ?? '';
      }
      await writeJsonAtomic(plan.snapshotPath, { version: 1, files: plan.names, results } satisfies Snapshot);
      snapshotted += 1;
      continue;
    }
    const original = new Set(plan.snapshot.files);
    for (const name of plan.names.filter((n) => !original.has(n)))
      await rm(join(plan.resultsDir, name), { force: true });
    for (const [name, text] of Object.entries(plan.snapshot.results)) {
      const path = join(plan.resultsDir, name);
      if ((await readTextIfExists(path)) !== text) await writeFileAtomic(path, text);
    }
    restored += 1;
  }
  return { restored, snapshotted };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(b);
  return a.every((x) => set.has(x));
}
