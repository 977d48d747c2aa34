/**
 * What one `npm run stress` run did, read from the Allure results it wrote (one result file per attempt), and the
 * summary table of `npm run stress:repeat`. Pure functions over data, so the counting is unit-tested.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface AttemptResult {
  /** The test's stable id (`E2E-1xx`, `CHAOS-0x`) or its full name. */
  readonly id: string;
  readonly status: string;
  readonly start: number;
  readonly message: string;
}

export interface RunOutcome {
  readonly tests: number;
  readonly passed: number;
  /** Tests whose last attempt did not pass (timed-out ones included). */
  readonly failed: readonly string[];
  /** Tests that failed an attempt and passed a retry. */
  readonly flaky: readonly string[];
  /** Tests with an attempt ended by Playwright's test timeout. */
  readonly timedOut: readonly string[];
  readonly skipped: number;
}

const TIMEOUT_MESSAGE = /Test timeout of \d+ms exceeded/;

/** Groups attempts by test and counts the outcomes as Playwright does (a failed attempt then a pass is flaky). */
export function summarizeAttempts(attempts: readonly AttemptResult[]): RunOutcome {
  const byTest = new Map<string, AttemptResult[]>();
  for (const attempt of attempts) byTest.set(attempt.id, [...(byTest.get(attempt.id) ?? []), attempt]);
  const failed: string[] = [];
  const flaky: string[] = [];
  const timedOut: string[] = [];
  let passed = 0;
  let skipped = 0;
  for (const [id, list] of [...byTest.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const ordered = [...list].sort((a, b) => a.start - b.start);
    const last = ordered.at(-1) as AttemptResult;
    if (ordered.some((a) => TIMEOUT_MESSAGE.test(a.message))) timedOut.push(id);
    if (last.status === 'skipped') skipped++;
    else if (last.status !== 'passed') failed.push(id);
    else if (ordered.length > 1 && ordered.some((a) => a.status !== 'passed' && a.status !== 'skipped')) flaky.push(id);
    else passed++;
  }
  return { tests: byTest.size, passed, failed, flaky, timedOut, skipped };
}

interface AllureResultFile {
  readonly name?: string;
  readonly fullName?: string;
  readonly testCaseId?: string;
  readonly historyId?: string;
  readonly status?: string;
  readonly start?: number;
  readonly statusDetails?: { readonly message?: string };
}

/** Every `*-result.json` under `dir` (shard folders included) as attempts. */
export async function readAllureAttempts(dir: string): Promise<AttemptResult[]> {
  const attempts: AttemptResult[] = [];
  const walk = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith('-result.json')) {
        const result = JSON.parse(await readFile(path, 'utf8')) as AllureResultFile;
        const id =
          /\b(?:E2E-\d{3}|CHAOS-\d{2})\b/.exec(result.name ?? '')?.[0] ?? result.fullName ?? result.historyId ?? path;
        attempts.push({
          id,
          status: result.status ?? 'unknown',
          start: result.start ?? 0,
          message: result.statusDetails?.message ?? '',
        });
      }
    }
  };
  await walk(dir);
  return attempts;
}

export interface RepeatRun {
  readonly run: number;
  readonly seed: number;
  readonly exitCode: number;
  readonly seconds: number;
  /** Stopped by Ctrl-C or SIGTERM: listed, but left out of the totals (its cut-short tests are not verdicts). */
  readonly interrupted: boolean;
  readonly outcome: RunOutcome;
}

/** The per-run lines and the totals, as plain text. */
export function formatRepeatSummary(runs: readonly RepeatRun[], planned: number): string {
  const list = (items: readonly string[]): string =>
    items.length === 0 ? '0' : `${items.length} (${items.join(', ')})`;
  const lines = [
    '| run | seed | exit | s | tests | failed | flaky | timed out |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of runs) {
    lines.push(
      `| ${r.run} | ${r.seed} | ${r.exitCode}${r.interrupted ? ' (interrupted)' : ''} | ${r.seconds.toFixed(0)} | ${r.outcome.tests} | ${list(r.outcome.failed)} | ${list(r.outcome.flaky)} | ${list(r.outcome.timedOut)} |`,
    );
  }
  const completed = runs.filter((r) => !r.interrupted);
  const sum = (pick: (o: RunOutcome) => number): number => completed.reduce((s, r) => s + pick(r.outcome), 0);
  const clean = completed.filter(
    (r) => r.exitCode === 0 && r.outcome.failed.length === 0 && r.outcome.flaky.length === 0 && r.outcome.tests > 0,
  ).length;
  lines.push(
    '',
    `runs: ${completed.length} completed of ${planned} planned${runs.length > completed.length ? ` (+${runs.length - completed.length} interrupted, not counted)` : ''}; ` +
      `clean (exit 0, no failed, no flaky): ${clean}`,
    `test-runs: ${sum((o) => o.tests)}; failed: ${sum((o) => o.failed.length)}; flaky: ${sum((o) => o.flaky.length)}; timed out: ${sum((o) => o.timedOut.length)}; ` +
      `non-zero exits: ${completed.filter((r) => r.exitCode !== 0).length}`,
  );
  return lines.join('\n');
}
