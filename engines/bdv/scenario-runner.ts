import type { PickleStep, PickleTable } from '@cucumber/messages';
import { AttachmentCollector } from './attachments.js';
import { DataTable } from './data-table.js';
import { messageOf, outcomeOfThrown, toErrorInfo } from './errors.js';
import { invokeWithTimeout, isThenable } from './invoke-with-timeout.js';
import { suggestSnippets } from './snippet.js';
import type { StepMatcher } from './step-matcher.js';
import type { HookDefinition, HookScenario, StepOutcome, StepRegistry } from './step-registry.js';
import { epochNow, type RunTime } from './timing.js';
import type { AttemptResult, ErrorInfo, ExecutablePickle, StepResult, StepStatus } from './types.js';

/** Everything a scenario execution needs that is shared across the run. */
export interface ScenarioContext extends RunTime {
  readonly registry: StepRegistry;
  readonly matcher: StepMatcher;
  readonly worldParameters: Readonly<Record<string, unknown>>;
  /** Timeout of asynchronous steps and hooks that set none themselves. */
  readonly defaultTimeoutMs: number;
  /** Match and report steps without running any code. */
  readonly dryRun: boolean;
  readonly workerId: string | undefined;
  /** Snippets per step text: the expression generator is slow and a suite repeats its undefined steps. */
  readonly snippets: Map<string, readonly string[]>;
  /** Aborted when the run is interrupted: running steps are abandoned and their scenario's signal aborts. */
  readonly runSignal?: AbortSignal | undefined;
}

const SEVERITY: Record<StepStatus, number> = {
  passed: 0,
  skipped: 1,
  pending: 2,
  undefined: 3,
  ambiguous: 4,
  failed: 5,
};
const NO_DEFINITIONS: readonly string[] = Object.freeze([]);
const tables = new WeakMap<PickleTable, DataTable>();

/** The worse of two statuses, in Cucumber's order passed < skipped < pending < undefined < ambiguous < failed. */
export function worseStatus(a: StepStatus, b: StepStatus): StepStatus {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/**
 * Runs one attempt of one pickle: a fresh world, the Before hooks whose tag expression applies, the steps, and
 * the After hooks (always, even after a failure). Returns synchronously when every hook and step did, which is
 * what makes large suites of synchronous steps cheap; otherwise a promise.
 */
export function runScenario(
  item: ExecutablePickle,
  attempt: number,
  context: ScenarioContext,
): AttemptResult | Promise<AttemptResult> {
  return new ScenarioExecution(item, attempt, context).start();
}

type Unit =
  { readonly kind: 'hook'; readonly hook: HookDefinition } | { readonly kind: 'step'; readonly step: PickleStep };

class ScenarioExecution {
  readonly #item: ExecutablePickle;
  readonly #attempt: number;
  readonly #context: ScenarioContext;
  readonly #units: Unit[] = [];
  readonly #results: StepResult[] = [];
  /** Created on first use: most scenarios never read their signal, and an AbortController per scenario adds up. */
  #controller: AbortController | undefined;
  #worldSignal: AbortSignal | undefined;
  readonly #startedAt: number;
  #world: object | undefined;
  #worldFailed = false;
  #status: StepStatus = 'passed';
  /** Set once a step did not pass: later steps are skipped, After hooks still run. */
  #skipping = false;
  /**
   * Set when a step or Before hook marked itself skipped: then even undefined and ambiguous steps after it are
   * reported skipped (after a failure they keep their own status, as Cucumber reports them).
   */
  #skippedOnPurpose = false;
  #firstError: ErrorInfo | undefined;
  readonly #attachments: AttachmentCollector;
  #stepStartedAt = 0;

  constructor(item: ExecutablePickle, attempt: number, context: ScenarioContext) {
    this.#item = item;
    this.#attempt = attempt;
    this.#context = context;
    const { registry } = context;
    for (const hook of registry.beforeHooks)
      if (hook.appliesTo(item.tagNames)) this.#units.push({ kind: 'hook', hook });
    for (const step of item.pickle.steps) this.#units.push({ kind: 'step', step });
    for (const hook of registry.afterHooks) if (hook.appliesTo(item.tagNames)) this.#units.push({ kind: 'hook', hook });
    this.#startedAt = epochNow(context);
    this.#attachments = new AttachmentCollector(context);
  }

  start(): AttemptResult | Promise<AttemptResult> {
    if (!this.#context.dryRun) {
      try {
        const attachments = this.#attachments;
        const signal = (): AbortSignal => this.#signal();
        this.#world = new this.#context.registry.worldConstructor({
          parameters: this.#context.worldParameters,
          get signal(): AbortSignal {
            return signal();
          },
          log: (text) => attachments.log(text),
          attach: (data, options) => attachments.attach(data, options),
          link: (...uris) => attachments.link(uris),
        });
      } catch (error) {
        // A world that cannot be built fails the scenario; no hook or step can run without one.
        this.#worldFailed = true;
        this.#record(worldFailure(this.#item.pickle.id, toErrorInfo(error), this.#startedAt));
      }
    }
    return this.#runFrom(0);
  }

  #signal(): AbortSignal {
    if (this.#worldSignal !== undefined) return this.#worldSignal;
    this.#controller ??= new AbortController();
    const run = this.#context.runSignal;
    this.#worldSignal = run === undefined ? this.#controller.signal : AbortSignal.any([this.#controller.signal, run]);
    return this.#worldSignal;
  }

  #abort(): void {
    this.#controller ??= new AbortController();
    this.#controller.abort(new Error('step timed out'));
  }

  #runFrom(index: number): AttemptResult | Promise<AttemptResult> {
    for (let i = index; i < this.#units.length; i++) {
      const unit = this.#units[i] as Unit;
      this.#stepStartedAt = epochNow(this.#context);
      const outcome = unit.kind === 'step' ? this.#runStep(unit.step) : this.#runHook(unit.hook);
      if (isThenable(outcome)) {
        return outcome.then((result) => {
          this.#record(result);
          return this.#runFrom(i + 1);
        });
      }
      this.#record(outcome);
    }
    return this.#finish();
  }

  #runStep(step: PickleStep): StepResult | Promise<StepResult> {
    const match = this.#context.matcher.match(step.text);
    if (this.#skippedOnPurpose && (match.kind === 'undefined' || match.kind === 'ambiguous')) {
      return this.#result(
        'step',
        step.id,
        step.text,
        'skipped',
        match.kind === 'ambiguous' ? match.definitions.map((d) => d.id) : NO_DEFINITIONS,
      );
    }
    if (match.kind === 'undefined') {
      return this.#result('step', step.id, step.text, 'undefined', NO_DEFINITIONS, undefined, this.#snippetFor(step));
    }
    if (match.kind === 'ambiguous') {
      const ids = match.definitions.map((d) => d.id);
      const list = match.definitions.map((d) => `  ${String(d.pattern)} (${d.id})`).join('\n');
      const error = {
        name: 'AmbiguousStepError',
        message: `"${step.text}" matches ${ids.length} step definitions:\n${list}`,
      };
      return this.#result('step', step.id, step.text, 'ambiguous', ids, error);
    }
    if (match.kind === 'error') {
      return this.#result('step', step.id, step.text, 'failed', NO_DEFINITIONS, toErrorInfo(match.error));
    }
    const definition = match.definition;
    const ids = [definition.id];
    if (this.#skipping || this.#context.dryRun) return this.#result('step', step.id, step.text, 'skipped', ids);
    let args: unknown[];
    try {
      args = match.args.length === 0 ? [] : match.args.map((arg) => arg.getValue(this.#world));
      const argument = step.argument;
      if (argument?.dataTable !== undefined) args.push(tableFor(argument.dataTable));
      else if (argument?.docString !== undefined) args.push(argument.docString.content);
      const value = invokeWithTimeout<StepOutcome>(
        definition.fn as (...a: unknown[]) => StepOutcome | PromiseLike<StepOutcome>,
        this.#world,
        args,
        definition.timeoutMs ?? this.#context.defaultTimeoutMs,
        `step "${step.text}"`,
        this.#context.clock,
        () => this.#abort(),
        this.#context.runSignal,
      );
      if (isThenable(value)) {
        return value.then(
          (resolved) => this.#fromOutcome('step', step.id, step.text, resolved, ids),
          (error: unknown) => this.#fromThrown('step', step.id, step.text, error, ids),
        );
      }
      return this.#fromOutcome('step', step.id, step.text, value, ids);
    } catch (error) {
      return this.#fromThrown('step', step.id, step.text, error, ids);
    }
  }

  #runHook(hook: HookDefinition): StepResult | Promise<StepResult> {
    const text = hook.name ?? hook.kind;
    // Before hooks are skipped once something failed; After hooks always run so they can clean up.
    if (this.#context.dryRun || this.#worldFailed || (hook.kind === 'Before' && this.#skipping)) {
      return this.#result('hook', hook.id, text, 'skipped', NO_DEFINITIONS);
    }
    const scenario = this.#hookScenario();
    try {
      const value = invokeWithTimeout<StepOutcome>(
        hook.fn as (...a: unknown[]) => StepOutcome | PromiseLike<StepOutcome>,
        this.#world,
        [scenario],
        hook.timeoutMs ?? this.#context.defaultTimeoutMs,
        `${hook.kind} hook ${hook.name ?? hook.id}`,
        this.#context.clock,
        () => this.#abort(),
        this.#context.runSignal,
      );
      if (isThenable(value)) {
        return value.then(
          (resolved) => this.#fromOutcome('hook', hook.id, text, resolved, NO_DEFINITIONS),
          (error: unknown) => this.#fromThrown('hook', hook.id, text, error, NO_DEFINITIONS),
        );
      }
      return this.#fromOutcome('hook', hook.id, text, value, NO_DEFINITIONS);
    } catch (error) {
      return this.#fromThrown('hook', hook.id, text, error, NO_DEFINITIONS);
    }
  }

  /** A thrown PendingException / SkippedException marks the step so; anything else fails it. */
  #fromThrown(kind: StepResult['kind'], id: string, text: string, thrown: unknown, ids: readonly string[]): StepResult {
    const outcome = outcomeOfThrown(thrown);
    if (outcome !== undefined) return this.#result(kind, id, text, outcome, ids, toErrorInfo(thrown));
    return this.#result(kind, id, text, 'failed', ids, toErrorInfo(thrown));
  }

  #fromOutcome(
    kind: StepResult['kind'],
    id: string,
    text: string,
    outcome: StepOutcome,
    ids: readonly string[],
  ): StepResult {
    if (outcome === 'pending') return this.#result(kind, id, text, 'pending', ids);
    if (outcome === 'skipped') return this.#result(kind, id, text, 'skipped', ids);
    if (outcome !== undefined) {
      const error = {
        name: 'InvalidStepResult',
        message: `returned ${messageOf(outcome)}; a step returns nothing, 'pending' or 'skipped'`,
      };
      return this.#result(kind, id, text, 'failed', ids, error);
    }
    return this.#result(kind, id, text, 'passed', ids);
  }

  #result(
    kind: StepResult['kind'],
    sourceId: string,
    text: string,
    status: StepStatus,
    definitionIds: readonly string[],
    error?: ErrorInfo,
    snippets?: readonly string[],
  ): StepResult {
    const startedAt = this.#stepStartedAt;
    const { attachments, logs } = this.#attachments.take();
    // Built by assignment rather than conditional spreads: this runs once per step, tens of thousands of times.
    const result: { -readonly [K in keyof StepResult]: StepResult[K] } = {
      kind,
      sourceId,
      text,
      status,
      startedAt,
      durationMs: epochNow(this.#context) - startedAt,
      definitionIds,
    };
    if (error !== undefined) result.error = error;
    if (snippets !== undefined) {
      result.snippets = snippets;
      if (snippets[0] !== undefined) result.snippet = snippets[0];
    }
    if (logs !== undefined) result.logs = logs;
    if (attachments !== undefined) result.attachments = attachments;
    return result;
  }

  #record(result: StepResult): void {
    this.#results.push(result);
    if (result.status === 'passed') return;
    // A step that marks itself skipped skips the rest but does not make the scenario worse than skipped.
    this.#skipping = true;
    if (result.status === 'skipped' && !this.#skippedOnPurpose && this.#status === 'passed')
      this.#skippedOnPurpose = true;
    this.#status = worseStatus(this.#status, result.status);
    if (this.#firstError === undefined && result.error !== undefined) this.#firstError = result.error;
  }

  #hookScenario(): HookScenario {
    const { pickle } = this.#item;
    return {
      pickleId: pickle.id,
      name: pickle.name,
      uri: pickle.uri,
      tags: this.#item.tagNames,
      status: this.#status,
      ...(this.#firstError === undefined
        ? {}
        : { error: { name: this.#firstError.name, message: this.#firstError.message } }),
    };
  }

  #snippetFor(step: PickleStep): readonly string[] {
    const key = `${step.type ?? ''}\u0000${step.argument?.dataTable === undefined ? '' : 't'}${step.argument?.docString === undefined ? '' : 'd'}\u0000${step.text}`;
    const cached = this.#context.snippets.get(key);
    if (cached !== undefined) return cached;
    const snippets = suggestSnippets(step, this.#context.registry);
    this.#context.snippets.set(key, snippets);
    return snippets;
  }

  #finish(): AttemptResult {
    // Abort the scenario's signal once it is over, so work a step left behind (timers, sockets) can stop.
    this.#controller?.abort(new Error('scenario finished'));
    const end = epochNow(this.#context);
    const base = {
      attempt: this.#attempt,
      status: this.#status,
      startedAt: this.#startedAt,
      durationMs: end - this.#startedAt,
      steps: this.#results,
    };
    return this.#context.workerId === undefined ? base : { ...base, workerId: this.#context.workerId };
  }
}

function tableFor(table: PickleTable): DataTable {
  let cached = tables.get(table);
  if (cached === undefined) {
    cached = new DataTable(table);
    tables.set(table, cached);
  }
  return cached;
}

/** The id used for the synthetic step that reports a world constructor failure. */
export const WORLD_STEP_ID = 'world';

function worldFailure(_pickleId: string, error: ErrorInfo, startedAt: number): StepResult {
  return {
    kind: 'hook',
    sourceId: WORLD_STEP_ID,
    text: 'World',
    status: 'failed',
    startedAt,
    durationMs: 0,
    definitionIds: NO_DEFINITIONS,
    error,
  };
}
