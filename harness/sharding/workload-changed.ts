import type { TestCase } from '@playwright/test/reporter';

/**
 * The annotation a test declares when its workload changes enough to make its recorded durations wrong (it was made
 * cheaper, or heavier): `test('E2E-110: …', { annotation: { type: 'workload-changed', description: '2026-12-06T21:30Z' } }, …)`.
 * The planner then leaves out that test's durations recorded before that instant. A UTC time (`Z`) or a UTC day,
 * so every shard and machine reads the same instant.
 */
export const WORKLOAD_CHANGED = 'workload-changed';

const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/;

/** Epoch ms of a `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS[.mmm]]Z` text, undefined when it is not one (or no real day). */
export function parseUtcInstant(text: string): number | undefined {
  if (!UTC_INSTANT.test(text)) return undefined;
  const ms = Date.parse(text.length === 10 ? `${text}T00:00Z` : text);
  // Date.parse rolls 2026-02-30 over to March: a real day prints back as itself.
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === text.slice(0, 10) ? ms : undefined;
}

/**
 * When the test's workload last changed (the latest of its `workload-changed` annotations), and a line for each
 * annotation that does not hold a UTC time (it is ignored: the test then plans from all its history, as before).
 */
export function workloadChangeOf(test: TestCase): { at?: number; problems: string[] } {
  let at: number | undefined;
  const problems: string[] = [];
  for (const annotation of test.annotations) {
    if (annotation.type !== WORKLOAD_CHANGED) continue;
    const ms = parseUtcInstant(annotation.description ?? '');
    if (ms === undefined) {
      problems.push(
        `[shards] ${test.title}: annotation ${WORKLOAD_CHANGED} "${annotation.description ?? ''}" is not a UTC day or time (2026-12-06 or 2026-12-06T21:30Z); ignored`,
      );
    } else at = Math.max(at ?? ms, ms);
  }
  return at !== undefined ? { at, problems } : { problems };
}
