import { AttachmentCollector } from './attachments.js';
import { outcomeOfThrown, toErrorInfo } from './errors.js';
import { invokeWithTimeout } from './invoke-with-timeout.js';
import type { RunHookDefinition, StepOutcome, StepRegistry } from './step-registry.js';
import { epochNow, type RunTime } from './timing.js';
import type { RunHookProblem, RunHookResult, StepStatus } from './types.js';

export interface RunHooksOptions extends RunTime {
  readonly workerId: string | undefined;
  readonly defaultTimeoutMs: number;
  readonly worldParameters: Readonly<Record<string, unknown>>;
  readonly signal?: AbortSignal | undefined;
  /** Called as each hook starts and finishes (the message stream emits `testRunHookStarted/Finished`). */
  readonly onStarted?: (hook: RunHookDefinition, startedAt: number) => void;
  readonly onFinished?: (result: RunHookResult) => void;
}

/**
 * Runs every BeforeAll or AfterAll hook in order (AfterAll in reverse definition order) and collects each one's
 * result; a failure is data, never thrown, and does not stop the hooks after it (as Cucumber runs them all).
 * `this` in a run hook is a small world with `attach`, `log`, `link`, `parameters` and the run's `signal`.
 */
export async function runRunHooks(
  registry: StepRegistry,
  kind: RunHookDefinition['kind'],
  options: RunHooksOptions,
): Promise<RunHookResult[]> {
  const hooks = kind === 'BeforeAll' ? registry.beforeAllHooks : registry.afterAllHooks;
  const results: RunHookResult[] = [];
  for (const hook of hooks) {
    const attachments = new AttachmentCollector(options);
    const world = {
      parameters: options.worldParameters,
      signal: options.signal ?? new AbortController().signal,
      log: (text: string) => attachments.log(text),
      attach: attachments.attach.bind(attachments),
      link: (...uris: string[]) => attachments.link(uris),
    };
    const startedAt = epochNow(options);
    options.onStarted?.(hook, startedAt);
    let status: StepStatus = 'passed';
    let error: RunHookResult['error'];
    try {
      const outcome = await invokeWithTimeout<StepOutcome>(
        hook.fn as (...args: unknown[]) => StepOutcome | PromiseLike<StepOutcome>,
        world,
        [],
        hook.timeoutMs ?? options.defaultTimeoutMs,
        `${kind} hook ${hook.name ?? hook.id}`,
        options.clock,
        () => undefined,
        options.signal,
      );
      if (outcome === 'pending' || outcome === 'skipped') status = outcome;
    } catch (thrown) {
      const outcome = outcomeOfThrown(thrown);
      status = outcome ?? 'failed';
      error = toErrorInfo(thrown);
    }
    const taken = attachments.take().attachments;
    const result: RunHookResult = {
      hookId: hook.id,
      kind,
      status,
      startedAt,
      durationMs: epochNow(options) - startedAt,
      ...(error === undefined ? {} : { error }),
      ...(taken === undefined ? {} : { attachments: taken }),
      ...(options.workerId === undefined ? {} : { workerId: options.workerId }),
    };
    results.push(result);
    options.onFinished?.(result);
  }
  return results;
}

/** The failed ones, as the report lists them. */
export function runHookProblems(results: readonly RunHookResult[]): RunHookProblem[] {
  const problems: RunHookProblem[] = [];
  for (const result of results) {
    if (result.status !== 'failed' || result.error === undefined) continue;
    problems.push({
      hookId: result.hookId,
      kind: result.kind,
      error: result.error,
      ...(result.workerId === undefined ? {} : { workerId: result.workerId }),
    });
  }
  return problems;
}
