import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, type BuiltReport } from './build-report.js';

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => join(e.parentPath, e.name));
}

function result(uuid: string, name: string, status: string) {
  return {
    uuid,
    historyId: name,
    name,
    fullName: name,
    status,
    stage: 'finished',
    start: 1_700_000_000_000,
    stop: 1_700_000_001_000,
    labels: [{ name: 'epic', value: 'Resource Limits' }],
    attachments: [],
    steps: [],
    parameters: [],
  };
}

describe('buildReport (real allure generate)', () => {
  let project: string;
  let built: BuiltReport;
  let hooks: string[];

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'maestro-report-'));
    const shard1 = join(project, 'reports', 'allure-results', 'shard-1-of-2');
    const shard2 = join(project, 'reports', 'allure-results', 'shard-2-of-2');
    await mkdir(shard1, { recursive: true });
    await mkdir(shard2, { recursive: true });
    await writeFile(join(shard1, 'a-result.json'), JSON.stringify(result('a', 'E2E-101: one', 'passed')));
    await writeFile(join(shard2, 'b-result.json'), JSON.stringify(result('b', 'E2E-102: two', 'failed')));
    await writeFile(
      join(shard2, 'b-perf.json'),
      JSON.stringify([
        { id: 'E2E-102.durationMs', key: 'E2E-102.durationMs', value: 1000, start: 1, stop: 2, unit: 'ms' },
      ]),
    );
    await writeFile(
      join(project, 'allurerc.json'),
      JSON.stringify({ name: 'self-test', plugins: { awesome: { options: { singleFile: false } } } }),
    );
    // A stale file from an earlier report must not survive the rebuild.
    await mkdir(join(project, 'reports', 'allure-report'), { recursive: true });
    await writeFile(join(project, 'reports', 'allure-report', 'stale.txt'), 'old');
    hooks = [];
    built = await buildReport({
      projectRoot: project,
      stdio: 'ignore',
      beforeGenerate: (dirs) => {
        hooks.push(`before:${dirs.length}`);
        return Promise.resolve();
      },
      afterGenerate: () => {
        hooks.push('after');
        return Promise.resolve();
      },
    });
  }, 120_000);

  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('generates one report over every shard folder and runs the hooks around it', async () => {
    expect(built.resultsDirs.map((d) => d.split('/').at(-1))).toEqual(['shard-1-of-2', 'shard-2-of-2']);
    expect(hooks).toEqual(['before:2', 'after']);
    expect(await readFile(built.indexHtml, 'utf8')).toContain('<html');
    const summary = JSON.parse(await readFile(join(built.outputDir, 'summary.json'), 'utf8')) as {
      stats: Record<string, number>;
    };
    expect(summary.stats).toMatchObject({ total: 2, passed: 1, failed: 1 });
    await expect(readFile(join(built.outputDir, 'stale.txt'), 'utf8')).rejects.toThrow();
  });

  it('leaves no analytics script in any generated HTML file', async () => {
    expect(built.strippedFiles.length).toBeGreaterThan(0);
    for (const file of await htmlFiles(built.outputDir)) {
      const html = await readFile(file, 'utf8');
      expect(html).not.toContain('googletagmanager');
      expect(html).not.toMatch(/\bgtag\s*\(/);
    }
  });

  it('carries the *-perf.json metrics into the report', async () => {
    const widget = await readFile(join(built.outputDir, 'widgets', 'metrics.json'), 'utf8');
    expect(widget).toContain('E2E-102.durationMs');
  });
});
