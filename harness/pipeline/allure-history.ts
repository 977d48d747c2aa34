import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../../engines/common/index.js';
import { parseJsonLines, readTextIfExists, type JsonLine } from '../files/index.js';

/**
 * Allure 3's own history (`historyPath` in allurerc.ts): one JSON line per `allure generate`, appended every time
 * (@allurereport/core `AllureLocalHistory.appendHistory`). A line is `{ uuid, name, timestamp, knownTestCaseIds,
 * testResults: { [historyId]: { id, status, ... } }, metrics, url }`, where `uuid` is random per generate and each
 * item's `id` is `md5(<the result file's uuid>)` (core `store/convert.js`). So a line belongs to a set of results
 * when its items' ids are the md5 of those results' uuids. A rebuild drops that line before generating (so the
 * report does not show the run as its own previous run) and puts the file back afterwards (so the history keeps the
 * run once, byte for byte as its first build wrote it, instead of one line per build).
 */
const historyEntrySchema = z.looseObject({
  uuid: z.string(),
  timestamp: z.number(),
  testResults: z.record(z.string(), z.looseObject({ id: z.string().optional() })),
});

export type AllureHistoryEntry = z.infer<typeof historyEntrySchema>;

export interface AllureHistoryFile {
  path: string;
  /** The file's text as read (undefined when it did not exist), to put back when a run must not be recorded. */
  text: string | undefined;
  entries: JsonLine<AllureHistoryEntry>[];
}

/** Reads and checks every line; a bad line is an error naming file and line (before Allure's raw SyntaxError could). */
export async function readAllureHistory(path: string): Promise<AllureHistoryFile> {
  const text = await readTextIfExists(path);
  return { path, text, entries: parseJsonLines(path, text ?? '', historyEntrySchema, 'Allure history') };
}

/** The ids Allure gives the results with these uuids. */
export function allureIdsOf(resultUuids: Iterable<string>): Set<string> {
  const ids = new Set<string>();
  for (const uuid of resultUuids) ids.add(createHash('md5').update(uuid).digest('hex'));
  return ids;
}

/** Lines whose test results include any of `ids`: what earlier builds of the same results appended. */
export function entriesOfResults(history: AllureHistoryFile, ids: ReadonlySet<string>): JsonLine<AllureHistoryEntry>[] {
  return history.entries.filter((e) =>
    Object.values(e.value.testResults).some((item) => item.id !== undefined && ids.has(item.id)),
  );
}

/** Rewrites the file without the given lines (atomically, other lines byte for byte); returns how many were dropped. */
export async function dropEntries(
  history: AllureHistoryFile,
  drop: readonly JsonLine<AllureHistoryEntry>[],
): Promise<number> {
  if (drop.length === 0) return 0;
  const dropped = new Set(drop.map((e) => e.line));
  const kept = history.entries.filter((e) => !dropped.has(e.line));
  await writeFileAtomic(history.path, kept.map((e) => `${e.raw}\n`).join(''));
  return drop.length;
}

/**
 * After the generate of a rebuild: the file as it was read, except that duplicate lines of these results (appended
 * by builds before the pipeline dropped them) are reduced to the first. With one such line that is the file as read.
 */
export async function keepFirstEntryOfResults(
  history: AllureHistoryFile,
  earlier: readonly JsonLine<AllureHistoryEntry>[],
): Promise<void> {
  const [first, ...duplicates] = earlier;
  if (first === undefined) return;
  if (duplicates.length === 0) {
    await restoreAllureHistory(history);
    return;
  }
  const drop = new Set(duplicates.map((e) => e.line));
  await writeFileAtomic(
    history.path,
    history.entries
      .filter((e) => !drop.has(e.line))
      .map((e) => `${e.raw}\n`)
      .join(''),
  );
}

/** Puts the file back as it was read (removing it if it did not exist): the generate of an unrecorded run leaves no line. */
export async function restoreAllureHistory(history: AllureHistoryFile): Promise<void> {
  if (history.text === undefined) await rm(history.path, { force: true });
  else await writeFileAtomic(history.path, history.text);
}
