import { groupAttempts, readResultFiles, type AllureResult } from '../classify/index.js';
import { writeFileAtomic } from '../../engines/common/index.js';
import { escapeHtml } from '../markup/index.js';
import { HISTORY_SECTION_MARKER, renderTestHistoryHtml, type RenderTestHistoryOptions } from './render-test-history.js';
import type { RunRecord } from './run-record.js';

export interface WriteTestHistoryOptions extends RenderTestHistoryOptions {
  /** Runs shown (default 20), the newest ones. */
  lastN?: number;
}

const SECTION = new RegExp(`<section class="mh" ${HISTORY_SECTION_MARKER}="[^"]*">[\\s\\S]*?</section>`);

/**
 * Puts every test's history over the last N runs on its own Allure page, before `allure generate`: the
 * rendered section goes into each attempt's `descriptionHtml` (any description of the test's own is kept
 * after it). Why the description and not an HTML attachment: Allure 3 renders attachments in a `blob:` frame,
 * where a relative link cannot resolve, and the description in a `srcdoc` frame that inherits the report
 * page's address, so the links to the trends view work in a report served from anywhere. Idempotent: a
 * rebuild replaces the section. Returns the number of result files changed.
 *
 * Call it after the run is recorded, so the newest column is this run:
 * `await writeTestHistoryViews(resultsDirs, await readRunHistory(runsFile))`.
 */
export async function writeTestHistoryViews(
  resultsDirs: readonly string[],
  runs: readonly RunRecord[],
  options: WriteTestHistoryOptions = {},
): Promise<number> {
  const window = runs.slice(-(options.lastN ?? 20));
  const files = await readResultFiles(resultsDirs);
  let changed = 0;
  for (const group of groupAttempts(files)) {
    const section = renderTestHistoryHtml(group.key, window, options);
    for (const file of group.attempts) {
      const before = file.result.descriptionHtml;
      const after = withHistorySection(file.result, section);
      if (after === before) continue;
      file.result.descriptionHtml = after;
      await writeFileAtomic(file.path, JSON.stringify(file.result));
      changed += 1;
    }
  }
  return changed;
}

function withHistorySection(result: AllureResult, section: string): string {
  const html = typeof result.descriptionHtml === 'string' ? result.descriptionHtml : undefined;
  if (html !== undefined && SECTION.test(html)) return html.replace(SECTION, () => section);
  // Allure shows descriptionHtml instead of the markdown description: keep the test's own text below ours.
  const own =
    html ??
    (typeof result.description === 'string' && result.description !== ''
      ? `<pre class="description">${escapeHtml(result.description)}</pre>`
      : '');
  return own === '' ? section : `${section}\n${own}`;
}
