import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishReportPages } from './finish-report-pages.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'finish-pages-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const ICON = `<link rel="icon" href="data:image/svg+xml,%3Csvg%3E%3C/svg%3E" />`;
// The shape of Allure 3's summary template (harness tests build real ones in the browser test).
const START = `<!DOCTYPE html><html><head><meta charset="utf-8">
    <title>  </title>
    ${ICON}
    <script>
      window.reportSummaries = [{"name":"Awesome","pluginId":"awesome","href":"awesome/","status":"failed","stats":{"total":3,"failed":1},"duration":5,"createdAt":42}]
    </script></head><body><div id="app"></div></body></html>`;

describe('finishReportPages', () => {
  it("titles the start page, adds the trends card with Allure's own figures, and fixes the dashboard's favicon, once", async () => {
    await mkdir(join(root, 'dashboard'));
    await writeFile(join(root, 'index.html'), START);
    await writeFile(join(root, 'dashboard', 'index.html'), '<head><link rel="icon" href="favicon.ico"></head>');
    const done = await finishReportPages(root, { title: 'Maestro <report>', trendsHref: 'trends/index.html' });
    expect(done.changed).toHaveLength(2);
    const start = await readFile(join(root, 'index.html'), 'utf8');
    expect(start).toContain('<title>Maestro &lt;report&gt;</title>');
    const summaries = JSON.parse(/window\.reportSummaries = (\[.*\])/.exec(start)?.[1] ?? '[]') as {
      pluginId: string;
      href: string;
      stats: unknown;
      status: string;
    }[];
    expect(summaries.map((s) => s.pluginId)).toEqual(['awesome', 'maestro-trends']);
    expect(summaries[1]).toMatchObject({ href: 'trends/index.html', status: 'failed', stats: { total: 3, failed: 1 } });
    expect(await readFile(join(root, 'dashboard', 'index.html'), 'utf8')).toBe(`<head>${ICON}</head>`);
    expect(
      (await finishReportPages(root, { title: 'Maestro <report>', trendsHref: 'trends/index.html' })).changed,
    ).toEqual([]);
  });

  it('skips a single-plugin report, which has no start page', async () => {
    await writeFile(join(root, 'index.html'), '<html><head><title> Report </title></head></html>');
    expect((await finishReportPages(root, { title: 'x', trendsHref: 'trends/index.html' })).changed).toEqual([]);
  });
});
