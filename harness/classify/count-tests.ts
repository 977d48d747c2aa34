import type { ResultFile } from './allure-result.js';
import { retryIndexOf } from './classify-attempt.js';

/** The part of `playwright test --list --reporter=json` the count check reads. */
export interface PlaywrightListSuite {
  title: string;
  file?: string;
  specs?: { title: string; file: string; tests: { projectName: string }[] }[];
  suites?: PlaywrightListSuite[];
}

export interface TestCountReport {
  expected: number;
  found: number;
  /** Listed but without any result in any shard. */
  lost: string[];
  /** Run more than once (first attempts counted; retries are not duplicates). */
  duplicated: string[];
  /** Results that Playwright would not run (stale files from an earlier run). */
  unexpected: string[];
  ok: boolean;
}

/**
 * Keys a test the way allure-playwright names it: file relative to the config's rootDir, describe titles and
 * test title joined by " › ", plus the Playwright project (the "Project" parameter) when there is one.
 */
export function listedTestKeys(suites: readonly PlaywrightListSuite[]): string[] {
  const keys: string[] = [];
  const walk = (suite: PlaywrightListSuite, file: string, describes: string[]): void => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests)
        keys.push(keyOf([spec.file, ...describes, spec.title].join(' › '), test.projectName));
    }
    for (const child of suite.suites ?? []) walk(child, file, [...describes, child.title]);
  };
  for (const fileSuite of suites) walk(fileSuite, fileSuite.file ?? fileSuite.title, []);
  return keys;
}

/** Compares what Playwright would run with the first attempts found in the merged Allure results. */
export function countTests(listed: readonly string[], results: readonly ResultFile[]): TestCountReport {
  const expected = tally(listed);
  const found = tally(
    results
      .filter((f) => retryIndexOf(f.result) === 0)
      .map((f) =>
        keyOf(
          f.result.fullName ?? f.result.name ?? f.result.uuid,
          f.result.parameters?.find((p) => p.name === 'Project')?.value ?? '',
        ),
      ),
  );
  const lost: string[] = [];
  const duplicated: string[] = [];
  const unexpected: string[] = [];
  for (const [key, want] of expected) {
    const got = found.get(key) ?? 0;
    if (got < want) lost.push(key);
    if (got > want) duplicated.push(key);
  }
  for (const key of found.keys()) if (!expected.has(key)) unexpected.push(key);
  return {
    expected: listed.length,
    found: [...found.values()].reduce((a, b) => a + b, 0),
    lost: lost.sort(),
    duplicated: duplicated.sort(),
    unexpected: unexpected.sort(),
    ok: lost.length === 0 && duplicated.length === 0 && unexpected.length === 0,
  };
}

function keyOf(fullName: string, project: string): string {
  return project === '' ? fullName : `${fullName} [${project}]`;
}

function tally(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
