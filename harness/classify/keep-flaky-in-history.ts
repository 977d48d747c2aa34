import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../engines/common/index.js';
import { FLAKY_MESSAGE_PREFIX } from './normalize-result.js';

interface HistoryItem {
  status?: string;
  message?: string;
  error?: { message?: string; trace?: string };
  flaky?: boolean;
  [key: string]: unknown;
}

/**
 * Allure 3 writes a history line per generate with each test's status and message, but its History tab shows
 * only the status and an `error` (which it never writes), so a flaky run reads as a plain green one. For the
 * newest line, items whose message says "Flaky: …" (see describeFlakyPass) get that message as their `error`
 * and `flaky: true`: the History tab of later reports then shows the run with its "Flaky: passed on attempt 2 …"
 * text. Failed items get their message as `error` too. Only the last line is touched, so running it twice
 * changes nothing more; a missing file is nothing to do. Returns the number of items changed.
 */
export async function keepFlakyInAllureHistory(historyFile: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(historyFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  const lines = text.split('\n');
  let last = lines.length - 1;
  while (last >= 0 && (lines[last] ?? '').trim() === '') last -= 1;
  if (last < 0) return 0;
  const point = JSON.parse(lines[last] ?? '') as { testResults?: Record<string, HistoryItem> };
  let changed = 0;
  for (const item of Object.values(point.testResults ?? {})) {
    const message = item.message;
    if (message === undefined || message === '' || item.error?.message === message) continue;
    const flaky = item.status === 'passed' && message.startsWith(FLAKY_MESSAGE_PREFIX);
    if (item.status === 'passed' && !flaky) continue;
    item.error = { message, ...(typeof item['trace'] === 'string' ? { trace: item['trace'] } : {}) };
    if (flaky) item.flaky = true;
    changed += 1;
  }
  if (changed > 0) {
    lines[last] = JSON.stringify(point);
    await writeFileAtomic(historyFile, lines.join('\n'));
  }
  return changed;
}
