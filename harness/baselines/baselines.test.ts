import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AllureResult } from '../classify/index.js';
import type { RunContext } from '../pipeline/index.js';
import { parseBaselineArgs } from '../cli/baseline-args.js';
import { acceptRun, validateKeep } from './accept-run.js';
import { readBaselineFile } from './baseline-file.js';
import { writeBaselinePart } from './baseline-part.js';
import { checkRegressions } from './check-regressions.js';
import { BaselineFileError, BaselineRefusedError } from './errors.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'baselines-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const context = (overrides: Partial<RunContext> = {}): RunContext => ({
  scale: 0.25,
  workers: 1,
  node: 'v20.19.0',
  machine: 'm1',
  commit: 'c0ffee',
  shardCount: 1,
  ...overrides,
});

interface FakeTest {
  cpuMs: number;
  wallMs?: number;
  rssGrowthMb?: number;
  status?: 'passed' | 'failed';
}

/** A shard's results folder: one Allure result per test with the harness's metrics.json attachment in a step. */
async function writeShardResults(dir: string, tests: Record<string, FakeTest>): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const [name, t] of Object.entries(tests)) {
    const source = `${name}-metrics-attachment.json`;
    const measured = {
      wallMs: t.wallMs ?? t.cpuMs * 1.2,
      cpuMs: t.cpuMs,
      rssGrowthMb: t.rssGrowthMb ?? 4,
      heapGrowthMb: 2,
      samples: 1,
      rssPeakMb: 300,
    };
    await writeFile(join(dir, source), JSON.stringify({ schemaVersion: 1, durationMs: 999, measured }));
    const result: AllureResult = {
      uuid: `uuid-${name}`,
      name: `${name}: a test`,
      historyId: `h-${name}`,
      status: t.status ?? 'passed',
      statusDetails: t.status === 'failed' ? { message: 'boom' } : {},
      start: 0,
      stop: 1,
      steps: [{ name: 'metrics', attachments: [{ name: 'metrics.json', source, type: 'application/json' }] }],
    };
    await writeFile(join(dir, `${name}-result.json`), JSON.stringify(result));
  }
}

describe('parts, acceptance, regressions, annotation', () => {
  const partsDir = () => join(root, 'parts');
  const baselineFile = () => join(root, 'baselines.json');
  const resultsDir = () => join(root, 'results', 'local');

  async function run(runId: string, tests: Record<string, FakeTest>, ctx = context()): Promise<void> {
    await rm(partsDir(), { recursive: true, force: true });
    await writeShardResults(resultsDir(), tests);
    await writeBaselinePart({ resultsDir: resultsDir(), partsDir: partsDir(), shard: 'local', runId, context: ctx });
  }

  async function acceptSteady(n: number): Promise<void> {
    const cpu = [200, 206, 197, 203, 199];
    for (let i = 0; i < n; i++) {
      await run(`r${i}`, { a: { cpuMs: cpu[i % cpu.length] ?? 200 }, b: { cpuMs: 50 + i } });
      await acceptRun({ baselineFile: baselineFile(), partsDir: partsDir() });
    }
  }

  const check = () =>
    checkRegressions({ baselineFile: baselineFile(), partsDir: partsDir(), resultsDirs: [resultsDir()] });

  it('says "insufficient history (k of 3 accepted runs)" until three comparable runs are accepted', async () => {
    await run('r0', { a: { cpuMs: 200 } });
    expect((await check()).summary).toBe('insufficient history (0 of 3 accepted runs)');
    await acceptSteady(1);
    await run('x', { a: { cpuMs: 900 } });
    const report = await check();
    expect(report.summary).toBe('insufficient history (1 of 3 accepted runs)');
    expect(report.regressed).toEqual([]);
    expect(report.byTest['h-a']?.verdicts[0]).toMatchObject({ metric: 'cpuMs', status: 'insufficient-history' });
  });

  it('flags a test whose CPU time rose, explains it in JSON and HTML, labels it by metric, and annotating twice changes nothing', async () => {
    await acceptSteady(4);
    await run('new', { a: { cpuMs: 300 }, b: { cpuMs: 52 } });
    const report = await check();
    expect(report.status).toBe('judged');
    expect(report.regressed).toEqual(['h-a']);
    expect(report.summary).toMatch(/^1 regressed in 2 judged: a cpuMs \+4\d\.\d% \(p=0\.\d+\)$/);
    const cpu = report.byTest['h-a']?.verdicts.find((v) => v.metric === 'cpuMs');
    expect(cpu).toMatchObject({ status: 'regressed', unit: 'ms', current: 300, baseline: { median: 201.5, runs: 4 } });
    expect(cpu?.pValue).toBeLessThan(0.01);
    expect(cpu?.reason).toMatch(/cpuMs 300 ms vs baseline median 20\d ms of 4 runs/);
    expect((cpu as { baselineRuns?: unknown[] } | undefined)?.baselineRuns).toHaveLength(4);
    expect(report.byTest['h-a']?.measured).toMatchObject({ cpuMs: 300, wallMs: 360, rssGrowthMb: 4, rssPeakMb: 300 });

    const resultPath = join(resultsDir(), 'a-result.json');
    const a = JSON.parse(await readFile(resultPath, 'utf8')) as AllureResult;
    expect(a.labels).toEqual([
      { name: 'failureClass', value: 'regression' },
      { name: 'regressedMetric', value: 'cpuMs' },
    ]);
    expect(a.statusDetails?.message).toMatch(/^performance regression: cpuMs 300 ms vs baseline median 20\d ms/);
    const html = a.attachments?.find((x) => x.type === 'text/html');
    expect(await readFile(join(resultsDir(), html?.source ?? 'missing'), 'utf8')).toMatch(
      /<td class="regressed">regressed<\/td>[\s\S]*c0ffee/,
    );
    const b = JSON.parse(await readFile(join(resultsDir(), 'b-result.json'), 'utf8')) as AllureResult;
    expect(b.labels ?? []).toEqual([]);
    expect(b.attachments?.map((x) => x.name)).toEqual(['baseline comparison', 'baseline comparison (table)']);

    const snapshot = async (): Promise<Record<string, string>> =>
      Object.fromEntries(
        await Promise.all(
          (await readdir(resultsDir()))
            .sort()
            .map(async (n) => [n, await readFile(join(resultsDir(), n), 'utf8')] as const),
        ),
      );
    const once = await snapshot();
    await check();
    expect(await snapshot()).toEqual(once);
  });

  it('never calls a metric that moved in its better direction a regression, and judges the same run the same after it is accepted', async () => {
    await acceptSteady(4);
    await run('fast', { a: { cpuMs: 120 }, b: { cpuMs: 51 } });
    const report = await check();
    expect(report.regressed).toEqual([]);
    expect(report.byTest['h-a']?.verdicts.find((v) => v.metric === 'cpuMs')?.status).toBe('improved');
    await acceptRun({ baselineFile: baselineFile(), partsDir: partsDir() });
    const again = await check();
    expect(again.byTest['h-a']?.verdicts).toEqual(report.byTest['h-a']?.verdicts);
  });

  it('refuses to judge against history of another scale, and says so', async () => {
    await acceptSteady(3);
    await run('big', { a: { cpuMs: 800 } }, context({ scale: 1 }));
    const report = await check();
    expect(report.status).toBe('refused');
    expect(report.summary).toBe('refused: scale 1 vs 0.25 in history (3 accepted runs); nothing judged');
    expect(report.regressed).toEqual([]);
    expect(report.byTest['h-a']?.verdicts[0]?.status).toBe('refused');
  });

  it('baseline:update refuses a run it already holds and leaves the file as it was', async () => {
    await acceptSteady(1);
    const before = await readFile(baselineFile(), 'utf8');
    const error = await acceptRun({ baselineFile: baselineFile(), partsDir: partsDir() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BaselineRefusedError);
    expect(error).toMatchObject({
      code: 'E_BASELINE_DUPLICATE_RUN',
      message: expect.stringMatching(/^run r0 is already accepted/),
    });
    expect(await readFile(baselineFile(), 'utf8')).toBe(before);
  });

  it('asks for --force to accept a run with failures or regressions, naming them', async () => {
    await acceptSteady(3);
    await run('bad', { a: { cpuMs: 400 }, b: { cpuMs: 50, status: 'failed' } });
    const error = await acceptRun({ baselineFile: baselineFile(), partsDir: partsDir() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_BASELINE_NEEDS_FORCE' });
    expect((error as Error).message).toMatch(
      /1 failed test\(s\): b: a test \(failed\) and 1 regression\(s\): a: a test: cpuMs \+\d+/,
    );
    const forced = await acceptRun({ baselineFile: baselineFile(), partsDir: partsDir(), force: true });
    expect(forced.forced?.failures).toEqual(['b: a test (failed)']);
    const file = await readBaselineFile(baselineFile());
    expect(file?.runs.at(-1)).toMatchObject({ runId: 'bad', forced: { failures: ['b: a test (failed)'] } });
    expect(file?.tests['h-b']?.samples.map((s) => s.runId)).toEqual(['r0', 'r1', 'r2']);
  });

  it('keeps the last k runs per test and drops runs nothing refers to', async () => {
    for (let i = 0; i < 5; i++) {
      await run(`k${i}`, { a: { cpuMs: 100 + i } });
      await acceptRun({ baselineFile: baselineFile(), partsDir: partsDir(), keep: 3 });
    }
    const file = await readBaselineFile(baselineFile());
    expect(file?.tests['h-a']?.samples.map((s) => s.runId)).toEqual(['k2', 'k3', 'k4']);
    expect(file?.runs.map((r) => r.runId)).toEqual(['k2', 'k3', 'k4']);
  });

  it('refuses samples of the wrong type naming the file and the field, and a bad keep', async () => {
    await acceptSteady(1);
    const file = JSON.parse(await readFile(baselineFile(), 'utf8')) as {
      tests: Record<string, { samples: Record<string, unknown>[] }>;
    };
    const sample = file.tests['h-a']?.samples[0];
    if (sample !== undefined) sample['cpuMs'] = 'fast';
    await writeFile(baselineFile(), JSON.stringify(file));
    const error = await check().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BaselineFileError);
    expect((error as Error).message).toContain(baselineFile());
    expect((error as Error).message).toContain('tests.h-a.samples.0.cpuMs');
    expect(() => validateKeep(-1)).toThrow(/keep must be a whole number of runs from 1 to 1000, got -1/);
    expect(() => validateKeep(Number('abc'))).toThrow(RangeError);
    await expect(acceptRun({ baselineFile: baselineFile(), partsDir: partsDir(), keep: 0 })).rejects.toThrow(
      RangeError,
    );
  });

  it('refuses a truncated baselines file, a corrupt part, and a schemaVersion 1 file by name, writing nothing', async () => {
    await acceptSteady(1);
    const truncated = (await readFile(baselineFile(), 'utf8')).slice(0, 40);
    await writeFile(baselineFile(), truncated);
    await expect(acceptRun({ baselineFile: baselineFile(), partsDir: partsDir() })).rejects.toMatchObject({
      code: 'E_BASELINE_CORRUPT',
    });
    expect(await readFile(baselineFile(), 'utf8')).toBe(truncated);

    await writeFile(baselineFile(), JSON.stringify({ schemaVersion: 1, updatedAt: 'x', keep: 10, tests: {} }));
    await expect(check()).rejects.toMatchObject({
      code: 'E_BASELINE_LEGACY',
      message: expect.stringContaining(baselineFile()),
    });

    const bad = join(partsDir(), 'shard-9-of-9.json');
    await writeFile(
      bad,
      JSON.stringify({
        schemaVersion: 2,
        shard: 's',
        createdAt: 'x',
        runId: 'r',
        context: context(),
        samples: [{ key: 'k', name: 'n', measured: { cpuMs: 'fast' } }],
        failed: [],
      }),
    );
    await rm(baselineFile());
    await expect(acceptRun({ baselineFile: baselineFile(), partsDir: partsDir() })).rejects.toThrow(
      /shard-9-of-9\.json is not usable: samples\.0\.measured\.cpuMs/,
    );
    await expect(readFile(baselineFile(), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('baseline:update arguments', () => {
  it('takes --keep N and --force, and refuses anything else with a clear message', () => {
    expect(parseBaselineArgs(['--keep', '5', '--force'])).toEqual({ keep: 5, force: true, help: false });
    expect(() => parseBaselineArgs(['--keep', 'abc'])).toThrow(
      /--keep needs a whole number of runs from 1 to 1000, got "abc"/,
    );
    expect(() => parseBaselineArgs(['--keep=-1'])).toThrow(/got "-1"/);
    expect(() => parseBaselineArgs(['--keep', '-1'])).toThrow(/got "-1"/);
    expect(() => parseBaselineArgs(['--keep', '0'])).toThrow(/got "0"/);
    expect(() => parseBaselineArgs(['--kep', '3'])).toThrow(/--kep/);
  });
});
