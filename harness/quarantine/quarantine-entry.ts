/** A calendar day as written in the quarantine file, `YYYY-MM-DD` (UTC). */
export type IsoDay = string;

/** One quarantined test, as written (by hand or from a proposal) in the quarantine file. */
export interface QuarantineEntry {
  /**
   * Which test: its stable id (the history key, e.g. `E2E-112`, the id our stress tests carry) or its full title as
   * Playwright lists it (`scalability.spec.ts › Incremental processing › E2E-112: …`, with ` [project]` when the
   * config has named projects).
   */
  test: string;
  /** Why it is quarantined: shown in the run's output and the report. */
  reason: string;
  added: IsoDay;
  /** Last day the entry holds; from the day after, the test's failures count again. */
  expires: IsoDay;
  /** Optional evidence, e.g. "flaky in 3 of the last 20 runs" (a proposal fills it in). */
  evidence?: string;
  /** 1-based line of the entry in the file, for messages. */
  line: number;
}

/** The parsed quarantine file. */
export interface QuarantineFile {
  path: string;
  entries: QuarantineEntry[];
}
