import { readBaselineFile } from './baseline-file.js';
import { readBaselineParts } from './baseline-part.js';
import { annotateRegressions } from './annotate-regressions.js';
import { compareRun, type TestComparison } from './compare-run.js';
import type { NoiseModelOptions } from './noise-model.js';

export interface CheckRegressionsOptions extends NoiseModelOptions {
  baselineFile: string;
  partsDir: string;
  /** Results folders whose final attempts receive the regression label and attachment. */
  resultsDirs: readonly string[];
}

export interface RegressionReport {
  comparisons: TestComparison[];
  regressed: string[];
  /** True when no baselines file exists yet (first run): nothing can be judged. */
  noBaseline: boolean;
}

/** Compares this run's parts with the baselines and marks the regressed tests in the Allure results. */
export async function checkRegressions(options: CheckRegressionsOptions): Promise<RegressionReport> {
  const baseline = await readBaselineFile(options.baselineFile);
  const comparisons = compareRun(baseline, await readBaselineParts(options.partsDir), options);
  const regressed = await annotateRegressions(options.resultsDirs, comparisons);
  return { comparisons, regressed, noBaseline: baseline === undefined };
}
