import { join } from 'node:path';
import {
  DEFAULT_QUARANTINE_POLICY,
  proposeQuarantineChanges,
  rowIdentifiers,
  type QuarantinePolicy,
  type TestHistoryRow,
} from './propose-changes.js';
import { loadQuarantine } from './parse-quarantine.js';
import {
  QUARANTINE_FILE_NAME,
  evaluateQuarantine,
  findQuarantineEntry,
  utcDay,
  type QuarantineState,
} from './quarantine-state.js';

/** A mark on a test's row in the trends view. */
export interface TrendMark {
  kind: 'quarantined' | 'quarantine-expired' | 'propose-quarantine' | 'propose-release';
  text: string;
}

/**
 * The quarantine's marks for the trends view, by row key: quarantined (reason, until when), expired (its failures
 * count again), and the proposals (quarantine a flaky test, release one that keeps passing).
 */
export function quarantineTrendMarks(
  rows: readonly TestHistoryRow[],
  state: QuarantineState,
  policy: QuarantinePolicy = DEFAULT_QUARANTINE_POLICY,
): Map<string, TrendMark[]> {
  const marks = new Map<string, TrendMark[]>();
  const add = (key: string, mark: TrendMark): void => void marks.set(key, [...(marks.get(key) ?? []), mark]);
  for (const row of rows) {
    const active = findQuarantineEntry(state.active, rowIdentifiers(row));
    if (active !== undefined)
      add(row.key, { kind: 'quarantined', text: `Quarantined until ${active.expires}: ${active.reason}` });
    const expired = findQuarantineEntry(state.expired, rowIdentifiers(row));
    if (expired !== undefined && active === undefined) {
      add(row.key, { kind: 'quarantine-expired', text: `Quarantine expired ${expired.expires}: failures count again` });
    }
  }
  for (const p of proposeQuarantineChanges(rows, state, policy)) {
    add(
      p.key,
      p.kind === 'quarantine'
        ? { kind: 'propose-quarantine', text: `Proposed for quarantine: ${p.evidence}` }
        : { kind: 'propose-release', text: `Proposed for release: ${p.evidence}` },
    );
  }
  return marks;
}

/** Rows to marks, for the trends view's `marks` option. */
export type TrendMarker = (rows: readonly TestHistoryRow[]) => ReadonlyMap<string, readonly TrendMark[]>;

/** The trends marker for a repository: its quarantine file (see {@link QUARANTINE_FILE_NAME}) evaluated on `now`'s day. */
export async function loadQuarantineTrendMarker(
  projectRoot: string,
  now: number = Date.now(),
  policy: QuarantinePolicy = DEFAULT_QUARANTINE_POLICY,
): Promise<TrendMarker> {
  const state = evaluateQuarantine(await loadQuarantine(join(projectRoot, QUARANTINE_FILE_NAME)), utcDay(now));
  return (rows) => quarantineTrendMarks(rows, state, policy);
}
