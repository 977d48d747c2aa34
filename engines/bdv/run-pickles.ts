import { setMaxListeners } from 'node:events';
import { systemClock, type Clock } from '../common/index.js';
import { ReportBuilder, toScenarioResult, type ScenarioRetention } from './build-report.js';
import { executeScenario } from './execute-scenario.js';
import { isThenable } from './invoke-with-timeout.js';
import { toErrorInfo } from './errors.js';
import { FeatureFiles } from './feature-files.js';
import { MessageStream, type HeaderSource, type MessageSink, type NdjsonSink } from './messages.js';
import type { FeatureSet, ParsedFeature } from './parse-features.js';
import { orderPickles, type PickleOrder } from './run-order.js';
import { runHookProblems, runRunHooks, type RunHooksOptions } from './run-hooks.js';
import { runLanes } from './run-lanes.js';
import type { ScenarioContext } from './scenario-runner.js';
import { compileTagFilter, type StepRegistry } from './step-registry.js';
import { epochNow, type RunTime } from './timing.js';
import type {
  AttemptResult,
  ExecutablePickle,
  ParseProblem,
  RunHookResult,
  RunReport,
  ScenarioResult,
} from './types.js';
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
  /**
   * The run's time (engines/common's one Clock): durations are its readings, step and hook timeouts run on its
   * timers. Default the system clock; a test passes `createManualClock()`. Worker threads use their own system clock.
   */
  readonly clock?: Clock;
  /**
   * Epoch milliseconds at which `clock` read 0: timestamps in the report and the messages are
   * `timeOrigin + clock.now()`. Default `performance.timeOrigin`, which is right for the system clock.
   */
  readonly timeOrigin?: number;
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
  /**
   * Receives the run as Cucumber Messages NDJSON text while it happens: the lines `toNdjsonLine` makes of what
   * `onMessage` would get, built without most of the envelope objects (faster). Not with `onMessage`.
   */
  readonly onNdjson?: NdjsonSink;
  /** Asked between scenarios whether to wait before going on (an output stream applying backpressure). */
  readonly pause?: () => Promise<void> | undefined;
  /**
   * What the report keeps of each scenario (its counts always cover all of them): `'all'` (default),
   * `'passed-without-steps'`, or `'problems'` (only scenarios that did not pass at their first attempt), which with
   * {@link FeatureFiles} keeps a huge run's memory flat: the steps are streamed through `onMessage` and counted.
   */
  readonly retain?: ScenarioRetention;
}

/**
 * Runs the pickles of a feature set and resolves to the typed report. Failures of scenarios, hooks and parsing
 * are data in the report; misuse (bad tag expression, an invalid step definition, workers without a steps
 * module) throws. Given {@link FeatureFiles} (see `openFeatureFiles`), the files are parsed pass by pass and no
 * pass holds more than the scenarios running, as long as the order is as defined and the run stays in this
 * thread; a reverse or random order, or worker threads, need every pickle at once and parse them all first.
 */
export async function runPickles(features: FeatureSet | FeatureFiles, options: RunOptions): Promise<RunReport> {
  const time: RunTime = {
    clock: options.clock ?? systemClock,
    timeOrigin: options.timeOrigin ?? performance.timeOrigin,
  };
  const strict = options.strict ?? true;
  const retries = checkCount(options.retries ?? 0, 'retries', 0);
  const concurrency = checkCount(options.concurrency ?? 1, 'concurrency', 1);
  const workers = checkCount(options.workers ?? 1, 'workers', 1);
  const quarantine = options.quarantine ?? new Set<string>();
  if (options.defaultTimeoutMs !== undefined && !(options.defaultTimeoutMs > 0)) {
    throw new RangeError(`runPickles: defaultTimeoutMs must be a positive number, got ${options.defaultTimeoutMs}`);
  }
  const defaultTimeoutMs = options.defaultTimeoutMs ?? options.registry.defaultTimeoutMs;
  const streaming =
    features instanceof FeatureFiles &&
    workers === 1 &&
    (options.order === undefined || options.order.kind === 'defined');
  // Without messages a streaming run goes through its files once, so it keeps none of them parsed.
  const source = streaming
    ? lazySelection(features, options.tags, options.onMessage !== undefined || options.onNdjson !== undefined)
    : eagerSelection(features instanceof FeatureFiles ? features.toFeatureSet() : features, options);
  const matcher = options.registry.matcher();
  const selected = source.selected;
  if (
    workers > 1 &&
    selected !== undefined &&
    selected.length > 0 &&
    (options.stepsModules === undefined || options.stepsModules.length === 0)
  ) {
    throw new TypeError('runPickles: workers > 1 needs stepsModules (each worker thread loads them itself)');
  }
  if (options.onMessage !== undefined && options.onNdjson !== undefined)
    throw new TypeError('runPickles: onMessage and onNdjson are exclusive');
  const messageOutput =
    options.onNdjson !== undefined
      ? { lines: options.onNdjson }
      : options.onMessage !== undefined
        ? { envelopes: options.onMessage }
        : undefined;
  const stream = messageOutput === undefined ? undefined : new MessageStream(messageOutput, options.registry);
  await stream?.header(source.header, options.pause);
  const interrupt = linkSignal(options.signal);
  const startedAt = epochNow(time);
  stream?.testRunStarted(startedAt);

  const builder = new ReportBuilder(strict, options.retain ?? 'all');
  const store = (item: ExecutablePickle, index: number, done: readonly AttemptResult[]): void => {
    stream?.attempts(item, done);
    const result = toScenarioResult(item, done, quarantine.has(item.key));
    options.onScenario?.(result);
    builder.add(index, result);
  };
  const runHooks: RunHookResult[] = [];
  let notRun: Iterator<ExecutablePickle> = source.iterate();
  let notRunFrom = 0;
  try {
    if (workers > 1 && selected !== undefined && selected.length > 0) {
      // Each worker runs its own BeforeAll hooks; the plan is known before any of them reports.
      await stream?.plan(selected, options.pause);
      const ran = new Uint8Array(selected.length);
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
        onAttempts: (index, done) => {
          ran[index] = 1;
          store(selected[index] as ExecutablePickle, index, done);
        },
      });
      runHooks.push(...outcome.runHookResults);
      for (const [index, item] of selected.entries())
        if (ran[index] === 0) builder.add(index, toScenarioResult(item, [], quarantine.has(item.key)));
      notRun = [].values();
    } else {
      const context: ScenarioContext = {
        registry: options.registry,
        matcher,
        worldParameters: options.worldParameters ?? {},
        ...time,
        defaultTimeoutMs,
        dryRun: options.dryRun ?? false,
        workerId: undefined,
        snippets: new Map(),
        runSignal: interrupt.signal,
      };
      const hookOptions = runHookOptions(options, time, defaultTimeoutMs, interrupt.signal, stream);
      const beforeAll = options.dryRun ? [] : await runRunHooks(options.registry, 'BeforeAll', hookOptions);
      runHooks.push(...beforeAll);
      // A failed BeforeAll leaves the suite's preconditions unmet: no scenario runs (AfterAll hooks still do).
      if (beforeAll.every((result) => result.status !== 'failed')) {
        await stream?.plan(source.plan(), options.pause);
        notRunFrom = await runLanes(
          notRun,
          concurrency,
          interrupt.signal,
          (item, index) => {
            const attempts = executeScenario(item, context, retries);
            return isThenable(attempts)
              ? attempts.then((done) => store(item, index, done))
              : store(item, index, attempts);
          },
          options.pause,
        );
      }
      // AfterAll hooks clean up, so they run even after an interrupt (bounded by their timeout).
      if (!options.dryRun)
        runHooks.push(...(await runRunHooks(options.registry, 'AfterAll', { ...hookOptions, signal: undefined })));
    }
  } catch (error) {
    // Something outside every step and hook (a callback, the output, the engine itself) ended the run: the stream
    // still ends with testRunFinished, carrying the exception, as Cucumber's does. The caller gets the error.
    try {
      stream?.testRunFinished(
        { status: 'failed', startedAt, durationMs: epochNow(time) - startedAt },
        toErrorInfo(error),
      );
    } catch {
      // the sink itself is what failed
    }
    throw error;
  } finally {
    interrupt.dispose();
  }

  // Scenarios that never ran (an interrupt, a failed BeforeAll) are reported skipped; going through them also
  // completes a streaming pass, so every file's parse errors are known.
  for (let step = notRun.next(), index = notRunFrom; step.done !== true; step = notRun.next(), index++) {
    const item = step.value;
    builder.add(index, toScenarioResult(item, [], quarantine.has(item.key)));
  }
  const parseErrors = source.parseErrors();
  const report = builder.finish({
    parseErrors,
    runHooks,
    runHookErrors: runHookProblems(runHooks),
    undefinedParameterTypes: options.registry.undefinedParameterTypes,
    startedAt,
    finishedAt: epochNow(time),
    aborted: interrupt.signal.aborted,
  });
  stream?.testRunFinished(report);
  return report;
}

/** The pickles a run goes through, as passes: the header's, the test plan's and the run's. */
interface PickleSource {
  /** Every selected pickle in run order, when they are all in memory (none when streaming). */
  readonly selected: readonly ExecutablePickle[] | undefined;
  readonly header: HeaderSource;
  /** The selected pickles for the test plan. */
  plan(): Iterable<ExecutablePickle>;
  /** The selected pickles to run, pulled as they are run. */
  iterate(): Iterator<ExecutablePickle>;
  /** Every parse error, once a pass has gone through every file. */
  parseErrors(): readonly ParseProblem[];
}

function eagerSelection(features: FeatureSet, options: RunOptions): PickleSource {
  const selected = orderPickles(selectPickles(features.pickles, options.tags), options.order);
  return {
    selected,
    header: features,
    plan: () => selected,
    iterate: () => selected.values(),
    parseErrors: () => features.parseErrors,
  };
}

function lazySelection(files: FeatureFiles, tags: string | undefined, severalPasses: boolean): PickleSource {
  const matches = tags === undefined || tags.trim() === '' ? undefined : compileTagFilter(tags);
  function* selectedPickles(): Generator<ExecutablePickle, void, undefined> {
    for (const visit of files.visit({ keep: severalPasses })) {
      for (const item of visit.pickles) if (matches === undefined || matches(item.tagNames)) yield item;
    }
  }
  const unparsedSources: { uri: string; source: string }[] = [];
  function* parsedFeatures(): Generator<ParsedFeature, void, undefined> {
    for (const visit of files.visit()) {
      if (visit.feature !== undefined) yield visit.feature;
      else if (visit.unparsedSource !== undefined)
        unparsedSources.push({ uri: visit.uri, source: visit.unparsedSource });
    }
  }
  return {
    selected: undefined,
    header: {
      features: { [Symbol.iterator]: parsedFeatures },
      unparsedSources,
      get parseErrors() {
        return files.parseErrors ?? [];
      },
    },
    plan: () => ({ [Symbol.iterator]: selectedPickles }),
    iterate: () => selectedPickles(),
    parseErrors: () => files.parseErrors ?? [],
  };
}

/** The pickles a tag expression selects (all of them without one). */
export function selectPickles(
  pickles: readonly ExecutablePickle[],
  tags: string | undefined,
): readonly ExecutablePickle[] {
  if (tags === undefined || tags.trim() === '') return pickles;
  const matches = compileTagFilter(tags);
  return pickles.filter((item) => matches(item.tagNames));
}

function runHookOptions(
  options: RunOptions,
  time: RunTime,
  defaultTimeoutMs: number,
  signal: AbortSignal,
  stream: MessageStream | undefined,
): RunHooksOptions {
  const started = new Map<string, string>();
  return {
    ...time,
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
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`runPickles: ${name} must be an integer >= ${min}, got ${value}`);
  return value;
}
