import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '../../engines/common/index.js';
import { QUARANTINE_LABEL, QUARANTINE_TAG } from './quarantine-category.js';
import type { IsoDay } from './quarantine-entry.js';

/** Written by the run into each results folder: which tests ran quarantined, read back when the report is built. */
export const QUARANTINE_MARKS_FILE = 'maestro-quarantine.json';

/** A test that ran under a quarantine entry in this run. */
export interface QuarantinedTest {
  /** As allure-playwright names it: file relative to the config's rootDir, describe titles and title, joined by " › ". */
  fullName: string;
  /** Playwright project name ('' when unnamed). */
  project: string;
  /** The entry's `test` field that matched. */
  entry: string;
  reason: string;
  expires: IsoDay;
  /** The test's outcome in this run, once known ('expected', 'unexpected', 'flaky', 'skipped'). */
  outcome?: string;
}

/** The marks file's content. */
export interface QuarantineMarks {
  version: 1;
  /** The quarantine file it was read from. */
  file: string;
  /** The day the entries were evaluated on (UTC). */
  day: IsoDay;
  quarantined: QuarantinedTest[];
  /** Entries whose expiry had passed: their tests counted normally. */
  expired: { entry: string; expires: IsoDay }[];
}

/** Writes (replaces) the marks file of one results folder. */
export async function writeQuarantineMarks(resultsDir: string, marks: QuarantineMarks): Promise<string> {
  const path = join(resultsDir, QUARANTINE_MARKS_FILE);
  await writeJsonAtomic(path, marks);
  return path;
}

/** The fields of an Allure result that marking reads and writes (structural, so any result type fits). */
export interface MarkableResult {
  fullName?: string;
  parameters?: { name: string; value: string }[];
  labels?: { name: string; value: string }[];
}

/** Finds the quarantine mark of an Allure result, over every results folder of the run. */
export interface QuarantineMarkIndex {
  /** Tests marked in any folder. */
  readonly size: number;
  markOf(result: MarkableResult): QuarantinedTest | undefined;
}

function indexKey(fullName: string, project: string): string {
  return `${project}\u0000${fullName}`;
}

/**
 * Reads the marks of every results folder (one per shard); folders without one (a run without the reporter, or an
 * older run) contribute nothing.
 */
export async function readQuarantineMarks(resultsDirs: readonly string[]): Promise<QuarantineMarkIndex> {
  const byKey = new Map<string, QuarantinedTest>();
  for (const dir of resultsDirs) {
    let text: string;
    try {
      text = await readFile(join(dir, QUARANTINE_MARKS_FILE), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const marks = JSON.parse(text) as QuarantineMarks;
    for (const t of marks.quarantined ?? []) byKey.set(indexKey(t.fullName, t.project), t);
  }
  return {
    size: byKey.size,
    markOf: (result) => {
      const project = result.parameters?.find((p) => p.name === 'Project')?.value ?? '';
      return result.fullName === undefined ? undefined : byKey.get(indexKey(result.fullName, project));
    },
  };
}

/**
 * Labels a quarantined test's Allure result (the `quarantine` label with its reason and expiry, and a `quarantined`
 * tag), once. Returns whether the result is quarantined.
 */
export function applyQuarantineMark(result: MarkableResult, index: QuarantineMarkIndex): boolean {
  const mark = index.markOf(result);
  if (mark === undefined) return false;
  const labels = (result.labels ??= []);
  if (!labels.some((l) => l.name === QUARANTINE_LABEL))
    labels.push({ name: QUARANTINE_LABEL, value: `${mark.reason} (until ${mark.expires})` });
  if (!labels.some((l) => l.name === 'tag' && l.value === QUARANTINE_TAG))
    labels.push({ name: 'tag', value: QUARANTINE_TAG });
  return true;
}
