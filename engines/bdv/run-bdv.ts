import { loadFeatures } from './load-features.js';
import type { FeatureSet } from './parse-features.js';
import { runPickles, type RunOptions } from './run-pickles.js';
import { createStepRegistry, type StepRegistry } from './step-registry.js';
import { loadStepsModule, toModuleUrl } from './steps-module.js';
import type { RunReport } from './types.js';

export interface RunBdvOptions extends Omit<RunOptions, 'registry' | 'stepsModules'> {
  /** Feature files or folders (searched recursively for `*.feature`). */
  readonly paths: readonly string[];
  /** Steps modules to load (paths relative to `cwd`, or file URLs). */
  readonly stepsModules: readonly string[];
  readonly cwd?: string;
  readonly defaultDialect?: string;
}

export interface BdvRun {
  readonly report: RunReport;
  readonly features: FeatureSet;
  /** The registry loaded in this thread (worker threads load their own); needed for NDJSON messages. */
  readonly registry: StepRegistry;
}

/** Loads features and steps modules, runs them, and returns the report with what NDJSON output needs. */
export async function runBdv(options: RunBdvOptions): Promise<BdvRun> {
  const { paths, stepsModules, cwd, defaultDialect, ...runOptions } = options;
  const registry = createStepRegistry();
  for (const module of stepsModules) await loadStepsModule(module, registry, cwd);
  const features = await loadFeatures(paths, {
    ...(cwd === undefined ? {} : { cwd }),
    ...(defaultDialect === undefined ? {} : { defaultDialect }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const report = await runPickles(features, {
    ...runOptions,
    registry,
    stepsModules: stepsModules.map((m) => toModuleUrl(m, cwd)),
  });
  return { report, features, registry };
}
