import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyResults } from '../classify/index.js';
import { startPlaywright } from '../command-line/index.js';
import { QUARANTINE_LABEL, QUARANTINE_MARKS_FILE } from '../quarantine/index.js';
import { readRunHistory, recordRun } from '../trends/index.js';
import { SHARD_PLAN_FILE, SHARD_REPORTER_PATH, splitByCount, type ShardPlanRecord } from './index.js';

// Self-tests in Playwright's own style: throw-away projects run by the real `playwright test` CLI with allure-playwright
// and the shard reporter, then assertions on what each shard ran and what the reporters wrote.

const require = createRequire(import.meta.url);
const ALLURE_REPORTER = require.resolve('allure-playwright');
const REPO_NODE_MODULES = resolve(import.meta.dirname, '..', '..', 'node_modules');

/** The config of a temporary project: one allure results folder per shard, the shard reporter with env-driven paths. */
const CONFIG = `
import { defineConfig } from '@playwright/test';
const shard = process.argv.find((a) => a.startsWith('--shard='))?.slice('--shard='.length).replace('/', '-of-') ?? 'local';
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  fullyParallel: true,
  workers: 1,
  retries: 0,
  reporter: [
    ['list'],
    [${JSON.stringify(ALLURE_REPORTER)}, { resultsDir: 'allure-results/' + shard }],
    [${JSON.stringify(SHARD_REPORTER_PATH)}, {
      historyFile: process.env.SELF_TEST_HISTORY ?? 'history/runs.jsonl',
      quarantineFile: process.env.SELF_TEST_QUARANTINE ?? 'quarantine.yaml',
      today: process.env.SELF_TEST_TODAY ?? '2026-11-24',
    }],
  ],
});
`;

const SPECS: Record<string, string> = {
  'a.spec.ts': `import { test, expect } from '@playwright/test';
test('T-01: long', () => { expect(1).toBe(1); });
test('T-02: medium', () => { expect(1).toBe(1); });
test('T-03: medium', () => { expect(1).toBe(1); });
test('plain test without history', () => { expect(1).toBe(1); });
`,
  'b.spec.ts': `import { test, expect } from '@playwright/test';
test.describe.serial('serial group', () => {
  test('T-04: one', () => { expect(1).toBe(1); });
  test('T-05: two', () => { expect(1).toBe(1); });
  test('T-06: three', () => { expect(1).toBe(1); });
});
test('T-10: alone', () => { expect(1).toBe(1); });
`,
  'c.spec.ts': `import { test, expect } from '@playwright/test';
test.describe.configure({ mode: 'default' });
test('T-07: first of a sequential file', () => { expect(1).toBe(1); });
test('T-08: second of a sequential file', () => { expect(1).toBe(1); });
`,
};

/** The recorded durations the plan is made from (the run itself takes milliseconds; only these matter). */
const DESIGNED_MS: Record<string, number> = {
  'T-01: long': 9_000,
  'T-02: medium': 3_000,
  'T-03: medium': 3_000,
  'T-04: one': 1_000,
  'T-05: two': 1_000,
  'T-06: three': 1_000,
  'T-10: alone': 2_000,
  'T-07: first of a sequential file': 500,
  'T-08: second of a sequential file': 500,
};
const ALL_TITLES = [...Object.keys(DESIGNED_MS), 'plain test without history'].sort();

interface Run {
  code: number;
  output: string;
}

async function runPlaywright(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const childEnv = { FORCE_COLOR: '0', ...env, CI: undefined };
  const { code, output } = await startPlaywright(['test', '--config', join(cwd, 'playwright.config.mjs'), ...args], {
    cwd,
    env: childEnv,
    stdout: 'capture',
    stderr: 'capture',
  }).done;
  return { code, output };
}

async function makeProject(prefix: string, specs: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'shard-self-test', type: 'module' }));
  // The specs and the config import @playwright/test as a user's project would.
  await symlink(REPO_NODE_MODULES, join(dir, 'node_modules'), 'dir');
  await writeFile(join(dir, 'playwright.config.mjs'), CONFIG);
  for (const [name, text] of Object.entries(specs)) await writeFile(join(dir, name), text);
  return dir;
}

async function resultNames(
  dir: string,
): Promise<{ name: string; status: string; labels: { name: string; value: string }[] }[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('-result.json'));
  return Promise.all(
    files.map(
      async (f) =>
        JSON.parse(await readFile(join(dir, f), 'utf8')) as {
          name: string;
          status: string;
          labels: { name: string; value: string }[];
        },
    ),
  );
}

const titleOf = (planId: string): string => planId.split(' › ').at(-1) ?? planId;

describe('duration-balanced shards under the real Playwright CLI', () => {
  let project: string;
  const shards: { run: Run; ran: string[]; record: ShardPlanRecord }[] = [];

  beforeAll(async () => {
    project = await makeProject('maestro-shards-self-test-', SPECS);
    // A first, unsharded run goes through the real pipeline (classify + recordRun), so the history carries the keys
    // allure-playwright really writes; its durations are then replaced by designed ones and one test is left out.
    const first = await runPlaywright(project, []);
    expect(first.code, first.output).toBe(0);
    const runsFile = join(project, 'history', 'runs.jsonl');
    await recordRun(await classifyResults([join(project, 'allure-results', 'local')], { countersDir: false }), {
      runsFile,
    });
    const [record] = await readRunHistory(runsFile);
    if (record === undefined) throw new Error('no run recorded');
    record.tests = record.tests
      .filter((t) => t.name in DESIGNED_MS)
      .map((t) => ({ ...t, durationMs: DESIGNED_MS[t.name] ?? 0 }));
    await writeFile(runsFile, `${JSON.stringify(record)}\n`);
    for (const current of [1, 2]) {
      const run = await runPlaywright(project, [`--shard=${current}/2`]);
      const dir = join(project, 'allure-results', `${current}-of-2`);
      const ran = (await resultNames(dir)).map((r) => r.name).sort();
      shards.push({
        run,
        ran,
        record: JSON.parse(await readFile(join(dir, SHARD_PLAN_FILE), 'utf8')) as ShardPlanRecord,
      });
    }
  }, 240_000);

  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('runs every test exactly once over the two shards, each shard the tests its plan gives it', () => {
    for (const { run } of shards) expect(run.code, run.output).toBe(0);
    expect(shards.flatMap((s) => s.ran).sort()).toEqual(ALL_TITLES);
    for (const { ran, record } of shards) {
      const plan = record.plan;
      if (plan.method !== 'duration') throw new Error(`expected a duration plan, got ${JSON.stringify(plan)}`);
      expect(ran).toEqual(plan.shards[record.current - 1]?.tests.map((t) => titleOf(t.planId)).sort());
    }
  });

  it('computes the same plan on both shards, prints its hash and writes it into each shard results', () => {
    const hashes = shards.map(({ record }) => (record.plan.method === 'duration' ? record.plan.hash : undefined));
    expect(hashes[0]).toMatch(/^[0-9a-f]{12}$/);
    expect(hashes[1]).toBe(hashes[0]);
    for (const { run } of shards)
      expect(run.output).toContain(`[shards] plan ${hashes[0] ?? ''}: 2 shards by recorded duration`);
  });

  it('finds the history under the keys allure-playwright writes, estimates the missing test, balances to the bound', () => {
    const plan = shards[0]?.record.plan;
    if (plan?.method !== 'duration') throw new Error('expected a duration plan');
    expect([plan.history.measured, plan.history.estimated]).toEqual([9, 1]);
    const plain = plan.shards.flatMap((s) => s.tests).find((t) => t.planId.endsWith('plain test without history'));
    // a.spec.ts's measured tests take 9,000, 3,000 and 3,000 ms: its median is the estimate.
    expect(plain).toMatchObject({ ms: 3_000, source: 'file-median' });
    expect(plan.lowerBoundMs).toBe(12_000);
    expect(plan.makespanMs).toBe(12_000);
    expect(plan.countSplitMakespanMs).toBeGreaterThan(plan.makespanMs);
  });

  it('keeps the serial describe and the sequential file each on one shard', () => {
    const shardOf = (title: string): number => shards.findIndex((s) => s.ran.includes(title));
    expect(new Set(['T-04: one', 'T-05: two', 'T-06: three'].map(shardOf)).size).toBe(1);
    expect(new Set(['T-07: first of a sequential file', 'T-08: second of a sequential file'].map(shardOf)).size).toBe(
      1,
    );
  });

  // Playwright's groups of this layout, in its order: the serial describe and the sequential file stay together.
  const GROUPS = [
    ['T-01: long'],
    ['T-02: medium'],
    ['T-03: medium'],
    ['plain test without history'],
    ['T-04: one', 'T-05: two', 'T-06: three'],
    ['T-10: alone'],
    ['T-07: first of a sequential file', 'T-08: second of a sequential file'],
  ];
  const countSplitTitles = (total: number, current: number): string[] =>
    (
      splitByCount(
        GROUPS.map((g, i) => ({ id: String(i), active: g.length, tests: g.length })),
        total,
      )[current - 1] ?? []
    )
      .flatMap((id) => GROUPS[Number(id)] ?? [])
      .sort();

  /** The tests a `--list` run printed (the list reporter's lines), by title. */
  const listedByListReporter = (output: string): string[] =>
    output
      .split('\n')
      .filter((l) => /^\s+\S+\.spec\.ts:\d+:\d+ › /.test(l))
      .map((l) => l.split(' › ').at(-1)?.trim() ?? '')
      .sort();

  it("without a usable history leaves Playwright's own split, says why in one line, and the benchmark reproduces that split", async () => {
    const missing = await runPlaywright(project, ['--list', '--shard=1/2'], {
      SELF_TEST_HISTORY: 'missing/runs.jsonl',
    });
    expect(missing.output).toContain(
      "[shards] no run history at missing/runs.jsonl: Playwright's own split by test count",
    );
    expect(listedByListReporter(missing.output)).toEqual(countSplitTitles(2, 1));
    // A damaged history does not stop the tests either: it is named, and the split is Playwright's.
    await writeFile(join(project, 'history', 'torn.jsonl'), '{"runId":"r1","times');
    const torn = await runPlaywright(project, ['--list', '--shard=2/2'], { SELF_TEST_HISTORY: 'history/torn.jsonl' });
    expect(torn.output).toMatch(
      /\[shards\] the run history cannot be used \(run history .*torn\.jsonl:1 is not valid JSON \(truncated\?\)\): Playwright's own split by test count/,
    );
    expect(listedByListReporter(torn.output)).toEqual(countSplitTitles(2, 2));
  }, 120_000);
});

describe('quarantine under the real Playwright CLI', () => {
  let project: string;

  beforeAll(async () => {
    project = await makeProject('maestro-quarantine-self-test-', {
      'q.spec.ts': `import { test, expect } from '@playwright/test';
test('Q-01: fails on purpose', () => { expect(1, 'the quarantined test really fails').toBe(2); });
test('Q-02: passes', () => { expect(1).toBe(1); });
`,
    });
    await writeFile(
      join(project, 'quarantine.yaml'),
      'version: 1\ntests:\n  - test: Q-01\n    reason: known to fail\n    added: 2026-11-01\n    expires: 2026-11-30\n',
    );
    await writeFile(join(project, 'bad.yaml'), 'version: 1\ntests:\n  - test: Q-01\n    added: 2026-11-31\n');
  }, 60_000);

  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('runs and reports a failing quarantined test, and exits 0', async () => {
    const run = await runPlaywright(project, [], { SELF_TEST_TODAY: '2026-11-24' });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('1 failed');
    expect(run.output).toContain('the quarantined test really fails');
    expect(run.output).toContain(
      '[quarantine] 1 quarantined test(s) failed and do not fail the run: Q-01 (known to fail; until 2026-11-30)',
    );
    const dir = join(project, 'allure-results', 'local');
    const marks = JSON.parse(await readFile(join(dir, QUARANTINE_MARKS_FILE), 'utf8')) as {
      quarantined: { entry: string }[];
    };
    expect(marks.quarantined.map((m) => m.entry)).toEqual(['Q-01']);
    await classifyResults([dir], { countersDir: false });
    const results = await resultNames(dir);
    const q1 = results.find((r) => r.name.startsWith('Q-01'));
    expect(q1?.status).toBe('failed');
    expect(q1?.labels).toContainEqual({ name: QUARANTINE_LABEL, value: 'known to fail (until 2026-11-30)' });
    expect(results.find((r) => r.name.startsWith('Q-02'))?.labels.some((l) => l.name === QUARANTINE_LABEL)).toBe(false);
  }, 60_000);

  it('counts the failure again once the entry expired, and says so', async () => {
    await mkdir(join(project, 'allure-results'), { recursive: true });
    const run = await runPlaywright(project, [], { SELF_TEST_TODAY: '2026-12-01' });
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      '[quarantine] entry Q-01 (quarantine.yaml:3) expired on 2026-11-30: its failures count again',
    );
    expect(run.output).not.toContain('do not fail the run');
  }, 60_000);

  it('stops on an invalid quarantine file with every problem located and no stack trace', async () => {
    const run = await runPlaywright(project, ['--list'], { SELF_TEST_QUARANTINE: 'bad.yaml' });
    expect(run.code).toBe(1);
    expect(run.output).toContain('QuarantineFileError: quarantine file');
    expect(run.output).toContain('bad.yaml:3:5 tests[0].reason: is required');
    expect(run.output).toContain('bad.yaml:4:12 tests[0].added: "2026-11-31" is not a calendar day');
    expect(run.output).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('a workload change under the real Playwright CLI', () => {
  let project: string;

  beforeAll(async () => {
    project = await makeProject('maestro-workload-self-test-', {
      'w.spec.ts': `import { test, expect } from '@playwright/test';
test('W-01: made cheaper', { annotation: { type: 'workload-changed', description: '2026-12-06T21:15Z' } }, () => { expect(1).toBe(1); });
test('W-02: unchanged', () => { expect(1).toBe(1); });
test('W-03: unchanged', () => { expect(1).toBe(1); });
test('W-04: misdated', { annotation: { type: 'workload-changed', description: '2026-12-06 21:15' } }, () => { expect(1).toBe(1); });
`,
    });
    await mkdir(join(project, 'history'));
    // Two runs from before W-01's change, where it took 40 s; one after it, at 4 s.
    const entry = (key: string, durationMs: number) => ({
      key,
      name: key,
      fullName: key,
      outcome: 'passed',
      attempts: 1,
      timedOutAttempts: 0,
      durationMs,
    });
    const run = (runId: string, iso: string, w01: number) => ({
      runId,
      timestamp: Date.parse(iso),
      counters: { tests: 4, passed: 4, failed: 0, broken: 0, skipped: 0, flaky: 0, timedOut: 0, retried: 0 },
      tests: [entry('W-01', w01), entry('W-02', 5_000), entry('W-03', 5_000), entry('W-04', 5_000)],
    });
    const lines = [run('r1', '2026-12-06T20:00Z', 40_000), run('r2', '2026-12-06T21:00Z', 40_000)];
    await writeFile(join(project, 'history', 'runs.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    await writeFile(
      join(project, 'history', 'after.jsonl'),
      [...lines, run('r3', '2026-12-06T21:20Z', 4_000)].map((l) => JSON.stringify(l)).join('\n') + '\n',
    );
  }, 60_000);

  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  const planOf = async (history: string): Promise<{ output: string; plan: ShardPlanRecord['plan'] }> => {
    const out = join(project, `plan-${history}.json`);
    const run = await runPlaywright(project, ['--list', '--shard=1/2'], {
      SELF_TEST_HISTORY: `history/${history}`,
      MAESTRO_SHARD_PLAN_OUT: out,
    });
    expect(run.code, run.output).toBe(0);
    return { output: run.output, plan: (JSON.parse(await readFile(out, 'utf8')) as ShardPlanRecord).plan };
  };
  const testsOf = (plan: ShardPlanRecord['plan']) =>
    plan.method === 'duration'
      ? plan.shards
          .flatMap((s) => s.tests)
          .map((t) => [titleOf(t.planId), t.ms, t.source])
          .sort()
      : [];

  it("leaves out the durations recorded before a test's workload changed, and says so", async () => {
    const before = await planOf('runs.jsonl');
    // Only old durations: W-01 is estimated like a test without history (its file's median), not planned at 40 s.
    expect(testsOf(before.plan)).toEqual([
      ['W-01: made cheaper', 5_000, 'file-median'],
      ['W-02: unchanged', 5_000, 'measured'],
      ['W-03: unchanged', 5_000, 'measured'],
      ['W-04: misdated', 5_000, 'measured'],
    ]);
    expect(before.output).toContain('durations from before a workload change left out: 2 of W-01');
    const after = await planOf('after.jsonl');
    expect(testsOf(after.plan)[0]).toEqual(['W-01: made cheaper', 4_000, 'measured']);
    expect(after.output).toContain('durations from before a workload change left out: 2 of W-01');
  }, 60_000);

  it('names an annotation that holds no UTC time, and plans that test from all its history', async () => {
    const { output } = await planOf('runs.jsonl');
    expect(output).toContain(
      '[shards] W-04: misdated: annotation workload-changed "2026-12-06 21:15" is not a UTC day or time (2026-12-06 or 2026-12-06T21:30Z); ignored',
    );
  }, 60_000);
});
