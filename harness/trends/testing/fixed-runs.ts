import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AllureResult } from '../../classify/index.js';
import type { RunRecord, TestRunEntry } from '../run-record.js';

/**
 * Fixed multi-run history for the report's click-path test: three runs already recorded (as the pipeline
 * records them: context, seeds, measured work, verdicts) and two more as Allure results, built through the
 * real report hooks. The regression is in run 2, on E2E-201's CPU time; E2E-202 is flaky in runs 2, 4 and 5;
 * E2E-203 times out in runs 1, 2 and 5, and in runs 3 and 4 its first attempt times out and the retry passes.
 */
export const FIXED = {
  steady: { key: 'E2E-201', name: 'E2E-201: steady work under a budget' },
  flaky: { key: 'E2E-202', name: 'E2E-202: flaky <b>first</b> attempt' },
  hang: { key: 'E2E-203', name: 'E2E-203: hangs until the timeout' },
} as const;

export const FIXED_START = Date.UTC(2026, 10, 20, 8, 0, 0);
const HOUR = 3_600_000;
const FILE = 'history.spec.ts';
const fullName = (name: string): string => `${FILE} › ${name}`;

function entry(
  test: { key: string; name: string },
  fields: Partial<TestRunEntry> & Pick<TestRunEntry, 'outcome'>,
): TestRunEntry {
  return {
    key: test.key,
    name: test.name,
    fullName: fullName(test.name),
    attempts: 1,
    timedOutAttempts: 0,
    durationMs: 250,
    ...fields,
  };
}

const band = { median: 180, low: 170, high: 195, runs: 3 };

/** Runs 1–3 as recorded lines of runs.jsonl. */
export function fixedRecords(): RunRecord[] {
  const context = (shardCount: number) => ({
    scale: 0.25,
    workers: 1,
    node: 'v20.20.2',
    machine: 'fixedmachine',
    commit: `${shardCount}abc1234def5678`,
    shardCount,
  });
  return [
    {
      runId: 'fixed-run-1',
      timestamp: FIXED_START,
      complete: true,
      context: context(1),
      seeds: [{ shard: 'local', seed: 111 }],
      counters: { tests: 3, passed: 2, failed: 1, flaky: 0, retried: 1, timedOut: 1, skipped: 0 },
      tests: [
        entry(FIXED.steady, {
          outcome: 'passed',
          measured: { wallMs: 205, cpuMs: 182, rssGrowthMb: 4.5 },
          verdicts: [
            { metric: 'cpuMs', status: 'insufficient-history', reason: 'insufficient history (0 of 3 accepted runs)' },
          ],
        }),
        entry(FIXED.flaky, { outcome: 'passed' }),
        entry(FIXED.hang, {
          outcome: 'timedOut',
          attempts: 2,
          timedOutAttempts: 2,
          durationMs: 1000,
          firstError: 'Test timeout of 1000ms exceeded.',
        }),
      ],
    },
    {
      runId: 'fixed-run-2',
      timestamp: FIXED_START + HOUR,
      complete: true,
      context: context(2),
      seeds: [
        { shard: 'shard-1-of-2', seed: 221 },
        { shard: 'shard-2-of-2', seed: 222 },
      ],
      counters: { tests: 3, passed: 1, failed: 1, flaky: 1, retried: 2, timedOut: 1, skipped: 0 },
      tests: [
        entry(FIXED.steady, {
          outcome: 'passed',
          shard: 'shard-1-of-2',
          measured: { wallMs: 290, cpuMs: 262, rssGrowthMb: 5.1 },
          verdicts: [
            {
              metric: 'cpuMs',
              status: 'regressed',
              current: 262,
              baseline: band,
              changePercent: 45.6,
              pValue: 0.004,
              reason: 'CPU time 262 ms against a baseline median of 180 ms (170–195 ms, 3 runs): +45.6 %, p 0.004',
            },
            {
              metric: 'wallMs',
              status: 'unchanged',
              current: 290,
              baseline: { median: 205, low: 190, high: 300, runs: 3 },
              reason: 'within the noise',
            },
          ],
        }),
        entry(FIXED.flaky, {
          outcome: 'flaky',
          attempts: 2,
          shard: 'shard-1-of-2',
          firstError: 'Error: expected 1 to be 2',
        }),
        entry(FIXED.hang, {
          outcome: 'timedOut',
          attempts: 2,
          timedOutAttempts: 2,
          durationMs: 1000,
          shard: 'shard-2-of-2',
          firstError: 'Test timeout of 1000ms exceeded.',
        }),
      ],
    },
    {
      runId: 'fixed-run-3',
      timestamp: FIXED_START + 2 * HOUR,
      complete: true,
      context: context(1),
      seeds: [{ shard: 'local', seed: 333 }],
      counters: { tests: 3, passed: 2, failed: 0, flaky: 1, retried: 1, timedOut: 0, skipped: 0 },
      tests: [
        entry(FIXED.steady, {
          outcome: 'passed',
          measured: { wallMs: 210, cpuMs: 184, rssGrowthMb: 4.8 },
          verdicts: [
            { metric: 'cpuMs', status: 'unchanged', current: 184, baseline: band, reason: 'within the noise' },
          ],
        }),
        entry(FIXED.flaky, { outcome: 'passed' }),
        entry(FIXED.hang, {
          outcome: 'flaky',
          attempts: 2,
          timedOutAttempts: 1,
          durationMs: 40,
          firstError: 'Test timeout of 1000ms exceeded.',
        }),
      ],
    },
  ];
}

export async function writeFixedHistory(runsFile: string): Promise<void> {
  await mkdir(join(runsFile, '..'), { recursive: true });
  await writeFile(
    runsFile,
    fixedRecords()
      .map((r) => `${JSON.stringify(r)}\n`)
      .join(''),
  );
}

type Attempt = { status: 'passed' | 'failed' | 'broken'; message?: string };
const TIMEOUT: Attempt = { status: 'broken', message: 'Test timeout of 1000ms exceeded.' };
const ASSERTION: Attempt = { status: 'failed', message: 'Error: expected 1 to be 2' };
const PASS: Attempt = { status: 'passed' };

/** Runs 4 and 5 as allure-playwright writes them (run 5 over two shards); returns each run's results root. */
export async function writeFixedResults(root: string): Promise<{ run4: string; run5: string }> {
  const run4 = join(root, 'run-4');
  const run5 = join(root, 'run-5');
  const t4 = FIXED_START + 3 * HOUR;
  const t5 = FIXED_START + 4 * HOUR;
  await writeTest(join(run4, 'local'), FIXED.steady, [PASS], t4);
  await writeTest(join(run4, 'local'), FIXED.flaky, [ASSERTION, PASS], t4 + 1_000);
  await writeTest(join(run4, 'local'), FIXED.hang, [TIMEOUT, PASS], t4 + 2_000);
  await writeTest(join(run5, 'shard-1-of-2'), FIXED.steady, [PASS], t5);
  await writeTest(join(run5, 'shard-1-of-2'), FIXED.flaky, [ASSERTION, PASS], t5 + 1_000);
  await writeTest(join(run5, 'shard-2-of-2'), FIXED.hang, [TIMEOUT, TIMEOUT], t5 + 500);
  return { run4, run5 };
}

async function writeTest(
  dir: string,
  test: { key: string; name: string },
  attempts: readonly Attempt[],
  start: number,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [retry, attempt] of attempts.entries()) {
    const begin = start + retry * 1_100;
    const uuid = `${test.key}-${start}-${retry}`;
    const result: AllureResult = {
      uuid,
      name: test.name,
      fullName: fullName(test.name),
      historyId: test.key,
      testCaseId: test.key,
      status: attempt.status,
      statusDetails: attempt.message === undefined ? {} : { message: attempt.message, trace: attempt.message },
      stage: 'finished',
      start: begin,
      stop: begin + (attempt === TIMEOUT ? 1_000 : 250),
      steps: [],
      attachments: [],
      parameters: retry > 0 ? [{ name: 'Retry', value: String(retry), excluded: true }] : [],
      labels: [
        { name: 'language', value: 'javascript' },
        { name: 'framework', value: 'playwright' },
        { name: 'titlePath', value: ` >  > ${FILE}` },
        { name: 'host', value: 'vm' },
        { name: 'thread', value: `pid-1-worker-${retry}` },
        { name: 'suite', value: FILE },
        { name: 'epic', value: 'Stability' },
        { name: 'severity', value: 'normal' },
        { name: 'tag', value: 'e2e' },
        { name: 'tag', value: '@e2e' },
      ],
      links: [],
    };
    await writeFile(join(dir, `${uuid}-result.json`), JSON.stringify(result));
  }
}
