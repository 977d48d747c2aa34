import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../engines/common/index.js';
import { renderTrendsHtml, type RenderTrendsOptions } from './render-trends-html.js';
import { readRunHistory } from './run-history.js';
import { summarizeTrends, type TestTrend } from './summarize-trends.js';

export interface WriteTrendsViewOptions {
  /** Our run history JSONL (see recordRun). */
  runsFile: string;
  /** Folder that receives index.html; put it inside or next to the Allure report so the report can link it. */
  outDir: string;
  /** Runs shown (default 20). */
  lastN?: number;
  title?: string;
  /** Link back to the Allure report, relative to outDir's index.html. */
  reportHref?: string;
  /** Marks beside test names, computed from the trends (e.g. harness/quarantine `loadQuarantineTrendMarker`). */
  marks?: (trends: readonly TestTrend[]) => RenderTrendsOptions['marks'];
  /**
   * The generated Allure report whose test pages the test names link to. Default: the folder above outDir
   * when `reportHref` is given (the trends page sits inside the report), else none (names stay text).
   */
  allureReportDir?: string;
}

/** Renders the trends page from the run history; returns the path of the written index.html. */
export async function writeTrendsView(options: WriteTrendsViewOptions): Promise<string> {
  const runs = (await readRunHistory(options.runsFile)).slice(-(options.lastN ?? 20));
  const trends = summarizeTrends(runs, runs.length);
  const marks = options.marks?.(trends);
  const reportDir =
    options.allureReportDir ?? (options.reportHref !== undefined ? resolve(options.outDir, '..') : undefined);
  const testPageHrefs = reportDir === undefined ? undefined : await allureTestPageHrefs(reportDir, '..');
  const html = renderTrendsHtml(runs, trends, {
    ...(testPageHrefs !== undefined && testPageHrefs.size > 0 ? { testPageHrefs } : {}),
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...(options.reportHref !== undefined ? { reportHref: options.reportHref } : {}),
    ...(marks !== undefined ? { marks } : {}),
  });
  const path = join(options.outDir, 'index.html');
  await writeFileAtomic(path, html);
  return path;
}

/**
 * Each test's page in a generated Allure 3 report, by full name: `<prefix>/awesome/index.html#<id>` (the awesome
 * plugin's route is the result id, known only after generate). Reads the plugin's data/test-results; retries are
 * skipped. A report folder without them gives an empty map.
 */
export async function allureTestPageHrefs(reportDir: string, prefix: string): Promise<Map<string, string>> {
  const hrefs = new Map<string, string>();
  for (const [sub, page] of [
    ['awesome', 'awesome/index.html'],
    ['', 'index.html'],
  ] as const) {
    const dir = join(reportDir, sub, 'data', 'test-results');
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      const tr = JSON.parse(await readFile(join(dir, name), 'utf8')) as {
        id?: unknown;
        fullName?: unknown;
        isRetry?: unknown;
      };
      if (typeof tr.id !== 'string' || typeof tr.fullName !== 'string' || tr.isRetry === true) continue;
      if (!hrefs.has(tr.fullName)) hrefs.set(tr.fullName, `${prefix}/${page}#${tr.id}`);
    }
    if (hrefs.size > 0) break;
  }
  return hrefs;
}
