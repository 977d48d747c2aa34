import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BudgetRow } from '../metrics/index.js';
import { renderBudgetTableHtml, renderBudgetTableMarkdown } from './budget-table.js';
import { findAllureResultsDir } from './attach-perf-evidence.js';
import { listResultsDirs } from './build-report.js';
import { parseShardArg, shardFolderName } from './shard-folder.js';
import { parseTestId } from './stress-meta.js';
import { stripAnalytics, stripAnalyticsInDir } from './strip-analytics.js';

const rows: BudgetRow[] = [
  { budget: 'max duration', comparison: '<=', target: 1000, actual: 1200.5, unit: 'ms', pass: false },
  { budget: 'min counter <tasks>', comparison: '>=', target: 5, actual: 5, unit: 'count', pass: true },
];

describe('budget tables', () => {
  it('renders every row with its verdict, escaping names', () => {
    const html = renderBudgetTableHtml(rows);
    expect(html).toContain(
      '<tr class="fail"><td>max duration</td><td>&lt;= 1000</td><td>1200.50</td><td>ms</td><td>FAIL</td></tr>',
    );
    expect(html).toContain('min counter &lt;tasks&gt;');
    expect(html).toContain('PASS');
    expect(renderBudgetTableMarkdown(rows).split('\n')).toEqual([
      '| Budget | Target | Actual | Unit | Result |',
      '| --- | --- | --- | --- | --- |',
      '| max duration | <= 1000 | 1200.50 | ms | FAIL |',
      '| min counter <tasks> | >= 5 | 5 | count | PASS |',
    ]);
  });

  it('says so when no budget was set', () => {
    expect(renderBudgetTableHtml([])).toContain('No budgets set');
  });
});

describe('shards', () => {
  it('parses both --shard forms and names the folder', () => {
    expect(parseShardArg(['node', 'pw', 'test', '--shard', '1/4'])).toEqual({ current: 1, total: 4 });
    expect(parseShardArg(['test', '--shard=3/4'])).toEqual({ current: 3, total: 4 });
    expect(parseShardArg(['test'])).toBeUndefined();
    expect(shardFolderName({ current: 2, total: 4 })).toBe('shard-2-of-4');
    expect(shardFolderName(undefined)).toBe('local');
    expect(shardFolderName(null)).toBe('local');
  });

  it('rejects malformed shard arguments', () => {
    expect(() => parseShardArg(['--shard', 'x'])).toThrow(RangeError);
    expect(() => parseShardArg(['--shard=5/4'])).toThrow(RangeError);
  });
});

describe('parseTestId', () => {
  it('finds the E2E id anywhere in the title', () => {
    expect(parseTestId('E2E-108: CPU')).toBe('E2E-108');
    expect(parseTestId('[E2E-115] recovery')).toBe('E2E-115');
    expect(parseTestId('no id here')).toBeUndefined();
  });
});

describe('findAllureResultsDir', () => {
  it('reads the allure-playwright resultsDir from the configured reporters', () => {
    expect(
      findAllureResultsDir({
        reporter: [
          ['list', undefined],
          ['allure-playwright', { resultsDir: '/tmp/x/shard-1-of-2' }],
        ],
      }),
    ).toBe('/tmp/x/shard-1-of-2');
    expect(findAllureResultsDir({ reporter: [['allure-playwright', {}]] })).toBe(resolve('allure-results'));
    expect(findAllureResultsDir({ reporter: [['list', undefined]] })).toBeUndefined();
  });
});

const ALLURE_LIKE_HTML = `<!DOCTYPE html><html><head><script>window.allureReportOptions = {}</script></head><body>
<div id="app"></div>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-LNDJ3J7WT0"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('js', new Date());
        gtag('config', 'G-LNDJ3J7WT0', { "report": "awesome" });
    </script>
<script src="app-123.js"></script>
</body></html>`;

describe('stripAnalytics', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strip-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('removes the gtag loader and inline script and keeps the app scripts', () => {
    const out = stripAnalytics(ALLURE_LIKE_HTML);
    expect(out).not.toContain('googletagmanager');
    expect(out).not.toContain('gtag(');
    expect(out).toContain('window.allureReportOptions');
    expect(out).toContain('<script src="app-123.js"></script>');
  });

  it('rewrites every HTML file under a folder and reports which changed', async () => {
    await mkdir(join(dir, 'awesome'));
    await writeFile(join(dir, 'awesome', 'index.html'), ALLURE_LIKE_HTML);
    await writeFile(join(dir, 'index.html'), '<html><body>summary</body></html>');
    const changed = await stripAnalyticsInDir(dir);
    expect(changed).toEqual([join(dir, 'awesome', 'index.html')]);
    expect(await readFile(join(dir, 'awesome', 'index.html'), 'utf8')).not.toContain('googletagmanager');
  });

  it('lists only non-empty results folders, sorted', async () => {
    for (const name of ['shard-2-of-2', 'shard-1-of-2', 'empty']) await mkdir(join(dir, name));
    await writeFile(join(dir, 'shard-1-of-2', 'a-result.json'), '{}');
    await writeFile(join(dir, 'shard-2-of-2', 'b-result.json'), '{}');
    expect(await listResultsDirs(dir)).toEqual([join(dir, 'shard-1-of-2'), join(dir, 'shard-2-of-2')]);
    expect(await listResultsDirs(join(dir, 'missing'))).toEqual([]);
  });
});
