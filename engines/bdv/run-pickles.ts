import { buildReport, toScenarioResult } from './build-report.js';
import { executeScenario } from './execute-scenario.js';
import { isThenable } from './invoke-with-timeout.js';
import type { FeatureSet } from './parse-features.js';
import { runRunHooks } from './run-hooks.js';
import { runLanes } from './run-lanes.js';
import type { ScenarioContext } from './scenario-runner.js';
import { compileTagFilter, type StepRegistry } from './step-registry.js';
import { systemClock, type Clock, type Timers } from './timing.js';
import type { AttemptResult, ExecutablePickle, RunHookProblem, RunReport, ScenarioResult } from './types.js';
import { runInWorkers } from './worker/run-in-workers.js';

/** Options of {@link runPickles}. */
export interface RunOptions {
  /** Step definitions and hooks (see `loadStepsModule`). */
  readonly registry: StepRegistry;
  /** Tag expression selecting pickles, e.g. `@smoke and not @wip`. */
  readonly tags?: string;
  /** Scenarios run at the same time in this thread (for asynchronous, I/O-bound steps). Default 1. */
  readonly concurrency?: number;
  /**
   * Worker threads for CPU-bound steps. Above 1, pickles are spread over that many threads, each of which
   * loads `stepsModules` itself and runs its own BeforeAll/AfterAll hooks. Default 1 (this thread).
   */
  readonly workers?: number;
  /** Steps modules (paths or file URLs) the worker threads load; required when `workers > 1`. */
  readonly stepsModules?: readonly string[];
  /** Extra attempts for a failed scenario; a scenario that passes on a retry is marked flaky. Default 0. */
  readonly retries?: number;
  /** Keys (`uri:line name`) of quarantined scenarios: they run, but their failure does not fail the run. */
  readonly quarantine?: ReadonlySet<string>;
  /** Pending and undefined steps fail the run (Cucumber's default). Default true. */
  readonly strict?: boolean;
  readonly dryRun?: boolean;
  /** Overrides the registry's default timeout (5 s, or `setDefaultTimeout`) for asynchronous steps and hooks. */
  readonly defaultTimeoutMs?: number;
  readonly worldParameters?: Readonly<Record<string, unknown>>;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /** Stops scheduling new scenarios (they are reported `skipped` and the run `aborted`); running ones finish. */
  readonly signal?: AbortSignal;
  /** Called as each scenario finishes (progress reporting). */
  readonly onScenario?: (result: ScenarioResult) => void;
}

/**
 * Runs the pickles of a feature set and resolves to the typed report. Failures of scenarios, hooks and parsing
 * are data in the report; misuse (bad tag expression, step definition naming an unknown parameter type,
 * workers without a steps module) throws.
 */
export async function runPickles(features: FeatureSet, options: RunOptions): Promise<RunReport> {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const strict = options.strict ?? true;
  const retries = checkCount(options.retries ?? 0, 'retries', 0);
  const concurrency = checkCount(options.concurrency ?? 1, 'concurrency', 1);
  const workers = checkCount(options.workers ?? 1, 'workers', 1);
  const quarantine = options.quarantine ?? new Set<string>();
  if (options.defaultTimeoutMs !== undefined && !(options.defaultTimeoutMs > 0)) {
    throw new RangeError(`runPickles: defaultTimeoutMs must be a positive number, got ${options.defaultTimeoutMs}`);
  }
  const defaultTimeoutMs = options.defaultTimeoutMs ?? options.registry.defaultTimeoutMs;
  const selected = selectPickles(features.pickles, options.tags);
  const matcher = options.registry.matcher();

  let attemptsByIndex: (readonly AttemptResult[] | undefined)[];
  let runHookErrors: RunHookProblem[];
  if (workers > 1 && selected.length > 0) {
    if (options.stepsModules === undefined || options.stepsModules.length === 0) {
      throw new TypeError('runPickles: workers > 1 needs stepsModules (each worker thread loads them itself)');
    }
    const outcome = await runInWorkers(selected, {
      workers,
      stepsModules: options.stepsModules,
      retries,
      concurrency,
      dryRun: options.dryRun ?? false,
      worldParameters: options.worldParameters ?? {},
      ...(options.defaultTimeoutMs === undefined ? {} : { defaultTimeoutMs: options.defaultTimeoutMs }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.onScenario === undefined
        ? {}
        : { onAttempts: (index, attempts) => notify(options, selected[index] as ExecutablePickle, attempts, quarantine) }),
    });
    attemptsByIndex = outcome.attempts;
    runHookErrors = outcome.runHookErrors;
  } else {
    const context: ScenarioContext = {
      registry: options.registry,
      matcher,
      worldParameters: options.worldParameters ?? {},
      clock,
      timers: options.timers,
      defaultTimeoutMs,
      dryRun: options.dryRun ?? false,
      workerId: undefined,
      snippets: new Map(),
    };
    runHookErrors = options.dryRun ? [] : await runRunHooks(options.registry, 'BeforeAll', options.timers, undefined, defaultTimeoutMs);
    attemptsByIndex = new Array<readonly AttemptResult[] | undefined>(selected.length);
    if (runHookErrors.length === 0) {
      await runLanes(selected.length, concurrency, options.signal, (index) => {
        const item = selected[index] as ExecutablePickle;
        const attempts = executeScenario(item, context, retries);
        const store = (done: readonly AttemptResult[]): void => {
          attemptsByIndex[index] = done;
          notify(options, item, done, quarantine);
        };
        return isThenable(attempts) ? attempts.then(store) : store(attempts);
      });
    }
    if (!options.dryRun) runHookErrors.push(...(await runRunHooks(options.registry, 'AfterAll', options.timers, undefined, defaultTimeoutMs)));
  }

  const scenarios = selected.map((item, index) => toScenarioResult(item, attemptsByIndex[index] ?? [], quarantine.has(item.key)));
  return buildReport({
    scenarios,
    parseErrors: features.parseErrors,
    runHookErrors,
    startedAt,
    finishedAt: clock.now(),
    strict,
    aborted: options.signal?.aborted ?? false,
  });
}

/** The pickles a tag expression selects (all of them without one). */
export function selectPickles(pickles: readonly ExecutablePickle[], tags: string | undefined): readonly ExecutablePickle[] {
  if (tags === undefined || tags.trim() === '') return pickles;
  const matches = compileTagFilter(tags);
  return pickles.filter((item) => matches(item.tagNames));
}

function notify(options: RunOptions, item: ExecutablePickle, attempts: readonly AttemptResult[], quarantine: ReadonlySet<string>): void {
  options.onScenario?.(toScenarioResult(item, attempts, quarantine.has(item.key)));
}

function checkCount(value: number, name: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`runPickles: ${name} must be an integer >= ${min}, got ${value}`);
  return value;
}
