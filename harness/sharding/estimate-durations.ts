import { median } from './history-durations.js';

/** Where a test's planned duration comes from. */
export type EstimateSource = 'measured' | 'file-median' | 'median' | 'skipped';

/** The part of a test the estimate reads: its id, its file, its history keys and whether it is skipped. */
export interface EstimableTest {
  planId: string;
  file: string;
  historyKeys: readonly string[];
  skipped: boolean;
}

export interface EstimatedTest {
  planId: string;
  ms: number;
  source: EstimateSource;
}

/** A group with a duration for each of its tests; the planner's input. */
export interface WeightedGroup {
  id: string;
  tests: EstimatedTest[];
  /** The sum of its tests' durations. */
  ms: number;
}

export interface Estimates {
  groups: WeightedGroup[];
  /** Tests with a recorded duration, and tests given an estimate (skipped tests are neither). */
  measured: number;
  estimated: number;
}

/**
 * Gives every test a duration: its recorded median when the history knows it (under any of its keys), else the
 * median of the measured tests of its file, else the median of all measured tests; a skipped test costs 0. When no
 * test of the suite has a recorded duration the estimates mean nothing: `measured` is then 0 and the caller falls
 * back to Playwright's own split.
 */
export function estimateGroups(
  groups: readonly { id: string; tests: readonly EstimableTest[] }[],
  recorded: ReadonlyMap<string, number>,
): Estimates {
  const known = new Map<string, number>();
  const byFile = new Map<string, number[]>();
  for (const group of groups) {
    for (const test of group.tests) {
      if (test.skipped) continue;
      const key = test.historyKeys.find((k) => recorded.has(k));
      if (key === undefined) continue;
      const ms = recorded.get(key) ?? 0;
      known.set(test.planId, ms);
      byFile.set(test.file, [...(byFile.get(test.file) ?? []), ms]);
    }
  }
  const overall = known.size > 0 ? median([...known.values()]) : 0;
  const fileMedian = new Map([...byFile].map(([file, list]) => [file, median(list)]));
  let estimated = 0;
  const weighted = groups.map((group) => {
    const tests = group.tests.map((test): EstimatedTest => {
      if (test.skipped) return { planId: test.planId, ms: 0, source: 'skipped' };
      const ms = known.get(test.planId);
      if (ms !== undefined) return { planId: test.planId, ms, source: 'measured' };
      estimated += 1;
      const sameFile = fileMedian.get(test.file);
      return sameFile !== undefined
        ? { planId: test.planId, ms: sameFile, source: 'file-median' }
        : { planId: test.planId, ms: overall, source: 'median' };
    });
    return { id: group.id, tests, ms: tests.reduce((sum, t) => sum + t.ms, 0) };
  });
  return { groups: weighted, measured: known.size, estimated };
}
