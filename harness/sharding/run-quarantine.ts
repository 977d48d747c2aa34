import { basename } from 'node:path';
import type { TestCase } from '@playwright/test/reporter';
import {
  findQuarantineEntry,
  proposeQuarantineChanges,
  type QuarantineEntry,
  type QuarantinePolicy,
  type QuarantineState,
  type QuarantinedTest,
  type TestHistoryRow,
} from '../quarantine/index.js';
import type { TestIdentity } from './test-identity.js';

/** The quarantine as it applies to one run's tests. */
export interface RunQuarantine {
  state: QuarantineState;
  /** The entry each quarantined test runs under. */
  entryOf: Map<TestCase, QuarantineEntry>;
  /** What the run prints about it before the tests start. */
  lines: string[];
}

/**
 * Matches the run's tests (the full, un-sharded suite) against the quarantine, and says what applies: which tests run
 * quarantined, which entries expired (their tests count again) and which name no test (a typo, or a filtered run).
 */
export function matchRunQuarantine(
  tests: readonly { test: TestCase; identity: TestIdentity }[],
  state: QuarantineState,
): RunQuarantine {
  const file = basename(state.path);
  const entryOf = new Map<TestCase, QuarantineEntry>();
  const used = new Set<QuarantineEntry>();
  for (const { test, identity } of tests) {
    const entry = findQuarantineEntry(state.active, identity.quarantineIds);
    if (entry !== undefined) {
      entryOf.set(test, entry);
      used.add(entry);
    }
  }
  const lines: string[] = [];
  if (used.size > 0) {
    lines.push(
      `[quarantine] ${entryOf.size} test(s) run quarantined (${file}): ${[...used].map((e) => `${e.test} until ${e.expires}`).join(', ')}`,
    );
  }
  for (const entry of state.expired) {
    const named = tests.some(({ identity }) => identity.quarantineIds.includes(entry.test));
    lines.push(
      `[quarantine] entry ${entry.test} (${file}:${entry.line}) expired on ${entry.expires}: its failures count again${named ? '' : ' (it names no test of this run)'}`,
    );
  }
  for (const entry of state.active) {
    if (!used.has(entry))
      lines.push(`[quarantine] entry ${entry.test} (${file}:${entry.line}) names no test of this run`);
  }
  return { state, entryOf, lines };
}

/** The marks of the quarantined tests among `tests` (those this shard runs), for the report. */
export function marksOf(
  tests: readonly { test: TestCase; identity: TestIdentity }[],
  quarantine: RunQuarantine,
): QuarantinedTest[] {
  return tests.flatMap(({ test, identity }) => {
    const entry = quarantine.entryOf.get(test);
    return entry === undefined
      ? []
      : [
          {
            fullName: identity.fullName,
            project: identity.project,
            entry: entry.test,
            reason: entry.reason,
            expires: entry.expires,
          },
        ];
  });
}

/** One line per proposal: quarantine a flaky test, release one that keeps passing. */
export function proposalLines(
  rows: readonly TestHistoryRow[],
  state: QuarantineState,
  policy: QuarantinePolicy,
): string[] {
  return proposeQuarantineChanges(rows, state, policy).map((p) =>
    p.kind === 'quarantine'
      ? `[quarantine] proposed: quarantine ${p.key} (${p.evidence}); \`npm run quarantine -- propose\` prints the entry`
      : `[quarantine] proposed: release ${p.entry.test} (${p.evidence}); remove its entry from ${basename(state.path)}`,
  );
}
