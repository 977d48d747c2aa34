import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { TestCase } from '@playwright/test/reporter';

/** Who a test is, for the plan, the history and the quarantine. */
export interface TestIdentity {
  /**
   * Unique in the run and stable across runs: the full name as allure-playwright and the merge's count check write it
   * (`file › describe › title`), then ` [project]` when the project is named and ` (repeat i)` for repeat-each copies.
   */
  planId: string;
  /** allure-playwright's full name: the file relative to the config's rootDir, then the describe titles and the title. */
  fullName: string;
  project: string;
  /** The file relative to the config's rootDir, with forward slashes. */
  file: string;
  /**
   * The keys this test may be recorded under in the run history, most specific first: the id that starts its title
   * (`E2E-112`, `CHAOS-03`: our harness makes it the Allure historyId), allure-playwright's own historyId, the full
   * name with and without the project.
   */
  historyKeys: string[];
  /** What a quarantine entry may name it by: the history keys and the planId. */
  quarantineIds: string[];
}

const TITLE_ID = /^([A-Z][A-Z0-9]*-\d+)\b/;

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

const packageNames = new Map<string, string | undefined>();

/** The `name` of the nearest package.json above `dir`, as allure-playwright prefixes its test-case ids with it. */
function packageNameAbove(dir: string): string | undefined {
  const cached = packageNames.get(dir);
  if (cached !== undefined || packageNames.has(dir)) return cached;
  let name: string | undefined;
  for (let current = dir; ; current = dirname(current)) {
    try {
      const parsed = JSON.parse(readFileSync(join(current, 'package.json'), 'utf8')) as { name?: unknown };
      name = typeof parsed.name === 'string' && parsed.name !== '' ? parsed.name : undefined;
      break;
    } catch (error) {
      // A missing package.json means "look further up"; one that does not parse counts as one without a name.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') break;
    }
    if (dirname(current) === current) break;
  }
  packageNames.set(dir, name);
  return name;
}

function posix(path: string): string {
  return path.split(sep).join('/');
}

/**
 * The historyId allure-playwright 3 gives a test that does not set its own: md5 of its test-case id base
 * (`[package:]file#describes title`) and md5 of its parameters (Project, and Repetition under repeat-each).
 * Verified against allure-playwright's result files by the sharding self-test.
 */
export function allureDefaultHistoryId(test: TestCase): string {
  const project = test.parent.project();
  const testDir = project?.testDir ?? dirname(test.location.file);
  const relativeFile = posix(relative(testDir, test.location.file));
  const describes = test.titlePath().slice(3, -1);
  const suitePrefix = describes.length > 0 ? `${describes.join(' ')} ` : '';
  const pkg = packageNameAbove(dirname(test.location.file));
  const base = `${pkg !== undefined ? `${pkg}:` : ''}${relativeFile}#${suitePrefix}${test.title}`;
  const params: { name: string; value: string }[] = [];
  if (project !== undefined && project.name !== '') params.push({ name: 'Project', value: project.name });
  if (project !== undefined && project.repeatEach > 1)
    params.push({ name: 'Repetition', value: String(test.repeatEachIndex + 1) });
  const paramsText = params
    .sort((a, b) => a.name.localeCompare(b.name) || a.value.localeCompare(b.value))
    .map((p) => `${p.name}:${p.value}`)
    .join(',');
  return `${md5(base)}:${md5(paramsText)}`;
}

/** The identity of a test in a suite Playwright loaded (see {@link TestIdentity}). */
export function identifyTest(test: TestCase, rootDir: string): TestIdentity {
  const project = test.parent.project()?.name ?? '';
  const file = posix(relative(rootDir, test.location.file));
  const fullName = [file, ...test.titlePath().slice(3)].join(' › ');
  const withProject = project === '' ? fullName : `${fullName} [${project}]`;
  const planId = test.repeatEachIndex > 0 ? `${withProject} (repeat ${test.repeatEachIndex})` : withProject;
  const titleId = TITLE_ID.exec(test.title)?.[1];
  const historyKeys = [
    ...new Set([...(titleId !== undefined ? [titleId] : []), allureDefaultHistoryId(test), withProject, fullName]),
  ];
  return { planId, fullName, project, file, historyKeys, quarantineIds: [...new Set([...historyKeys, planId])] };
}
