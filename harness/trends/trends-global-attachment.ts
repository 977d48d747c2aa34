import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../engines/common/index.js';

/** Fixed name (Allure reads any `*-globals.json`): rebuilding replaces the entry instead of adding a second. */
export const TRENDS_GLOBALS_FILE = 'maestro-trends-globals.json';
/** Fixed too (Allure reads attachments by the `source` a globals entry names): a rebuild replaces the page, never adds one. */
export const TRENDS_ATTACHMENT_FILE = 'maestro-trends-attachment.html';
export const TRENDS_ATTACHMENT_NAME = 'Trends: flaky, timeouts, durations over recent runs';

/**
 * Puts the trends page into a results folder as an Allure global attachment, so the report's "Global
 * Attachments" tab shows it (Allure 3 renders HTML attachments in a sandboxed frame). This is the link that
 * works offline: Allure 3 only renders test links with an absolute http(s) URL.
 */
export async function writeTrendsGlobalAttachment(
  resultsDir: string,
  trendsHtmlPath: string,
  now: number = Date.now(),
): Promise<string> {
  const source = TRENDS_ATTACHMENT_FILE;
  await writeFileAtomic(join(resultsDir, source), await readFile(trendsHtmlPath, 'utf8'));
  const globals = {
    attachments: [{ name: TRENDS_ATTACHMENT_NAME, source, type: 'text/html', timestamp: now }],
    errors: [],
  };
  const path = join(resultsDir, TRENDS_GLOBALS_FILE);
  await writeFileAtomic(path, JSON.stringify(globals));
  return path;
}
