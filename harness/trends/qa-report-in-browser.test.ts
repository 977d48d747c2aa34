import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { serveReport, type ReportServer } from '../report/index.js';
import { buildFixedReport } from './testing/build-fixed-report.js';
import { FIXED } from './testing/fixed-runs.js';

// Debian's chromium (`apt-get install chromium`); no browser download works in this environment.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Set to refresh the README's screenshots (docs/report-*.png) from this test's run. */
const DOCS_DIR = process.env['MAESTRO_DOCS_SCREENSHOTS'] === '1' ? resolve('docs') : undefined;

let dir: string;
let server: ReportServer;
let browser: Browser;
let context: BrowserContext;
const outsideRequests: string[] = [];

/**
 * The QA click path over a fixed five-run history (three recorded runs, two built from Allure results through the
 * report hooks and the project's allurerc.ts): start page → a failing test → its history → its trends row → back.
 * Asserts on what a person sees (text, marks, links); the screenshots it takes are kept as test attachments.
 */
beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
  dir = await mkdtemp(join(tmpdir(), 'qa-report-'));
  const built = await buildFixedReport(dir, resolve('allurerc.ts'));
  server = await serveReport({ root: built.outputDir });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (['blob:', 'data:', 'about:'].includes(url.protocol) || url.hostname === '127.0.0.1') return route.continue();
    outsideRequests.push(url.href);
    return route.abort();
  });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

async function shoot(page: Page, name: string, ctx: TestContext): Promise<void> {
  const path = join(dir, `${name}.png`);
  const png = await page.screenshot({ path, fullPage: true });
  // Inline (a path would be copied into .vitest-attachments/ in the working tree on every run).
  await ctx.annotate(`screenshot ${name}`, { body: new Uint8Array(png), contentType: 'image/png' });
  if (DOCS_DIR !== undefined) {
    await mkdir(DOCS_DIR, { recursive: true });
    await copyFile(path, join(DOCS_DIR, `report-${name}.png`));
  }
}

async function openTest(page: Page, name: string): Promise<void> {
  await page.getByPlaceholder('Search tests').fill(name.slice(0, 7));
  await page.getByTestId('tree-leaf-title').filter({ hasText: name }).first().click();
  await page.getByRole('heading', { name }).first().waitFor();
}

describe('the QA report of five runs, in Chromium', () => {
  it('start page → failing test → its history → its trends row → back to the test', async (ctx) => {
    let page = await context.newPage();
    const errors: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });

    // Start page: a real title, and a card for the trends view beside Allure's own.
    await page.goto(new URL('index.html', server.url).href);
    await page.getByText('Trends: flaky, timeouts and durations over recent runs').waitFor();
    expect(await page.title()).toBe('Maestro reliability report');
    expect(await page.locator('a[href="trends/index.html"]').count()).toBe(1);
    await shoot(page, 'start', ctx);

    // The Awesome report's card (Allure opens cards in a new tab), then the one failing test (it timed out in
    // both attempts of this run).
    const start = page;
    [page] = await Promise.all([context.waitForEvent('page'), start.locator('a[href="awesome/"]').click()]);
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    await page.getByTestId('metadata-item-flaky').waitFor();
    const flakyCount = Number(await page.getByTestId('metadata-item-flaky').getByTestId('metadata-value').innerText());
    await page.getByTestId('tab-failed').click();
    await openTest(page, FIXED.hang.name);
    expect(await page.locator('body').innerText()).toContain('Test timeout of 1000ms exceeded.');
    expect(await page.getByText('Failed', { exact: true }).count()).toBeGreaterThan(0); // as Playwright's report says, not "Broken"

    // Its history, on its own page: one cell per run, timeouts marked, the first error on hover.
    const history = page.frameLocator('iframe[title="Description"]');
    await history.getByText('History over the last 5 run(s)').waitFor();
    const cells = history.locator('p.strip a.cell');
    expect(await cells.evaluateAll((as) => as.map((a) => a.textContent))).toEqual(['T', 'T', 'F', 'F', 'T']);
    expect(await cells.evaluateAll((as) => as.map((a) => a.getAttribute('data-timeout')))).toEqual([
      'true',
      'true',
      'true',
      'true',
      'true',
    ]);
    expect(await cells.first().getAttribute('title')).toContain('first error: Test timeout of 1000ms exceeded.');
    expect(await history.locator('p.summary').innerText()).toContain('5 with a timed-out attempt');
    await shoot(page, 'test-history', ctx);

    // The link to its trends row, opened as its own page (middle/ctrl-click: Allure sandboxes the description).
    const trendsLink = history.locator('a.trends-link');
    const [trends] = await Promise.all([
      context.waitForEvent('page'),
      trendsLink.click({ modifiers: ['ControlOrMeta'] }),
    ]);
    await trends.waitForLoadState();
    expect(new URL(trends.url()).hash).toBe(`#t-${FIXED.hang.key}`);
    const row = trends.locator(`tr.test#t-${FIXED.hang.key}`);
    expect(await row.locator('td.timeouts').innerText()).toBe('5 run(s), 8 attempt(s)');
    expect(await row.locator('.cell').allInnerTexts()).toEqual(['T', 'T', 'F', 'F', 'T']);

    // Its Allure History tab still shows run 4 as flaky (Allure's history keeps only status and message).
    await page
      .getByText(/^History\s*\d*$/)
      .first()
      .click();
    const past = page.getByTestId('test-result-history-item');
    await past.first().waitFor();
    await past.first().getByRole('button', { name: 'toggle history error' }).click();
    await expect.poll(() => past.first().innerText()).toContain('Flaky: passed on attempt 2');

    // The run rows: context of the recorded runs, the regression on run 2, counts as Allure counts them.
    const runs = trends.locator('tr.run');
    expect(await runs.count()).toBe(5);
    const run2 = await runs.nth(1).innerText();
    expect(run2).toContain('shard-1-of-2: 221, shard-2-of-2: 222');
    expect(run2).toContain('E2E-201 cpuMs regressed +46% (p 0.004)');
    expect(await runs.nth(0).locator('td.scale').innerText()).toBe('0.25');
    expect(await runs.nth(1).locator('td.shards').innerText()).toBe('2');
    expect(await runs.nth(3).locator('td.timeouts').innerText()).toBe('1'); // timed out, then passed on retry
    expect(Number(await runs.nth(4).locator('td').nth(10).innerText())).toBe(flakyCount);
    await shoot(trends, 'trends', ctx);

    // And back: the test's name in its row opens its Allure page.
    await row.locator('a.test-page').click();
    await trends.getByRole('heading', { name: FIXED.hang.name }).first().waitFor();
    const testIdOf = (url: string): string | undefined => /#([0-9a-f]{32})/.exec(url)?.[1];
    expect(testIdOf(trends.url())).toBeDefined();
    expect(testIdOf(trends.url())).toBe(testIdOf(page.url()));

    // The steady test's history marks the regression on run 2 (chart marker and verdict), and only there.
    await trends.goto(new URL('trends/index.html', server.url).href);
    await trends.locator(`tr#t-${FIXED.steady.key} a.test-page`).click();
    const steady = trends.frameLocator('iframe[title="Description"]');
    await steady.getByText('History over the last 5 run(s)').waitFor();
    expect(await steady.locator('img.chart.time').getAttribute('alt')).toContain('▲ regression in run 2 (cpuMs)');
    expect(await steady.locator('tr.run-row[data-run="2"] td.verdicts').innerText()).toContain('cpuMs regressed +46%');
    expect(await steady.locator('tr.run-row[data-run="3"] td.verdicts').innerText()).toBe('unchanged');
    await shoot(trends, 'test-regression', ctx);

    // Timeline lanes are named by shard; the flaky test is flaky on its page.
    await page.goto(new URL('awesome/index.html#timeline', server.url).href);
    await page.getByText('Host: shard-2-of-2 @ vm').waitFor();
    await shoot(page, 'timeline', ctx);
    await page.goto(new URL('awesome/index.html#metrics', server.url).href);
    await page.getByText('Timed out in any attempt (incl. passed on retry)').first().waitFor();
    await shoot(page, 'metrics', ctx);
    await page.goto(new URL('awesome/index.html#charts', server.url).href);
    await page.getByText('Status dynamics').first().waitFor();
    await shoot(page, 'graphs', ctx);
    await page.goto(new URL('dashboard/index.html', server.url).href);
    await page.getByText('Current status').first().waitFor();
    expect(errors).toEqual([]); // no favicon 404 or any other
    await trends.close();
    await page.close();
    await start.close();
  }, 60_000);

  it('kept every title as text and sent no request beyond 127.0.0.1', async () => {
    const page = await context.newPage();
    await page.goto(new URL('trends/index.html', server.url).href);
    expect(await page.locator(`tr#t-${FIXED.flaky.key} td.name a`).innerText()).toBe(FIXED.flaky.name);
    expect(await page.locator('b').count()).toBe(0);
    expect(await readFile(join(dir, 'reports', 'history', 'runs.jsonl'), 'utf8')).toContain('"runId":"fixed-run-3"');
    await page.close();
    expect(outsideRequests).toEqual([]);
  });
});
