import {
  createFeatureSet,
  formatParseProblem,
  loadFeatures,
  loadStepsModule,
  runPickles,
  createStepRegistry,
  type FeatureSet,
  type RunReport,
  type ScenarioStatus,
  type StepRegistry,
} from '../../bdv/index.js';
import { StreamInputError } from '../errors.js';
import type { ValidationStream } from '../types.js';

export interface BdvStreamOptions {
  /** Feature files or folders (searched recursively), relative to `cwd`. */
  readonly paths?: readonly string[];
  /** In-memory feature files, `uri -> source`, instead of or besides `paths`. */
  readonly sources?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Step definitions already registered. */
  readonly registry?: StepRegistry;
  /** Steps modules to load into a fresh registry (paths relative to `cwd`, or file URLs). */
  readonly stepsModules?: readonly string[];
  /** Tag expression, e.g. `@smoke and not @wip`. */
  readonly tags?: string;
  readonly concurrency?: number;
  readonly retries?: number;
  readonly defaultTimeoutMs?: number;
  /** How many failed scenarios to list in the details. Default 20. */
  readonly maxListedFailures?: number;
}

export interface BdvScenarioFailure {
  readonly key: string;
  readonly status: ScenarioStatus;
  /** First failing step's error message, if any. */
  readonly message: string | undefined;
}

export interface BdvDetails {
  readonly status: RunReport['status'];
  readonly aborted: boolean;
  readonly counts: RunReport['counts'];
  readonly failures: readonly BdvScenarioFailure[];
  readonly snippets: readonly string[];
  readonly durationMs: number;
}

/**
 * BDV stream: runs feature files on the BDV engine. A feature file that does not parse, a path that does not
 * exist, or a selection with no scenario at all is bad input (a vacuous pass would be a lie); otherwise the
 * stream passes when the run's status is passed. The stream's signal stops scheduling further scenarios.
 */
export function createBdvStream(options: BdvStreamOptions): ValidationStream<BdvDetails> {
  return {
    name: 'BDV',
    async run(context) {
      const registry = options.registry ?? createStepRegistry();
      for (const module of options.stepsModules ?? []) await loadStepsModule(module, registry, options.cwd);
      const features = await collectFeatures(options, context.signal);
      if (features.parseErrors.length > 0) {
        throw new StreamInputError(
          `feature files do not parse: ${features.parseErrors.map(formatParseProblem).join('; ')}`,
        );
      }
      const report = await runPickles(features, {
        registry,
        signal: context.signal,
        clock: context.clock,
        ...(options.tags === undefined ? {} : { tags: options.tags }),
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        ...(options.retries === undefined ? {} : { retries: options.retries }),
        ...(options.defaultTimeoutMs === undefined ? {} : { defaultTimeoutMs: options.defaultTimeoutMs }),
      });
      if (report.scenarios.length === 0)
        throw new StreamInputError('no scenario to run: the paths and tag filter selected nothing');
      const failures = report.scenarios
        .filter((scenario) => scenario.status !== 'passed' && !scenario.quarantined)
        .slice(0, options.maxListedFailures ?? 20)
        .map((scenario) => ({
          key: scenario.key,
          status: scenario.status,
          message: scenario.attempts.at(-1)?.steps.find((step) => step.error !== undefined)?.error?.message,
        }));
      const passed = report.status === 'passed';
      const counts = report.counts.scenarios;
      return {
        passed,
        summary: `${counts.passed}/${report.scenarios.length} scenarios passed${passed ? '' : `, ${counts.failed} failed`}`,
        details: {
          status: report.status,
          aborted: report.aborted,
          counts: report.counts,
          failures,
          snippets: report.snippets,
          durationMs: report.durationMs,
        },
      };
    },
  };
}

async function collectFeatures(options: BdvStreamOptions, signal: AbortSignal): Promise<FeatureSet> {
  const sets: FeatureSet[] = [];
  if (options.paths !== undefined && options.paths.length > 0) {
    try {
      sets.push(
        await loadFeatures(options.paths, { signal, ...(options.cwd === undefined ? {} : { cwd: options.cwd }) }),
      );
    } catch (error) {
      if ((error as { code?: unknown }).code === 'BDV_FEATURE_READ')
        throw new StreamInputError((error as Error).message, { cause: error });
      throw error;
    }
  }
  if (options.sources !== undefined) sets.push(createFeatureSet(options.sources));
  return {
    features: sets.flatMap((set) => set.features),
    pickles: sets.flatMap((set) => set.pickles),
    parseErrors: sets.flatMap((set) => set.parseErrors),
  };
}
