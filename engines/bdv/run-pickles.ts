import { setMaxListeners } from 'node:events';
import { buildReport, emptyStatusCounts, toScenarioResult } from './build-report.js';
import { executeScenario } from './execute-scenario.js';
import { isThenable } from './invoke-with-timeout.js';
import { MessageStream, type MessageSink } from './messages.js';
import type { FeatureSet } from './parse-features.js';
import { orderPickles, type PickleOrder } from './run-order.js';
import { runHookProblems, runRunHooks, type RunHooksOptions } from './run-hooks.js';
import { runLanes } from './run-lanes.js';
import type { ScenarioContext } from './scenario-runner.js';
import { compileTagFilter, type StepRegistry } from './step-registry.js';
import { systemClock, type Clock, type Timers } from './timing.js';
import type { AttemptResult, ExecutablePickle, RunHookResult, RunReport, ScenarioResult } from './types.js';
import { runInWorkers } from './worker/run-in-workers.js';

/** Options of {@link runPickles}. */
export interface RunOptions {
  /** Step definitions and hooks (see `loadStepsModule`). */
  readonly registry: StepRegistry;
  /** Tag expression selecting pickles, e.g. `@smoke and not @wip`. */
  readonly tags?: string;
  /** Run order of the selected pickles (default: as defined). */
  readonly order?: PickleOrder;
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
  /**
   * Interrupts the run: no new scenario starts (those are reported `skipped` and the run `aborted`), running
   * scenarios' signals abort and their pending asynchronous steps are abandoned at once; worker threads are
   * asked to stop and terminated if they do not within `workerStopGraceMs`.
   */
  readonly signal?: AbortSignal;
  /** How long worker threads get to stop after `signal` aborts before they are terminated. Default 2000 ms. */
  readonly workerStopGraceMs?: number;
  /** Called as each scenario finishes (progress reporting). */
  readonly onScenario?: (result: ScenarioResult) => void;
  /** Receives the run as Cucumber Messages while it happens (see `MessageStream`). */
  readonly onMessage?: MessageSink;
  /** Asked between scenarios whether to wait before going on (an output stream applying backpressure). */
  readonly pause?: () => Promise<void> | undefined;
  /**
   * `false`: a scenario that passed at its first attempt keeps its status but not its steps in the report (they
   * are counted, and streamed through `onMessage`), so a huge run's memory stays small. Default true.
   */
  readonly retainPassedSteps?: boolean;
}

/**
 * Runs the pickles of a feature set and resolves to the typed report. Failures of scenarios, hooks and parsing
 * are data in the report; misuse (bad tag expression, an invalid step definition, workers without a steps
 * module) throws.
 */
export async function runPickles(features: FeatureSet, options: RunOptions): Promise<RunReport> {
  const clock = options.clock ?? systemClock;
  const strict = options.strict ?? true;
  const retries = checkCount(options.retries ?? 0, 'retries', 0);
  const concurrency = checkCount(options.concurrency ?? 1, 'concurrency', 1);
  const workers = checkCount(options.workers ?? 1, 'workers', 1);
  const quarantine = options.quarantine ?? new Set<string>();
  if (options.defaultTimeoutMs !== undefined && !(options.defaultTimeoutMs > 0)) {
    throw new RangeError(`runPickles: defaultTimeoutMs must be a positive number, got ${options.defaultTimeoutMs}`);
  }
  const defaultTimeoutMs = options.defaultTimeoutMs ?? options.registry.defaultTimeoutMs;
  const selected = orderPickles(selectPickles(features.pickles, options.tags), options.order);
  const matcher = options.registry.matcher();
  if (workers > 1 && selected.length > 0 && (options.stepsModules === undefined || options.stepsModules.length === 0)) {
    throw new TypeError('runPickles: workers > 1 needs stepsModules (each worker thread loads them itself)');
  }
  const stream = options.onMessage === undefined ? undefined : new MessageStream(options.onMessage, options.registry);
  await stream?.header(features, options.pause);
  const interrupt = linkSignal(options.signal);
  const startedAt = clock.now();
  stream?.testRunStarted(startedAt);

  const attemptsByIndex = new Array<readonly AttemptResult[] | undefined>(selected.length);
  const droppedStepCounts = emptyStatusCounts();
  const retainPassedSteps = options.retainPassedSteps ?? true;
  const store = (index: number, done: readonly AttemptResult[]): void => {
    const item = selected[index] as ExecutablePickle;
    stream?.attempts(item, done);
    options.onScenario?.(toScenarioResult(item, done, quarantine.has(item.key)));
    const only = done[0];
    if (!retainPassedSteps && done.length === 1 && only !== undefined && only.status === 'passed') {
      for (const step of only.steps) if (step.kind === 'step') droppedStepCounts[step.status]++;
      attemptsByIndex[index] = [{ ...only, steps: [] }];
    } else attemptsByIndex[index] = done;
  };
  const runHooks: RunHookResult[] = [];
  try {
    if (workers > 1 && selected.length > 0) {
      // Each worker runs its own BeforeAll hooks; the plan is known before any of them reports.
      await stream?.plan(selected, options.pause);
      const outcome = await runInWorkers(selected, {
        workers,
        stepsModules: options.stepsModules ?? [],
        retries,
        concurrency,
        dryRun: options.dryRun ?? false,
        worldParameters: options.worldParameters ?? {},
        ...(options.defaultTimeoutMs === undefined ? {} : { defaultTimeoutMs: options.defaultTimeoutMs }),
        signal: interrupt.signal,
        ...(options.workerStopGraceMs === undefined ? {} : { stopGraceMs: options.workerStopGraceMs }),
        ...(options.pause === undefined ? {} : { pause: options.pause }),
        ...(stream === undefined ? {} : { onRunHook: (result: RunHookResult) => stream.runHook(result) }),
        onAttempts: store,
      });
      runHooks.push(...outcome.runHookResults);
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
        runSignal: interrupt.signal,
      };
      const hookOptions = runHookOptions(options, clock, defaultTimeoutMs, interrupt.signal, stream);
      const beforeAll = options.dryRun ? [] : await runRunHooks(options.registry, 'BeforeAll', hookOptions);
      runHooks.push(...beforeAll);
      // A failed BeforeAll leaves the suite's preconditions unmet: no scenario runs (AfterAll hooks still do).
      if (beforeAll.every((result) => result.status !== 'failed')) {
        await stream?.plan(selected, options.pause);
        await runLanes(
          selected.length,
          concurrency,
          interrupt.signal,
          (index) => {
            const attempts = executeScenario(selected[index] as ExecutablePickle, context, retries);
            return isThenable(attempts) ? attempts.then((done) => store(index, done)) : store(index, attempts);
          },
          options.pause,
        );
      }
      // AfterAll hooks clean up, so they run even after an interrupt (bounded by their timeout).
      if (!options.dryRun) runHooks.push(...(await runRunHooks(options.registry, 'AfterAll', { ...hookOptions, signal: undefined })));
    }
  } finally {
    interrupt.dispose();
  }

  const scenarios = selected.map((item, index) => toScenarioResult(item, attemptsByIndex[index] ?? [], quarantine.has(item.key)));
  const report = buildReport({
    scenarios,
    parseErrors: features.parseErrors,
    runHooks,
    runHookErrors: runHookProblems(runHooks),
    undefinedParameterTypes: options.registry.undefinedParameterTypes,
    droppedStepCounts,
    startedAt,
    finishedAt: clock.now(),
    strict,
    aborted: interrupt.signal.aborted,
  });
  stream?.testRunFinished(report);
  return report;
}

/** The pickles a tag expression selects (all of them without one). */
export function selectPickles(pickles: readonly ExecutablePickle[], tags: string | undefined): readonly ExecutablePickle[] {
  if (tags === undefined || tags.trim() === '') return pickles;
  const matches = compileTagFilter(tags);
  return pickles.filter((item) => matches(item.tagNames));
}

function runHookOptions(
  options: RunOptions,
  clock: Clock,
  defaultTimeoutMs: number,
  signal: AbortSignal,
  stream: MessageStream | undefined,
): RunHooksOptions {
  const started = new Map<string, string>();
  return {
    timers: options.timers,
    clock,
    workerId: undefined,
    defaultTimeoutMs,
    worldParameters: options.worldParameters ?? {},
    signal,
    ...(stream === undefined
      ? {}
      : {
          onStarted: (hook, at) => started.set(hook.id, stream.runHookStarted(hook, at)),
          onFinished: (result) => stream.runHookFinished(started.get(result.hookId) as string, result),
        }),
  };
}

/**
 * One signal for the whole run, aborted with the caller's: every scenario and every pending step listens to it,
 * so it may have many listeners (no MaxListenersExceededWarning), and the caller's signal gets exactly one.
 */
function linkSignal(outer: AbortSignal | undefined): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  if (outer === undefined) return { signal: controller.signal, dispose: () => undefined };
  const forward = (): void => controller.abort(outer.reason);
  if (outer.aborted) forward();
  else outer.addEventListener('abort', forward, { once: true });
  return { signal: controller.signal, dispose: () => outer.removeEventListener('abort', forward) };
}

function checkCount(value: number, name: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`runPickles: ${name} must be an integer >= ${min}, got ${value}`);
  return value;
}
