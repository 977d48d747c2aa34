import type { IsoDay, QuarantineEntry, QuarantineFile } from './quarantine-entry.js';

/** Where the repository keeps its quarantine, relative to the repository root. */
export const QUARANTINE_FILE_NAME = 'quarantine.yaml';

/** What the quarantine means on one day: entries that hold, and entries whose `expires` day has passed. */
export interface QuarantineState {
  path: string;
  today: IsoDay;
  active: QuarantineEntry[];
  expired: QuarantineEntry[];
}

/** The UTC calendar day of an epoch-ms time. */
export function utcDay(epochMs: number): IsoDay {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Splits the entries into those that hold on `today` (expires on or after it) and the expired ones. */
export function evaluateQuarantine(file: QuarantineFile, today: IsoDay): QuarantineState {
  return {
    path: file.path,
    today,
    active: file.entries.filter((e) => e.expires >= today),
    expired: file.entries.filter((e) => e.expires < today),
  };
}

/** The entry naming this test by any of its identifiers (stable id, history key, full title), if any. */
export function findQuarantineEntry(
  entries: readonly QuarantineEntry[],
  identifiers: readonly string[],
): QuarantineEntry | undefined {
  return entries.find((e) => identifiers.includes(e.test));
}
