import { readdir, readFile, rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readResultFiles, type AllureResult } from '../../classify/index.js';
import { DataFileError } from '../../files/index.js';
import { readRunHistory } from '../../trends/index.js';
import { reportPaths } from '../paths.js';
import { runPostRun } from './post-run.js';
import { applyResultsRestore, planResultsRestore } from '../results-snapshot.js';
import { fingerprintTree, writeResultsProject } from '../testing/results-project.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'maestro-pipeline-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** What a rebuild must not change in a result: everything post-processing writes (labels, flags, messages, links, attachment names). */
async function annotations(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const { path, result } of await readResultFiles(await resultDirs())) {
    out[path] = { ...result, attachments: (result.attachments ?? []).map((a) => ({ name: a.name, type: a.type })) };
  }
  return out;
}

async function resultDirs(): Promise<string[]> {
  const base = reportPaths(root).allureResults;
  return (await readdir(base)).sort().map((name) => join(base, name));
}

async function folderListing(): Promise<string[]> {
  const names: string[] = [];
  for (const dir of await resultDirs()) names.push(...(await readdir(dir)).map((n) => `${dir}/${n}`));
  return names.sort();
}

async function lines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim() !== '');
}

describe('runPostRun: a rebuild from the same results', () => {
  it('leaves runs.jsonl, allure-history.jsonl and every annotation of the results as the first build left them', async () => {
    await writeResultsProject(root);
    const paths = reportPaths(root);

    const first = await runPostRun({ projectRoot: root, stdio: 'ignore' });
    const runs = await readFile(paths.runsFile, 'utf8');
    const allure = await lines(paths.allureHistoryFile);
    const annotated = await annotations();
    const listing = await folderListing();

    const second = await runPostRun({ projectRoot: root, stdio: 'ignore' });

    expect(await readFile(paths.runsFile, 'utf8')).toBe(runs);
    expect(await lines(paths.allureHistoryFile)).toEqual(allure);
    expect(second.replacedAllureEntries).toBe(1);
    expect(await annotations()).toEqual(annotated);
    expect(await folderListing()).toEqual(listing);
    // The annotations are really there (a build that annotated nothing would pass the comparison too).
    const flaky = Object.values(annotated).find(
      (r) => (r as AllureResult).name === 'E2E-201 flaky' && (r as AllureResult).status === 'passed',
    ) as AllureResult;
    expect(flaky.statusDetails?.flaky).toBe(true);
    expect(allure).toHaveLength(1);
    expect(first.recorded).toBe(true);

    // The record carries the run's identity and what trends need per test.
    const [record] = await readRunHistory(paths.runsFile);
    expect(record).toMatchObject({
      runId: 'run-a',
      complete: true,
      context: { scale: 0.25, shardCount: 2 },
      seeds: [
        { shard: 'shard-1-of-2', seed: 11 },
        { shard: 'shard-2-of-2', seed: 22 },
      ],
    });
    const byName = new Map(record?.tests.map((t) => [t.name, t]));
    expect(byName.get('E2E-201 flaky')).toMatchObject({
      outcome: 'flaky',
      shard: 'shard-1-of-2',
      firstError: 'E2E-201 flaky failed: expected 1 to be 2',
    });
    expect(byName.get('E2E-203 broken')).toMatchObject({ outcome: 'failed', shard: 'shard-2-of-2' });
    expect(byName.get('E2E-202 steady')?.firstError).toBeUndefined();
  }, 180_000);

  it('records the next run (other results, another id) as a second line in both histories', async () => {
    await writeResultsProject(root, 'run-a', 'a');
    const paths = reportPaths(root);
    await runPostRun({ projectRoot: root, stdio: 'ignore' });
    await rm(paths.allureResults, { recursive: true, force: true });
    await writeResultsProject(root, 'run-b', 'b');
    const next = await runPostRun({ projectRoot: root, stdio: 'ignore' });
    expect(next.replacedAllureEntries).toBe(0);
    expect((await readRunHistory(paths.runsFile)).map((r) => r.runId)).toEqual(['run-a', 'run-b']);
    expect(await lines(paths.allureHistoryFile)).toHaveLength(2);
  }, 180_000);

  it('builds the report of an incomplete run but records it in neither history', async () => {
    await writeResultsProject(root, 'run-a', 'a');
    const paths = reportPaths(root);
    await runPostRun({ projectRoot: root, stdio: 'ignore' });
    const runs = await readFile(paths.runsFile, 'utf8');
    const allure = await readFile(paths.allureHistoryFile, 'utf8');
    await rm(paths.allureResults, { recursive: true, force: true });
    await writeResultsProject(root, 'run-b', 'b');

    const partial = await runPostRun({ projectRoot: root, stdio: 'ignore', complete: false });

    expect(partial.recorded).toBe(false);
    expect(partial.record?.runId).toBe('run-b');
    expect(await readFile(partial.built.indexHtml, 'utf8')).toContain('<html');
    expect(await readFile(paths.runsFile, 'utf8')).toBe(runs);
    expect(await readFile(paths.allureHistoryFile, 'utf8')).toBe(allure);
  }, 180_000);
});

describe('results snapshot', () => {
  it('makes a post-processing step that is not idempotent yield the same results on every build', async () => {
    await writeResultsProject(root);
    const paths = reportPaths(root);
    // An annotator that appends its text again on every pass (the old regression annotation did).
    const annotate = async (): Promise<void> => {
      for (const { path, result } of await readResultFiles(await resultDirs())) {
        result.statusDetails = {
          ...result.statusDetails,
          message: `${result.statusDetails?.message ?? ''}\nperformance regression`,
        };
        await writeFile(path, JSON.stringify(result));
      }
      await writeFile(join((await resultDirs())[0] ?? root, `${Math.random()}-attachment.json`), '{}');
    };
    const build = async (): Promise<void> => {
      await applyResultsRestore(await planResultsRestore(await resultDirs(), paths.resultsSnapshots));
      await annotate();
    };
    await build();
    const once = await annotations();
    const files = (await folderListing()).length;
    await build();
    await build();
    expect(await annotations()).toEqual(once);
    expect((await folderListing()).length).toBe(files);
  });
});

describe('runPostRun: a corrupt data file', () => {
  const TRUNCATED = `{"uuid":"x","timestamp":1,"testResults":{"h":{"id":"${'9'.repeat(30_000)}`;
  const cases: { name: string; file: (p: ReturnType<typeof reportPaths>) => string; content: string; where: RegExp }[] =
    [
      {
        name: 'a truncated runs.jsonl line',
        file: (p) => p.runsFile,
        content:
          '{"runId":"r1","timestamp":1,"counters":{"tests":0,"passed":0,"failed":0,"flaky":0,"retried":0,"timedOut":0,"skipped":0},"tests":[]}\n{"runId":"r2","tim',
        where: /runs\.jsonl:2 is not valid JSON/,
      },
      {
        name: 'a runs.jsonl line of the wrong shape',
        file: (p) => p.runsFile,
        content: '{"runId":"r1","timestamp":"yesterday","counters":{},"tests":[]}\n',
        where: /runs\.jsonl:1 does not match its schema: at timestamp/,
      },
      {
        name: 'a 30 KB truncated allure-history.jsonl line',
        file: (p) => p.allureHistoryFile,
        content: `{"uuid":"u1","timestamp":1,"testResults":{}}\n${TRUNCATED}`,
        where: /allure-history\.jsonl:2 is not valid JSON/,
      },
      {
        name: 'an allure-history.jsonl line without testResults',
        file: (p) => p.allureHistoryFile,
        content: '{"uuid":"u1","timestamp":1}\n',
        where: /allure-history\.jsonl:1 does not match its schema: at testResults/,
      },
      {
        name: 'a corrupt run manifest',
        file: (p) => p.runManifest,
        content: '{"runId":',
        where: /maestro-run\.json is not valid JSON/,
      },
      {
        name: 'a shard record of the wrong type',
        file: (p) => join(p.allureResults, 'shard-2-of-2', 'maestro-shard-run.json'),
        content: '{"version":1,"runId":"r","shard":"shard-2-of-2","seed":"abc","startedAt":1}',
        where: /maestro-shard-run\.json does not match its schema: at seed/,
      },
      {
        name: 'a truncated result file',
        file: (p) => join(p.allureResults, 'shard-2-of-2', 'a-broken-result.json'),
        content: '{"uuid":"a-broken","name":',
        where: /a-broken-result\.json is not valid JSON/,
      },
      {
        name: 'a corrupt results snapshot',
        file: (p) => join(p.resultsSnapshots, 'shard-1-of-2.json'),
        content: '{"version":1,"files":[',
        where: /shard-1-of-2\.json is not valid JSON/,
      },
      {
        name: 'a corrupt baselines file',
        file: (p) => p.baselineFile,
        content: '{"schemaVersion":',
        where: /baselines\.json/,
      },
      {
        name: 'a corrupt baseline part',
        file: (p) => join(p.baselinePartsDir, 'shard-1-of-2.json'),
        content: '{"shard":',
        where: /parts\/shard-1-of-2\.json/,
      },
    ];

  for (const c of cases) {
    it(`stops on ${c.name}, naming file (and line) in one short line, before writing anything`, async () => {
      await writeResultsProject(root);
      const paths = reportPaths(root);
      // A valid history already there, so "nothing rewritten" covers it too.
      await runPostRun({ projectRoot: root, stdio: 'ignore' });
      const target = c.file(paths);
      await import('node:fs/promises').then(async (fs) => {
        await fs.mkdir(join(target, '..'), { recursive: true });
        await fs.writeFile(target, c.content);
      });
      const before = await fingerprintTree(root);

      const error = await runPostRun({ projectRoot: root, stdio: 'ignore' }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DataFileError);
      const message = (error as Error).message;
      expect(message).toMatch(c.where);
      expect(message).toContain(target.split('/').at(-1));
      expect(message.length).toBeLessThan(400);
      expect(message).not.toContain('\n');
      expect(await fingerprintTree(root)).toEqual(before);
    }, 180_000);
  }
});

describe('findingsByKey', () => {
  it("gives each test key the detector's measured work and verdicts, for the run record", async () => {
    const { findingsByKey } = await import('./qa-report-hooks.js');
    const measured = { cpuMs: 12, wallMs: 15 };
    const verdicts = [{ metric: 'cpuMs', status: 'unchanged' as const, reason: 'within the band' }];
    const report = { byTest: { k: { measured, verdicts } } };
    expect(findingsByKey(report as never).get('k')).toEqual({ measured, verdicts });
    expect(findingsByKey({ byTest: {} } as never).size).toBe(0);
    expect(findingsByKey(undefined).size).toBe(0);
  });
});
