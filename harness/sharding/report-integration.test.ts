import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportCategories } from '../classify/index.js';
import { QUARANTINE_CATEGORY } from '../quarantine/index.js';
import { createQaReportHooks } from '../pipeline/post-run/index.js';
import { recordRun } from '../trends/index.js';
import {
  describeShardTimes,
  shardBalance,
  summarizeShardPlans,
  zeroCosts,
  SHARD_PLAN_FILE,
  type ShardPlanRecord,
} from './index.js';

// The few lines the quarantine and the shard plan add to the report pipeline (categories, trends marks, the merge's
// plan summary), checked through the pipeline's own entry points.

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'maestro-shard-report-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('quarantine in the report', () => {
  it('files quarantined tests under the first category, before timeouts and the other failures', () => {
    expect(reportCategories[0]).toBe(QUARANTINE_CATEGORY);
    expect(reportCategories[0].name).toBe('Quarantined');
  });

  it('marks quarantined and proposed tests on their row of the trends view', async () => {
    const runsFile = join(root, 'reports', 'history', 'runs.jsonl');
    const test = (key: string, outcome: 'passed' | 'failed') => ({
      key,
      name: `${key}: t`,
      fullName: `a.spec.ts › ${key}: t`,
      outcome,
      attempts: 1,
      timedOutAttempts: 0,
      durationMs: 10,
    });
    const statuses: ['passed' | 'failed', 'passed' | 'failed'][] = [
      ['passed', 'failed'],
      ['failed', 'passed'],
      ['failed', 'failed'],
    ];
    for (const [i, [a, b]] of statuses.entries()) {
      const counters = { tests: 2, passed: 0, failed: 0, flaky: 0, retried: 0, timedOut: 0, skipped: 0 };
      await recordRun(
        { counters, tests: [test('E2E-1', a), test('E2E-2', b)], start: i * 100, stop: i * 100 + 1 },
        { runsFile },
      );
    }
    await writeFile(
      join(root, 'quarantine.yaml'),
      'version: 1\ntests:\n  - { test: E2E-2, reason: waits for a fix, added: 2026-01-01, expires: 2999-12-31 }\n',
    );
    await createQaReportHooks({ projectRoot: root }).afterGenerate(join(root, 'report'));
    const html = await readFile(join(root, 'report', 'trends', 'index.html'), 'utf8');
    expect(html).toContain(
      '<span class="mark" data-mark="quarantined">Quarantined until 2999-12-31: waits for a fix</span>',
    );
    expect(html).toContain(
      '<span class="mark" data-mark="propose-quarantine">Proposed for quarantine: flaky in 2 of the last 3 runs</span>',
    );
  });
});

describe('shard plans at the merge', () => {
  const record = (current: number, hash: string, wallMs: number): ShardPlanRecord => ({
    version: 1,
    current,
    total: 2,
    plan: {
      version: 1,
      method: 'duration',
      hash,
      total: 2,
      groups: 2,
      costs: zeroCosts(),
      lowerBoundMs: 100,
      makespanMs: 100,
      countSplitMakespanMs: 150,
      history: { file: 'h', runsInFile: 1, runsUsed: 1, measured: 2, estimated: 0 },
      shards: [
        { index: 1, plannedMs: 100, tests: [] },
        { index: 2, plannedMs: 90, tests: [] },
      ],
    },
    actual: { wallMs, testsMs: wallMs - 5, tests: 1 },
  });

  it('says one plan ran on every shard, with planned beside measured times, or names the shards that disagree', async () => {
    const dirs = [join(root, 'shard-1-of-2'), join(root, 'shard-2-of-2')];
    for (const dir of dirs) await mkdir(dir, { recursive: true });
    await writeFile(join(dirs[0]!, SHARD_PLAN_FILE), JSON.stringify(record(1, 'aaaaaaaaaaaa', 1_100)));
    await writeFile(join(dirs[1]!, SHARD_PLAN_FILE), JSON.stringify(record(2, 'aaaaaaaaaaaa', 900)));
    const same = await summarizeShardPlans(dirs);
    expect(same.agree).toBe(true);
    expect(same.lines).toEqual([
      'shard plan: aaaaaaaaaaaa on all 2 shard(s), by recorded duration',
      '  shard-1-of-2: planned 100 ms, ran 1.1 s (1 tests, 1.1 s in tests)',
      '  shard-2-of-2: planned 90 ms, ran 900 ms (1 tests, 895 ms in tests)',
      '  run time slowest 1.1 s, mean 1.0 s: slowest is 10.0 % over the mean',
    ]);
    await writeFile(join(dirs[1]!, SHARD_PLAN_FILE), JSON.stringify(record(2, 'bbbbbbbbbbbb', 900)));
    const differ = await summarizeShardPlans(dirs);
    expect(differ.agree).toBe(false);
    expect(differ.lines[0]).toBe(
      'shard plan: the shards did NOT run one plan: shard-1-of-2 aaaaaaaaaaaa, shard-2-of-2 bbbbbbbbbbbb',
    );
  });

  it('measures the spread of shard times against their mean', () => {
    expect(shardBalance([10, 10, 10, 14])).toEqual({ slowestMs: 14, meanMs: 11, overMean: 3 / 11 });
    expect(
      describeShardTimes([
        { label: '1/2', ms: 2_000 },
        { label: '2/2', ms: 1_000 },
      ]),
    ).toBe('shard times: 1/2 2.0 s, 2/2 1.0 s; slowest 2.0 s, mean 1.5 s: slowest is 33.3 % over the mean');
  });
});
