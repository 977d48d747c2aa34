import { join } from 'node:path';
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
}

/** Renders the trends page from the run history; returns the path of the written index.html. */
export async function writeTrendsView(options: WriteTrendsViewOptions): Promise<string> {
  const runs = (await readRunHistory(options.runsFile)).slice(-(options.lastN ?? 20));
  const trends = summarizeTrends(runs, runs.length);
  const marks = options.marks?.(trends);
  const html = renderTrendsHtml(runs, trends, {
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...(options.reportHref !== undefined ? { reportHref: options.reportHref } : {}),
    ...(marks !== undefined ? { marks } : {}),
  });
  const path = join(options.outDir, 'index.html');
  await writeFileAtomic(path, html);
  return path;
}
