import type { QuarantineEntry } from './quarantine-entry.js';
import { findQuarantineEntry, type QuarantineState } from './quarantine-state.js';

/**
 * One test's history, oldest run first: the shape of the trends module's `TestTrend` (structural, so this module
 * does not depend on it). Statuses are the run outcomes (`passed`, `flaky`, `failed`, `broken`, `timedOut`,
 * `skipped`) or `absent` where the test did not run.
 */
export interface TestHistoryRow {
  key: string;
  name: string;
  fullName: string;
  statuses: readonly string[];
}

/** When to propose a change to the quarantine. */
export interface QuarantinePolicy {
  /** Propose quarantining a test that was unstable (flaky or failed, while also passing) in at least this many runs... */
  unstableRuns: number;
  /** ...of its last this many runs. */
  window: number;
  /** Propose releasing a quarantined test after this many passes in a row (its latest runs). */
  releaseAfter: number;
}

export const DEFAULT_QUARANTINE_POLICY: QuarantinePolicy = { unstableRuns: 2, window: 20, releaseAfter: 10 };

export type QuarantineProposal =
  | {
      kind: 'quarantine';
      key: string;
      name: string;
      fullName: string;
      unstable: number;
      runs: number;
      evidence: string;
    }
  | {
      kind: 'release';
      key: string;
      name: string;
      fullName: string;
      entry: QuarantineEntry;
      passedInARow: number;
      evidence: string;
    };

const UNSTABLE = new Set(['flaky', 'failed', 'broken', 'timedOut']);

/** Identifiers a quarantine entry may use for a history row: its key (the stable id), its name and its full name. */
export function rowIdentifiers(row: TestHistoryRow): string[] {
  return [row.key, row.name, row.fullName];
}

/** Passes at the end of the row, skipping runs the test was absent from; a skip or any failure ends the streak. */
function trailingPasses(statuses: readonly string[]): number {
  let count = 0;
  for (let i = statuses.length - 1; i >= 0; i--) {
    const s = statuses[i];
    if (s === 'absent') continue;
    if (s !== 'passed') break;
    count += 1;
  }
  return count;
}

/**
 * Proposals from the run history: quarantine a test that is "flaky in k of the last n runs" (unstable in at least k of
 * the last n runs it ran in, and passing in at least one, so a test that simply fails every time is left to be fixed),
 * and release a quarantined test that passed its last `releaseAfter` runs in a row. Tests already quarantined are
 * never proposed again. Rows should span at least `max(window, releaseAfter)` runs.
 */
export function proposeQuarantineChanges(
  rows: readonly TestHistoryRow[],
  state: Pick<QuarantineState, 'active'>,
  policy: QuarantinePolicy = DEFAULT_QUARANTINE_POLICY,
): QuarantineProposal[] {
  const proposals: QuarantineProposal[] = [];
  for (const row of rows) {
    const entry = findQuarantineEntry(state.active, rowIdentifiers(row));
    if (entry !== undefined) {
      const passedInARow = trailingPasses(row.statuses);
      if (passedInARow >= policy.releaseAfter) {
        proposals.push({
          kind: 'release',
          key: row.key,
          name: row.name,
          fullName: row.fullName,
          entry,
          passedInARow,
          evidence: `passed ${passedInARow} runs in a row`,
        });
      }
      continue;
    }
    const ran = row.statuses.filter((s) => s !== 'absent' && s !== 'skipped').slice(-policy.window);
    const unstable = ran.filter((s) => UNSTABLE.has(s)).length;
    if (unstable >= policy.unstableRuns && ran.includes('passed')) {
      proposals.push({
        kind: 'quarantine',
        key: row.key,
        name: row.name,
        fullName: row.fullName,
        unstable,
        runs: ran.length,
        evidence: `flaky in ${unstable} of the last ${ran.length} runs`,
      });
    }
  }
  return proposals.sort((a, b) => (a.kind === b.kind ? a.key.localeCompare(b.key) : a.kind === 'quarantine' ? -1 : 1));
}

/**
 * What a proposed entry names the test by: its history key when that is a readable id (`E2E-112`), else its full title
 * (a key allure-playwright derived is an opaque hash).
 */
export function entryTestOf(proposal: Pick<QuarantineProposal, 'key' | 'fullName'>): string {
  return /^[A-Za-z][\w.-]*$/.test(proposal.key) ? proposal.key : proposal.fullName;
}

/** Adds `days` to a `YYYY-MM-DD` day. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

/**
 * A proposal as a quarantine-file entry, ready to paste under `tests:` (quoted, so titles with `:` or `#` stay one
 * string). Entries expire after `days` (default 14): a quarantine is a deadline to fix the test, not a place to forget it.
 */
export function formatProposedEntry(
  proposal: Extract<QuarantineProposal, { kind: 'quarantine' }>,
  today: string,
  days = 14,
): string {
  return [
    `  - test: ${JSON.stringify(entryTestOf(proposal))}`,
    `    reason: ${JSON.stringify(`${proposal.evidence} (proposed from the run history)`)}`,
    `    added: ${today}`,
    `    expires: ${addDays(today, days)}`,
    `    evidence: ${JSON.stringify(proposal.evidence)}`,
  ].join('\n');
}
