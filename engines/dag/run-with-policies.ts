import pRetry, { AbortError as RetryAbortError } from 'p-retry';
import { toError } from './errors.js';
import { createNodeInput } from './node-input.js';
import type { NormalizedRetryPolicy } from './retry-policy.js';
import { invokeExecutor, runTimedAttempt } from './run-attempt.js';
import { emitNodeEvent, type EventSource } from './run-events.js';
import type { RunState } from './run-state.js';
import { computeBackoffDelay, sleep, type Clock } from '../common/index.js';

/** Everything one policy-governed dispatch of a node needs from its run. */
export interface PolicyAttemptOptions {
  readonly state: RunState;
  /** The node's index in its workflow. */
  readonly index: number;
  /** The run's epoch at dispatch; once an interruption (pause, cancel) bumps it no further attempt starts. */
  readonly token: number;
  /** The run's signal: pause and cancel abort it. */
  readonly signal: AbortSignal;
  readonly events: EventSource;
  readonly context: Readonly<Record<string, unknown>>;
  readonly clock: Clock;
  readonly random: () => number;
  /** False once the run is paused, cancelled or failed: no more retries then. */
  readonly isRunning: () => boolean;
}

/** Thrown inside p-retry so every failure (even a TypeError, which p-retry never retries) goes through our policy. */
class AttemptFailure extends Error {
  override readonly name = 'AttemptFailure';
  constructor(readonly error: Error) {
    super(error.message);
  }
}

export function unwrapAttemptError(error: Error): Error {
  return error instanceof AttemptFailure ? error.error : error;
}

/** The slow path of a dispatch: per-attempt timeout (p-timeout) and retries with backoff (p-retry). */
export function runWithPolicies(options: PolicyAttemptOptions): Promise<unknown> {
  const { state, index, token, signal, events } = options;
  const { workflow } = state;
  const nodeId = workflow.idOf(index);
  const executor = workflow.executorOf(index);
  const { timeoutMs, retry: policy } = workflow.settingsOf(index);
  const attemptOnce = (): Promise<unknown> => {
    if (state.epoch !== token) return Promise.reject(new RetryAbortError('attempt superseded'));
    state.attempts[index] = (state.attempts[index] as number) + 1;
    if (state.backingOff[index] === true) state.backingOff[index] = false;
    emitNodeEvent(events, 'NODE_STARTED', nodeId, { attempt: state.attempts[index] as number });
    if (state.epoch !== token) return Promise.reject(new RetryAbortError('attempt superseded'));
    const input = createNodeInput(state, index, events.executionId, options.context);
    const attempt =
      timeoutMs === undefined
        ? invokeExecutor(executor, input, signal)
        : runTimedAttempt({ executor, input, timeoutMs, runSignal: signal, clock: options.clock });
    return attempt.catch((error: unknown) => {
      throw new AttemptFailure(toError(error));
    });
  };
  if (policy === undefined) return attemptOnce();
  const shouldRetry = (error: Error): boolean => canRetry(options, policy, error);
  // Delays are ours, not p-retry's (minTimeout 0): its jitter uses Math.random, and runs must be replayable
  // from a seed with an injectable clock. p-retry still owns the attempt loop, counting and abort handling.
  // Failures before a pause count against the budget, so pausing never buys extra retries.
  return pRetry(attemptOnce, {
    retries: Math.max(0, policy.retries - (state.failures[index] ?? 0)),
    minTimeout: 0,
    maxTimeout: 0,
    randomize: false,
    signal,
    shouldRetry: ({ error }) => shouldRetry(error),
    onFailedAttempt: async ({ error, retriesLeft }) => {
      if (retriesLeft <= 0 || !shouldRetry(error)) return;
      const attempt = state.attempts[index] as number;
      const failures = (state.failures[index] ?? 0) + 1;
      state.failures[index] = failures;
      state.backingOff[index] = true;
      const delayMs = computeBackoffDelay(failures - 1, policy, options.random);
      emitNodeEvent(events, 'NODE_RETRY', nodeId, { attempt, delayMs, error: unwrapAttemptError(error) });
      if (delayMs > 0) await sleep(delayMs, { signal, clock: options.clock });
    },
  });
}

function canRetry(options: PolicyAttemptOptions, policy: NormalizedRetryPolicy, error: Error): boolean {
  if (options.state.epoch !== options.token || !options.isRunning()) return false;
  if (policy.retryOn === undefined) return true;
  try {
    return policy.retryOn(unwrapAttemptError(error));
  } catch {
    return false;
  }
}
