/**
 * Quarantine: tests listed in the repository's `quarantine.yaml` still run and are reported (an Allure `quarantine`
 * label and tag, the "Quarantined" category, a mark in the trends view), but their failure does not fail the run. An
 * entry holds until its `expires` day; after it, the test counts again and the run says so. From the run history it
 * proposes entries ("flaky in k of the last n runs") and releases (a quarantined test that passed n runs in a row).
 *
 * The runner side (the Playwright reporter that applies it) lives in `harness/sharding`; this folder is the file
 * format, the rules, and the marks the report pipeline reads, with no dependency on the rest of the pipeline.
 *
 * @example
 * ```ts
 * import { evaluateQuarantine, loadQuarantine, utcDay } from './harness/quarantine/index.js';
 * const state = evaluateQuarantine(await loadQuarantine('quarantine.yaml'), utcDay(Date.now()));
 * state.active;  // entries that hold today
 * state.expired; // entries whose failures count again
 * ```
 */
export { loadQuarantine, parseQuarantine, isCalendarDay } from './parse-quarantine.js';
export type { IsoDay, QuarantineEntry, QuarantineFile } from './quarantine-entry.js';
export { QUARANTINE_FILE_SCHEMA } from './quarantine-schema.js';
export { QUARANTINE_FILE_NAME, evaluateQuarantine, findQuarantineEntry, utcDay } from './quarantine-state.js';
export type { QuarantineState } from './quarantine-state.js';
export { QUARANTINE_CATEGORY, QUARANTINE_LABEL, QUARANTINE_TAG } from './quarantine-category.js';
export {
  QUARANTINE_MARKS_FILE,
  applyQuarantineMark,
  readQuarantineMarks,
  writeQuarantineMarks,
} from './quarantine-marks.js';
export type { MarkableResult, QuarantineMarkIndex, QuarantineMarks, QuarantinedTest } from './quarantine-marks.js';
export {
  DEFAULT_QUARANTINE_POLICY,
  addDays,
  entryTestOf,
  formatProposedEntry,
  proposeQuarantineChanges,
  rowIdentifiers,
} from './propose-changes.js';
export type { QuarantinePolicy, QuarantineProposal, TestHistoryRow } from './propose-changes.js';
export { loadQuarantineTrendMarker, quarantineTrendMarks } from './trend-marks.js';
export type { TrendMark, TrendMarker } from './trend-marks.js';
export { quarantineVerdict } from './quarantine-verdict.js';
export type { FinishedTest, QuarantineVerdict, QuarantineVerdictInput } from './quarantine-verdict.js';
export { QuarantineFileError } from './errors.js';
export type { QuarantineErrorCode, QuarantineProblem } from './errors.js';
