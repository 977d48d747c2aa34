import { toErrorInfo } from './errors.js';
import { invokeWithTimeout } from './invoke-with-timeout.js';
import type { RunHookDefinition, StepRegistry } from './step-registry.js';
import type { Timers } from './timing.js';
import type { RunHookProblem } from './types.js';

/** Runs BeforeAll or AfterAll hooks in order; every failure is collected, none is thrown. */
export async function runRunHooks(
  registry: StepRegistry,
  kind: RunHookDefinition['kind'],
  timers: Timers | undefined,
  workerId: string | undefined,
  defaultTimeoutMs: number = registry.defaultTimeoutMs,
): Promise<RunHookProblem[]> {
  const hooks = kind === 'BeforeAll' ? registry.beforeAllHooks : registry.afterAllHooks;
  const problems: RunHookProblem[] = [];
  for (const hook of hooks) {
    try {
      await invokeWithTimeout(
        hook.fn as (...args: unknown[]) => void | PromiseLike<void>,
        undefined,
        [],
        hook.timeoutMs ?? defaultTimeoutMs,
        `${kind} hook ${hook.id}`,
        timers,
        () => undefined,
      );
    } catch (error) {
      problems.push({ hookId: hook.id, kind, error: toErrorInfo(error), ...(workerId === undefined ? {} : { workerId }) });
      // A failed BeforeAll leaves the suite's preconditions unmet: stop setting up.
      if (kind === 'BeforeAll') break;
    }
  }
  return problems;
}
