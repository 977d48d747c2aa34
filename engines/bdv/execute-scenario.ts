import pRetry from 'p-retry';
import { isThenable } from './invoke-with-timeout.js';
import { runScenario, type ScenarioContext } from './scenario-runner.js';
import type { AttemptResult, ExecutablePickle } from './types.js';

/** Carries a failed attempt through p-retry, which retries on rejection. */
class AttemptFailed extends Error {
  override readonly name = 'AttemptFailed';
  constructor(readonly result: AttemptResult) {
    super(`attempt ${result.attempt} ${result.status}`);
  }
}

/**
 * Runs a pickle, retrying a failed attempt up to `retries` times (p-retry, no back-off: a scenario retry is
 * about flakiness, not about waiting for a service). The first attempt stays synchronous when it can, and
 * p-retry is only involved once an attempt has failed.
 */
export function executeScenario(
  item: ExecutablePickle,
  context: ScenarioContext,
  retries: number,
): readonly AttemptResult[] | Promise<readonly AttemptResult[]> {
  const first = runScenario(item, 0, context);
  if (isThenable(first)) return first.then((result) => afterFirst(item, context, retries, result));
  return afterFirst(item, context, retries, first);
}

function afterFirst(
  item: ExecutablePickle,
  context: ScenarioContext,
  retries: number,
  first: AttemptResult,
): readonly AttemptResult[] | Promise<readonly AttemptResult[]> {
  // Only failures are retried: undefined, ambiguous or pending steps do not fix themselves.
  if (first.status !== 'failed' || retries <= 0) return [first];
  const attempts: AttemptResult[] = [first];
  return pRetry(
    async (attemptNumber) => {
      const result = await runScenario(item, attemptNumber, context);
      attempts.push(result);
      if (result.status === 'failed') throw new AttemptFailed(result);
    },
    { retries: retries - 1, minTimeout: 0, maxTimeout: 0, factor: 1, randomize: false },
  ).then(
    () => attempts,
    (error: unknown) => {
      if (error instanceof AttemptFailed) return attempts;
      throw error;
    },
  );
}
