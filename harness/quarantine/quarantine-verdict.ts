import type { QuarantineEntry } from './quarantine-entry.js';

/** A test as the run ended it: Playwright's outcome, and the quarantine entry it ran under, if any. */
export interface FinishedTest {
  /** How messages name it (its stable id, or its title). */
  label: string;
  outcome: 'expected' | 'unexpected' | 'flaky' | 'skipped';
  entry?: QuarantineEntry;
}

export interface QuarantineVerdictInput {
  /** Playwright's status of the run, before the quarantine. */
  status: 'passed' | 'failed' | 'timedout' | 'interrupted';
  tests: readonly FinishedTest[];
  /** Errors outside any test (a worker crash, a failing global setup): they always fail the run. */
  globalErrors: number;
  /** The run stopped at --max-failures: tests that never ran cannot be excused. */
  maxFailuresReached: boolean;
  /** The config's failOnFlakyTests: a flaky test is then a failure too. */
  failOnFlakyTests: boolean;
}

export interface QuarantineVerdict {
  status: QuarantineVerdictInput['status'];
  /** The quarantine turned a failed run into a passed one. */
  changed: boolean;
  /** What to print, one line each. */
  lines: string[];
}

/**
 * Decides the run's status under the quarantine: a run that failed only because quarantined tests failed passes;
 * anything else (another test failed, an error outside tests, --max-failures, a timeout or an interruption) keeps its
 * status, and the lines say which quarantined tests failed either way.
 */
export function quarantineVerdict(input: QuarantineVerdictInput): QuarantineVerdict {
  const failing = input.tests.filter(
    (t) => t.outcome === 'unexpected' || (input.failOnFlakyTests && t.outcome === 'flaky'),
  );
  const excused = failing.filter((t) => t.entry !== undefined);
  const counted = failing.filter((t) => t.entry === undefined);
  const quarantinedRan = input.tests.filter((t) => t.entry !== undefined && t.outcome !== 'skipped');
  const lines: string[] = [];
  if (quarantinedRan.length > 0) {
    lines.push(
      `[quarantine] ${quarantinedRan.length} test(s) ran quarantined: ${quarantinedRan.map((t) => `${t.label} ${t.outcome === 'unexpected' ? 'failed' : t.outcome === 'expected' ? 'passed' : t.outcome}`).join(', ')}`,
    );
  }
  if (excused.length === 0 || input.status === 'passed') return { status: input.status, changed: false, lines };
  const names = excused
    .map((t) => `${t.label} (${t.entry?.reason ?? ''}; until ${t.entry?.expires ?? '?'})`)
    .join(', ');
  const blockers = [
    ...(counted.length > 0 ? [`${counted.length} other test(s) failed`] : []),
    ...(input.globalErrors > 0 ? [`${input.globalErrors} error(s) outside tests`] : []),
    ...(input.maxFailuresReached ? ['the run stopped at --max-failures'] : []),
    ...(input.status === 'timedout' ? ['the run timed out'] : []),
    ...(input.status === 'interrupted' ? ['the run was interrupted'] : []),
  ];
  if (input.status !== 'failed' || blockers.length > 0) {
    lines.push(
      `[quarantine] ${excused.length} quarantined test(s) failed: ${names}; the run fails anyway: ${blockers.join(', ')}`,
    );
    return { status: input.status, changed: false, lines };
  }
  lines.push(`[quarantine] ${excused.length} quarantined test(s) failed and do not fail the run: ${names}`);
  return { status: 'passed', changed: true, lines };
}
