import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// Allure 3's HTML templates embed Google Analytics with no switch to turn it off: the external gtag
// loader plus an inline script that calls gtag(). Both go, so opening the report makes no outside request.
const GTAG_LOADER = /<script\b[^>]*\bsrc="https:\/\/www\.googletagmanager\.com\/[^"]*"[^>]*>\s*<\/script>/g;
const GTAG_INLINE = /<script\b[^>]*>(?:(?!<\/script>)[\s\S])*?\bgtag\s*\((?:(?!<\/script>)[\s\S])*?<\/script>/g;

/** Removes the analytics scripts from one HTML document; returns it unchanged when there are none. */
export function stripAnalytics(html: string): string {
  return html.replace(GTAG_LOADER, '').replace(GTAG_INLINE, '');
}

/** Strips every `.html` file under `dir` (recursively); returns the paths that changed. */
export async function stripAnalyticsInDir(dir: string): Promise<string[]> {
  const changed: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const path = join(entry.parentPath, entry.name);
    const html = await readFile(path, 'utf8');
    const stripped = stripAnalytics(html);
    if (stripped !== html) {
      await writeFile(path, stripped);
      changed.push(path);
    }
  }
  return changed;
}
