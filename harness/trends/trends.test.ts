import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClassificationSummary, TestOutcome } from '../classify/index.js';
import { RunHistoryError } from './errors.js';
import { recordRun } from './record-run.js';
import { appendRunRecord, readRunHistory } from './run-history.js';
import type { RunRecord } from './run-record.js';
import { summarizeTrends } from './summarize-trends.js';
import { writeTrendsView } from './write-trends-view.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'trends-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function outcome(name: string, o: TestOutcome['outcome'], durationMs: number, timedOutAttempts = 0): TestOutcome {
  return {
    key: `k-${name}`,
    name,
    fullName: `spec.ts › ${name}`,
    outcome: o,
    attempts: o === 'passed' ? 1 : 2,
    timedOutAttempts,
    durationMs,
  };
}

function summary(start: number, tests: TestOutcome[]): ClassificationSummary {
  return {
    counters: { tests: tests.length, passed: 0, failed: 0, flaky: 0, retried: 0, timedOut: 0, skipped: 0 },
    tests,
    start,
    stop: start + 10,
  };
}

function record(runId: string, timestamp: number): RunRecord {
  return { runId, timestamp, counters: summary(0, []).counters, tests: [] };
}

describe('run history', () => {
  it('keeps the newest `limit` runs and replaces a re-recorded run instead of counting it twice', async () => {
    const file = join(root, 'runs.jsonl');
    for (let i = 1; i <= 5; i += 1) await appendRunRecord(file, record(`r${i}`, i), { limit: 3 });
    await appendRunRecord(file, record('r5', 5), { limit: 3 });
    expect((await readRunHistory(file)).map((r) => r.runId)).toEqual(['r3', 'r4', 'r5']);
  });

  it('refuses a truncated history, naming file and line, and does not overwrite it', async () => {
    const file = join(root, 'runs.jsonl');
    await appendRunRecord(file, record('r1', 1));
    const truncated = `${await readFile(file, 'utf8')}{"runId":"r2","times`;
    await writeFile(file, truncated);
    const error = await appendRunRecord(file, record('r3', 3)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunHistoryError);
    expect((error as Error).message).toContain(`${file}:2`);
    expect(await readFile(file, 'utf8')).toBe(truncated);
  });
});

describe('summarizeTrends', () => {
  it('computes flake rate and timeouts per test and sorts the most unstable first', () => {
    const runs: RunRecord[] = [
      [outcome('steady', 'passed', 10), outcome('flaky', 'flaky', 20), outcome('hang', 'timedOut', 1500, 2)],
      [outcome('steady', 'passed', 11), outcome('flaky', 'passed', 21), outcome('hang', 'timedOut', 1500, 2)],
      [outcome('steady', 'passed', 12), outcome('flaky', 'flaky', 22), outcome('hang', 'passed', 30)],
    ].map((tests, i) => ({ runId: `r${i}`, timestamp: i, counters: summary(0, []).counters, tests }));

    const trends = summarizeTrends(runs, 3);

    expect(trends.map((t) => t.name)).toEqual(['flaky', 'hang', 'steady']);
    const [flaky, hang, steady] = trends;
    expect(flaky).toMatchObject({ statuses: ['flaky', 'passed', 'flaky'], flakyRuns: 2, runs: 3 });
    expect(flaky?.flakeRate).toBeCloseTo(2 / 3);
    expect(hang).toMatchObject({ timedOutRuns: 2, timedOutAttempts: 4, failRate: 2 / 3, flakeRate: 0 });
    expect(steady).toMatchObject({ instability: 0, durationsMs: [10, 11, 12] });
  });

  it('marks runs where a test was absent and limits to the last N', () => {
    const runs: RunRecord[] = [
      { ...record('r1', 1), tests: [outcome('old', 'failed', 1)] },
      { ...record('r2', 2), tests: [outcome('new', 'passed', 1)] },
      { ...record('r3', 3), tests: [outcome('old', 'passed', 1), outcome('new', 'passed', 2)] },
    ];
    const trends = summarizeTrends(runs, 2);
    expect(trends.find((t) => t.name === 'old')).toMatchObject({
      statuses: ['absent', 'passed'],
      runs: 1,
      failRate: 0,
    });
  });
});

describe('writeTrendsView', () => {
  it('renders three recorded runs with escaped titles, rates and sparklines', async () => {
    const runsFile = join(root, 'runs.jsonl');
    const evil = 'flaky <script>alert(1)</script> & "quotes"';
    for (const [i, o] of (['flaky', 'passed', 'flaky'] as const).entries()) {
      await recordRun(summary(1000 * (i + 1), [outcome(evil, o, 20 + i), outcome('hang', 'timedOut', 1500, 2)]), {
        runsFile,
      });
    }
    const page = await writeTrendsView({ runsFile, outDir: join(root, 'trends'), lastN: 10 });
    const html = await readFile(page, 'utf8');

    expect(html).toContain('data-runs="3"');
    expect(html.match(/<tr class="run"/g)).toHaveLength(3);
    expect(html).not.toContain('<script>');
    expect(html).toContain('flaky &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('66.7% <small>(2/3)</small>');
    expect(html).toContain('3 run(s), 6 attempt(s)');
    expect(html.match(/<polyline/g)).toHaveLength(2); // one duration line per test, flat ones included
  });
});
