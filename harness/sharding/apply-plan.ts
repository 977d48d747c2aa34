import type { Suite, TestCase, TestRun } from '@playwright/test/reporter';

/**
 * Leaves only this shard's tests in the run: every planned test that is not kept is excluded, and so is every suite
 * (project, file, describe) none of whose tests is kept, so reporters see no empty suites. Tests outside the plan
 * (setup/teardown projects) are never touched: Playwright runs them wherever a kept test needs them.
 */
export function excludeOtherShards(
  root: Suite,
  testRun: Pick<TestRun, 'exclude'>,
  planned: ReadonlySet<TestCase>,
  kept: ReadonlySet<TestCase>,
): number {
  let excluded = 0;
  const drop = (test: TestCase): boolean => planned.has(test) && !kept.has(test);
  const visit = (suite: Suite): void => {
    for (const child of suite.suites) {
      const tests = child.allTests();
      if (tests.length > 0 && tests.every(drop)) {
        testRun.exclude(child);
        excluded += tests.length;
      } else {
        visit(child);
      }
    }
    for (const test of suite.tests) {
      if (drop(test)) {
        testRun.exclude(test);
        excluded += 1;
      }
    }
  };
  visit(root);
  return excluded;
}
