import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../engines/common/index.js';
import { escapeHtml } from '../markup/index.js';

export interface FinishReportPagesOptions {
  /** Title of the start page (Allure 3's summary template leaves it empty). */
  title: string;
  /** The trends page, relative to the report folder; gets a card on the start page. */
  trendsHref?: string;
  /** Text of that card. */
  trendsName?: string;
  now?: () => number;
}

export interface FinishedReportPages {
  /** Files rewritten. */
  changed: string[];
}

const SUMMARIES = /(window\.reportSummaries = )(\[[\s\S]*?\])(\s*<\/script>)/;
const EMPTY_TITLE = /<title>\s*<\/title>/;
const MISSING_FAVICON = /<link rel="icon" href="favicon\.ico">/;
const ICON_TAG = /<link rel="icon" href="data:image\/svg\+xml,[^"]*"\s*\/?>/;

/**
 * Fixes what Allure 3 leaves unfinished in a multi-plugin report, after `allure generate`: the start page's
 * empty `<title>`, a card on it for the trends view (a summary entry in the page's own list, rendered by Allure's
 * start page like the Awesome and Dashboard cards), and the dashboard's `favicon.ico` link to a file Allure
 * never writes (a 404 on every load): it gets the icon the other pages inline. Running it twice changes nothing
 * more. Missing pages (a single-plugin report has no start page) are skipped.
 */
export async function finishReportPages(
  reportDir: string,
  options: FinishReportPagesOptions,
): Promise<FinishedReportPages> {
  const changed: string[] = [];
  const start = join(reportDir, 'index.html');
  const startHtml = await readOptional(start);
  if (startHtml !== undefined && SUMMARIES.test(startHtml)) {
    let html = startHtml.replace(EMPTY_TITLE, `<title>${escapeHtml(options.title)}</title>`);
    if (options.trendsHref !== undefined) html = withTrendsCard(html, options);
    if (html !== startHtml) {
      await writeFileAtomic(start, html);
      changed.push(start);
    }
  }
  const icon = startHtml === undefined ? undefined : ICON_TAG.exec(startHtml)?.[0];
  for (const plugin of ['dashboard', 'awesome']) {
    const path = join(reportDir, plugin, 'index.html');
    const html = await readOptional(path);
    if (html === undefined || icon === undefined || !MISSING_FAVICON.test(html)) continue;
    await writeFileAtomic(
      path,
      html.replace(MISSING_FAVICON, () => icon),
    );
    changed.push(path);
  }
  return { changed };
}

function withTrendsCard(html: string, options: FinishReportPagesOptions): string {
  return html.replace(SUMMARIES, (whole, head: string, json: string, tail: string) => {
    let summaries: { pluginId?: string; createdAt?: number; stats?: unknown; status?: unknown; duration?: unknown }[];
    try {
      summaries = JSON.parse(json) as typeof summaries;
    } catch {
      return whole;
    }
    // The card shows this run's figures as Allure's own card counts them, so the two never disagree.
    const own = summaries.find((s) => s.pluginId === 'awesome') ?? summaries[0];
    const card = {
      name: options.trendsName ?? 'Trends: flaky, timeouts and durations over recent runs',
      href: options.trendsHref,
      pluginId: 'maestro-trends',
      plugin: 'Trends',
      status: own?.status ?? 'unknown',
      stats: own?.stats ?? { total: 0 },
      duration: own?.duration ?? 0,
      createdAt: own?.createdAt ?? (options.now ?? Date.now)(),
      newTests: [],
      flakyTests: [],
      retryTests: [],
    };
    const rest = summaries.filter((s) => s.pluginId !== card.pluginId);
    // As Allure's own template does: no "<" left in an inline script.
    return `${head}${JSON.stringify([...rest, card]).replace(/</g, '\\u003c')}${tail}`;
  });
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
