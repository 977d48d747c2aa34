import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from './build-report.js';
import { serveReport, type ReportServer } from './serve-report.js';

// Debian's chromium (`apt-get install chromium`); no browser download works in this environment.
const CHROMIUM = '/usr/bin/chromium';
const TITLE = 'SERVE-01: a test whose HTML attachment carries a script';
/** What the attachment's script would do if it ran: mark its own page and the report's. */
const EVIL_HTML = `<!DOCTYPE html><html><body><p id="evidence">budget table from the test</p>
<script>document.body.dataset.ran = 'yes'; try { top.document.title = 'pwned'; top.__pwned = 1; } catch (e) {}</script></body></html>`;

/** The few browser globals the page functions below touch (the project compiles without the DOM library). */
interface BrowserWindow {
  readonly document: {
    readonly title: string;
    readonly body: { readonly dataset: Record<string, string | undefined> };
    addEventListener(
      type: 'securitypolicyviolation',
      listener: (event: { violatedDirective: string; blockedURI: string }) => void,
    ): void;
  };
  readonly origin: string;
  readonly __pwned?: number;
  __reportViolation(text: string): Promise<void>;
  open(url: string, target: string): unknown;
  readonly URL: { createObjectURL(blob: unknown): string };
  readonly Blob: new (parts: string[], options: { type: string }) => unknown;
}

let dir: string;
let server: ReportServer;
let browser: Browser;

/** One Allure result with an HTML and an SVG attachment, written the way allure-playwright writes them. */
async function writeResults(resultsDir: string): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  const html = `${randomUUID()}-attachment.html`;
  const svg = `${randomUUID()}-attachment.svg`;
  await writeFile(join(resultsDir, html), EVIL_HTML);
  await writeFile(
    join(resultsDir, svg),
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="20"><script>alert(1)</script><rect width="200" height="20"/></svg>',
  );
  const now = Date.now();
  await writeFile(
    join(resultsDir, `${randomUUID()}-result.json`),
    JSON.stringify({
      uuid: randomUUID(),
      historyId: 'SERVE-01',
      testCaseId: 'SERVE-01',
      name: TITLE,
      fullName: `serve.spec.ts > ${TITLE}`,
      status: 'passed',
      stage: 'finished',
      start: now - 100,
      stop: now,
      steps: [],
      parameters: [],
      links: [],
      labels: [{ name: 'epic', value: 'Reliability' }],
      attachments: [
        { name: 'budgets.html', type: 'text/html', source: html },
        { name: 'timeline.svg', type: 'image/svg+xml', source: svg },
      ],
    }),
  );
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
  dir = await mkdtemp(join(tmpdir(), 'serve-browser-'));
  await writeResults(join(dir, 'results', 'local'));
  // The same plugins as the project's allurerc.ts: the start page, Awesome and Dashboard.
  await writeFile(
    join(dir, 'allurerc.mjs'),
    `export default ${JSON.stringify({
      name: 'Serve check',
      output: './report',
      plugins: {
        awesome: { options: { reportLanguage: 'en', singleFile: false, groupBy: ['epic'] } },
        dashboard: { options: { singleFile: false } },
      },
    })};\n`,
  );
  const built = await buildReport({
    projectRoot: dir,
    resultsRoot: join(dir, 'results'),
    outputDir: join(dir, 'report'),
    configPath: join(dir, 'allurerc.mjs'),
    stdio: 'ignore',
  });
  server = await serveReport({ root: built.outputDir });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // evil.test resolves to 127.0.0.1, as a DNS-rebinding attacker's name would.
    args: ['--no-sandbox', '--headless', '--disable-gpu', `--host-resolver-rules=MAP evil.test 127.0.0.1`],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

interface Watched {
  readonly page: Page;
  /** CSP violations, page errors and requests that left 127.0.0.1. */
  readonly problems: string[];
}

async function open(path: string): Promise<Watched> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['blob:', 'data:'].includes(url.protocol) && url.hostname !== '127.0.0.1')
      problems.push(`outside request: ${url.href}`);
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  await page.exposeFunction('__reportViolation', (text: string) => problems.push(`csp: ${text}`));
  await page.addInitScript(() => {
    const window = globalThis as unknown as BrowserWindow;
    window.document.addEventListener('securitypolicyviolation', (event) => {
      void window.__reportViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await page.goto(new URL(path, server.url).href);
  return { page, problems };
}

describe('the served Allure 3 report in Chromium, under its Content-Security-Policy', () => {
  it('renders the start page, Awesome and Dashboard with no CSP violation and no outside request', async () => {
    for (const [path, text] of [
      ['index.html', 'Awesome'],
      ['awesome/', 'Reliability'],
      ['dashboard/', 'Current status'],
    ] as const) {
      const { page, problems } = await open(path);
      await page.getByText(text).first().waitFor({ timeout: 30_000 });
      expect(problems, path).toEqual([]);
      await page.close();
    }
  });

  it('shows an HTML attachment inside the report; its script runs neither there, nor in a new tab, nor opened by its URL', async () => {
    const { page, problems } = await open('awesome/');
    await page.getByText('Reliability').first().click();
    await page.getByText(TITLE).first().click();
    await page.getByText('budgets.html').first().click();
    const preview = page.frameLocator('iframe[title="HTML attachment"]');
    await expect
      .poll(() => preview.locator('#evidence').innerText(), { timeout: 20_000 })
      .toBe('budget table from the test');
    expect(await preview.locator('body').getAttribute('data-ran')).toBeNull();
    await page.getByText('timeline.svg').first().click();
    await expect
      .poll(
        () =>
          page
            .locator('img[src^="blob:"]')
            .evaluateAll((images) =>
              images.map((image) => (image as unknown as { naturalWidth: number }).naturalWidth),
            ),
        { timeout: 20_000 },
      )
      .toContain(200);
    expect(await page.evaluate(() => (globalThis as unknown as BrowserWindow).document.title)).not.toBe('pwned');
    expect(await page.evaluate(() => (globalThis as unknown as BrowserWindow).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);

    // "Open in new tab" does what this does (globalThis.open of a blob: URL of the fetched attachment): the new
    // document has the report's origin and inherits the page's policy, which lets only the report's own scripts run.
    const [tab] = await Promise.all([
      page.waitForEvent('popup'),
      page.evaluate((html) => {
        const window = globalThis as unknown as BrowserWindow;
        window.open(window.URL.createObjectURL(new window.Blob([html], { type: 'text/html' })), '_blank');
      }, EVIL_HTML),
    ]);
    await tab.locator('#evidence').waitFor();
    expect(
      await tab.evaluate(() => (globalThis as unknown as BrowserWindow).document.body.dataset['ran']),
    ).toBeUndefined();
    await tab.close();
    await page.close();

    const attachments = await readdir(join(dir, 'report', 'awesome', 'data', 'attachments'));
    const html = attachments.find((name) => name.endsWith('.html'));
    expect(html).toBeDefined();
    const direct = await open(`awesome/data/attachments/${html}`);
    expect(await direct.page.locator('#evidence').innerText()).toBe('budget table from the test');
    // Sandboxed: an opaque origin and no script, so it can touch neither the report's origin nor its storage.
    expect(
      await direct.page.evaluate(() => [
        (globalThis as unknown as BrowserWindow).document.body.dataset['ran'],
        (globalThis as unknown as BrowserWindow).origin,
      ]),
    ).toEqual([undefined, 'null']);
    await direct.page.close();
  });

  it('refuses a page that reaches the server under another name (DNS rebinding)', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`http://evil.test:${server.port}/awesome/`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('body').innerText()).not.toContain('Reliability');
    await page.close();
  });
});
