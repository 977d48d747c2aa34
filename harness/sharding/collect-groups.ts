import type { FullConfig, Suite, TestCase } from '@playwright/test/reporter';
import { identifyTest, type TestIdentity } from './test-identity.js';
import { workloadChangeOf } from './workload-changed.js';

/** A suite's execution mode as `TestRun.mode()` reports it (inherited from its parents when not set). */
export type SuiteMode = 'serial' | 'parallel' | 'default';

/** A test to place on a shard. */
export interface PlannedTest extends TestIdentity {
  test: TestCase;
  /** Skipped before it runs (`test.skip()` at declaration, `fixme`): it costs nothing. */
  skipped: boolean;
  /** Epoch ms of its `workload-changed` annotation: its durations recorded before then are not its own. */
  workloadChangedAt?: number;
  /** Its `workload-changed` annotations that could not be read (one line each). */
  problems?: string[];
}

/** Tests that must run on the same shard, in the order Playwright lists them. */
export interface TestGroup {
  /** Stable across runs and shards. */
  id: string;
  /**
   * Why they are together: a serial describe (or an explicit `mode: 'default'` suite) inside a parallel context, a
   * whole file that is not fully parallel, or a test on its own.
   */
  kind: 'serial' | 'file' | 'test';
  tests: PlannedTest[];
}

/**
 * The group of one test, the way Playwright's own sharding forms them (runner `createTestGroups`): outside any
 * parallel suite, all of a file's tests stay together; inside one, the outermost serial or default-mode suite stays
 * together; otherwise a test stands alone. Playwright also splits by worker fixtures and chunks parallel tests that
 * share beforeAll hooks; keeping those together instead is coarser but never wrong.
 *
 * A suite's own mode is read from `mode()`, which reports inherited modes: a suite whose mode differs from its
 * parent's set it explicitly. (An explicit mode equal to the parent's changes no grouping.)
 */
function groupOf(
  test: TestCase,
  mode: (suite: Suite) => SuiteMode,
): { key: Suite | TestCase; kind: TestGroup['kind'] } {
  let insideParallel = false;
  let outermostSequential: Suite | undefined;
  let fileSuite: Suite | undefined;
  for (let suite: Suite | undefined = test.parent; suite !== undefined && suite.type !== 'root'; suite = suite.parent) {
    if (suite.type === 'file') fileSuite = suite;
    const own = suite.parent === undefined ? 'default' : mode(suite) === mode(suite.parent) ? 'none' : mode(suite);
    if (own === 'serial' || own === 'default') outermostSequential = suite;
    if (own === 'parallel') insideParallel = true;
  }
  if (!insideParallel) return { key: fileSuite ?? test.parent, kind: 'file' };
  if (outermostSequential !== undefined) return { key: outermostSequential, kind: 'serial' };
  return { key: test, kind: 'test' };
}

/** Names of the projects that run only as another's dependency or teardown: they run with every shard, unplanned. */
function dependencyProjects(config: FullConfig, present: ReadonlySet<string>): Set<string> {
  const byName = new Map(config.projects.map((p) => [p.name, p]));
  const deps = new Set<string>();
  const visit = (name: string): void => {
    const project = byName.get(name);
    for (const dep of [
      ...(project?.dependencies ?? []),
      ...(project?.teardown !== undefined ? [project.teardown] : []),
    ]) {
      if (!deps.has(dep)) {
        deps.add(dep);
        visit(dep);
      }
    }
  };
  for (const name of present) visit(name);
  return deps;
}

/**
 * Every test the run could shard, in groups that must stay on one shard, in Playwright's order. Tests of dependency
 * (setup/teardown) projects are left out: Playwright runs them wherever a test needs them, and they cannot be excluded.
 */
export function collectTestGroups(root: Suite, config: FullConfig, mode: (suite: Suite) => SuiteMode): TestGroup[] {
  const deps = dependencyProjects(config, new Set(root.suites.map((s) => s.title)));
  const groups = new Map<Suite | TestCase, TestGroup>();
  for (const projectSuite of root.suites) {
    if (deps.has(projectSuite.title)) continue;
    for (const test of projectSuite.allTests()) {
      const identity = identifyTest(test, config.rootDir);
      const { key, kind } = groupOf(test, mode);
      let group = groups.get(key);
      if (group === undefined) {
        group = { id: groupIdOf(key, identity, test.repeatEachIndex, kind), kind, tests: [] };
        groups.set(key, group);
      }
      const change = workloadChangeOf(test);
      group.tests.push({
        ...identity,
        test,
        skipped: test.expectedStatus === 'skipped',
        ...(change.at !== undefined ? { workloadChangedAt: change.at } : {}),
        ...(change.problems.length > 0 ? { problems: change.problems } : {}),
      });
    }
  }
  return [...groups.values()];
}

/** Prefixed by kind, so a describe and a test with the same title path never share an id. */
function groupIdOf(
  key: Suite | TestCase,
  first: TestIdentity,
  repeatEachIndex: number,
  kind: TestGroup['kind'],
): string {
  if (kind === 'test') return `test: ${first.planId}`;
  const suite = key as Suite;
  const project = first.project === '' ? '' : ` [${first.project}]`;
  const titles = suite.type === 'file' ? [] : suite.titlePath().slice(3);
  const repeat = repeatEachIndex > 0 ? ` (repeat ${repeatEachIndex})` : '';
  return `${kind}: ${[first.file, ...titles].join(' › ')}${project}${repeat}`;
}
