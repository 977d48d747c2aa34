import { basename } from 'node:path';
import type { AllureResult, ResultFile } from './allure-result.js';
import { addLabelOnce } from './annotate-result.js';

/** Label naming the shard a result ran in (`shard-2-of-4`); the Timeline's lanes are named by it too. */
export const SHARD_LABEL = 'shard';

const SHARD_FOLDER = /^shard-\d+-of-\d+$/;
const TITLE_PATH_SEPARATOR = ' > ';
/** Start of the message a flaky test's passing attempt carries (see describeFlakyPass). */
export const FLAKY_MESSAGE_PREFIX = 'Flaky: ';

/** The shard folder a results file sits in (`shard-2-of-4`), or undefined for an unsharded run (`local`). */
export function shardOfResultsDir(dir: string): string | undefined {
  const name = basename(dir);
  return SHARD_FOLDER.test(name) ? name : undefined;
}

/**
 * Puts the shard on the result: a `shard` label, and the `host` label the Allure Timeline groups its lanes by,
 * renamed `shard-2-of-4 @ <host>` (without it every shard's lanes read "vm", as all CI machines may be called).
 */
export function applyShard(result: AllureResult, shard: string | undefined): void {
  if (shard === undefined) return;
  addLabelOnce(result, { name: SHARD_LABEL, value: shard });
  const host = result.labels?.find((l) => l.name === 'host');
  if (host === undefined) result.labels?.push({ name: 'host', value: shard });
  else if (!host.value.startsWith(shard)) host.value = `${shard} @ ${host.value}`;
}

/**
 * allure-playwright writes the titlePath label as project, file and describes joined by " > " with empty parts
 * kept (" >  > fixed.spec.ts" for an unnamed project): the empty segments go.
 */
export function tidyTitlePath(result: AllureResult): void {
  for (const label of result.labels ?? []) {
    if (label.name !== 'titlePath') continue;
    label.value = label.value
      .split('>')
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .join(TITLE_PATH_SEPARATOR);
  }
}

/**
 * One tag label per tag: Playwright's `{ tag: '@e2e' }` and allure-js-commons' `tags('@e2e')` reach the result
 * as "e2e" and "@e2e"; the form with "@" (the one Playwright shows) is kept.
 */
export function dedupeTags(result: AllureResult): void {
  const labels = result.labels;
  if (labels === undefined) return;
  const bare = (value: string): string => value.replace(/^@/, '');
  const kept = new Map<string, string>();
  for (const label of labels) {
    if (label.name !== 'tag') continue;
    const previous = kept.get(bare(label.value));
    if (previous === undefined || (!previous.startsWith('@') && label.value.startsWith('@')))
      kept.set(bare(label.value), label.value);
  }
  const emitted = new Set<string>();
  result.labels = labels.filter((label) => {
    if (label.name !== 'tag') return true;
    const key = bare(label.value);
    if (kept.get(key) !== label.value || emitted.has(key)) return false;
    emitted.add(key);
    return true;
  });
}

/**
 * A timed-out attempt is "failed" in Allure as it is in Playwright's report (allure-playwright calls it
 * "broken"); its category is Timeouts and its message stays Playwright's "Test timeout of …ms exceeded.".
 */
export function markTimedOut(result: AllureResult): void {
  if (result.status === 'broken') result.status = 'failed';
}

/**
 * The final, passing attempt of a flaky test says so in its message. Allure's history keeps a run's status and
 * message but not its flaky flag: with the message, the History tab of a later report still shows what happened.
 */
export function describeFlakyPass(final: ResultFile, attempts: readonly ResultFile[]): void {
  const result = final.result;
  if (result.status !== 'passed') return;
  const existing = result.statusDetails?.message;
  if (existing !== undefined && existing !== '' && !existing.startsWith(FLAKY_MESSAGE_PREFIX)) return;
  const firstFailed = attempts.find((a) => a.result.status === 'failed' || a.result.status === 'broken');
  const firstError = firstLine(firstFailed?.result.statusDetails?.message) ?? 'an earlier attempt failed';
  const failedCount = attempts.filter((a) => a.result.status === 'failed' || a.result.status === 'broken').length;
  result.statusDetails = {
    ...result.statusDetails,
    flaky: true,
    message: `${FLAKY_MESSAGE_PREFIX}passed on attempt ${attempts.length} after ${failedCount} failed attempt(s); first error: ${firstError}`,
  };
}

function firstLine(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const line = text.split('\n', 1)[0]?.trim();
  return line === undefined || line === '' ? undefined : line;
}
