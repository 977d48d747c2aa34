import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, serveReport, type ReportServer } from '../report/index.js';
import { FIXED_TITLES, runFixedProject, writeFixedProject } from './testing/fixed-project.js';
import { createQaReportHooks } from '../pipeline/post-run/index.js';
import { TRENDS_ATTACHMENT_NAME } from './trends-global-attachment.js';

// Debian's chromium (`apt-get install chromium`); no browser download works in this environment.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RUNS = ['1', '2', '3'];

let dir: string;
let server: ReportServer;
let browser: Browser;
const outsideRequests: string[] = [];

/**
 * Three real runs of a small Playwright project (steady, flaky, timing out), each post-processed and built
 * into the Allure report the way the harness does it, then checked in Chromium over 127.0.0.1.
 */
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
  dir = await mkdtemp(join(tmpdir(), 'qa-report-'));
  await writeFixedProject(dir, resolve('node_modules'));
  // The runs are independent processes with their own results and marker files, so they run side by side to
  // keep this test short on a loaded machine; they are then recorded and built strictly in order.
  await Promise.all(RUNS.map((run) => runFixedProject(dir, join(dir, 'runs', run, 'local'), run)));
  let outputDir = '';
  for (const run of RUNS) {
    // The same hooks the harness's report build uses: classify, record the run, trends page and attachment.
    const hooks = createQaReportHooks({ projectRoot: dir, lastN: 10 });
    const built = await buildReport({
      projectRoot: dir,
      resultsRoot: join(dir, 'runs', run),
      configPath: join(dir, 'allurerc.mjs'),
      stdio: 'ignore',
      beforeGenerate: hooks.beforeGenerate,
      afterGenerate: hooks.afterGenerate,
    });
    expect(hooks.outcome().summary?.counters).toEqual({ tests: 3, passed: 1, failed: 1, flaky: 1, retried: 2, timedOut: 1, skipped: 0 });
    outputDir = built.outputDir;
  }
  server = await serveReport({ root: outputDir });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

async function openPage(path: string): Promise<Page> {
  const page = await browser.newPage();
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'blob:' || url.protocol === 'data:' || url.hostname === '127.0.0.1') return route.continue();
    outsideRequests.push(url.href);
    return route.abort();
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['blob:', 'data:'].includes(url.protocol) && url.hostname !== '127.0.0.1') outsideRequests.push(url.href);
  });
  await page.goto(new URL(path, server.url).href);
  return page;
}

describe('QA report of three runs, in Chromium', () => {
  it('shows the run counts, a flaky flag and the timeouts category', async () => {
    const page = await openPage('index.html');
    await page.getByText('Retried tests').first().waitFor();
    const summary = await page.locator('body').innerText();
    expect(summary).toMatch(/Flaky tests\s+1\b/);
    expect(summary).toMatch(/Results\s+3\b/);
    expect(summary).toMatch(/Retried tests\s+2\b/);
    expect(summary).toMatch(/Passed\s+2\b/);
    expect(summary).toMatch(/Broken\s+1\b/);

    await page.goto(new URL('index.html#categories', server.url).href);
    await page.getByText('Timeouts', { exact: true }).waitFor();
    const categories = await page.locator('body').innerText();
    expect(categories).toContain('Test timeout of 1000ms exceeded.');
    expect(categories).toContain(FIXED_TITLES.hang);
    expect(categories).toContain('Flaky (passed on retry)');

    await page.goto(new URL('index.html', server.url).href);
    await page.getByText(FIXED_TITLES.flaky, { exact: true }).first().click();
    await page.getByText('Category: Flaky (passed on retry)').waitFor();
    expect(await page.getByText('Flaky', { exact: true }).count()).toBeGreaterThan(0);
    await page.close();
  });

  it('opens a test page with its metrics and chart', async () => {
    const page = await openPage('index.html');
    await page.getByText(FIXED_TITLES.steady, { exact: true }).first().click();
    await page.getByText('timeline.svg').click();
    await expect.poll(() => page.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth)), { timeout: 20_000 }).toContain(200);
    await page.getByText('metrics.json').click();
    await expect.poll(() => page.locator('body').innerText(), { timeout: 20_000 }).toMatch(/"durationMs":\s*\d/);
    await page.close();
  });

  it('shows the trends view with three runs, the flaky rate and the timeouts, titles as text', async () => {
    const page = await openPage('trends/index.html');
    expect(await page.locator('body').getAttribute('data-runs')).toBe('3');
    expect(await page.locator('tr.run').count()).toBe(3);
    const names = await page.locator('tr.test td.name').allInnerTexts();
    expect(names).toEqual([FIXED_TITLES.flaky, FIXED_TITLES.hang, FIXED_TITLES.steady]); // most unstable first
    const flakyRow = page.locator('tr.test').nth(0);
    expect(await flakyRow.locator('td.flake').innerText()).toBe('100% (3/3)');
    expect(await flakyRow.locator('.cell').allInnerTexts()).toEqual(['F', 'F', 'F']);
    const hangRow = page.locator('tr.test').nth(1);
    expect(await hangRow.locator('td.timeouts').innerText()).toBe('3 run(s), 6 attempt(s)');
    expect(await page.locator('tr.test').nth(2).locator('svg.spark circle').count()).toBe(3);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.close();
  });

  it('links the trends view from the report as a global attachment', async () => {
    const page = await openPage('index.html#globalAttachments');
    await page.getByText(TRENDS_ATTACHMENT_NAME).first().waitFor();
    await page.close();
  });

  it('never sent a request beyond 127.0.0.1', () => {
    expect(outsideRequests).toEqual([]);
  });
});
