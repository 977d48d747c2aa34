import pTimeout from 'p-timeout';
import { NodeTimeoutError } from './errors.js';
import { toGlobalTimers, type Clock } from '../common/index.js';
import type { NodeExecutor, NodeInput } from './types.js';

/** Calls an executor so that a synchronous throw becomes a rejection. */
export function invokeExecutor(executor: NodeExecutor, input: NodeInput, signal: AbortSignal): Promise<unknown> {
  try {
    return Promise.resolve(executor(input, signal));
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

export interface TimedAttemptOptions {
  readonly executor: NodeExecutor;
  readonly input: NodeInput;
  readonly timeoutMs: number;
  /** The run's signal (pause/cancel); forwarded to the attempt's own signal. */
  readonly runSignal: AbortSignal;
  readonly clock: Clock;
}

/**
 * One attempt under a timeout (p-timeout). The attempt gets its own AbortController so a timeout really cancels
 * the work: the executor's signal aborts with the NodeTimeoutError. The timer and the forwarding listener are
 * removed whatever happens.
 */
export async function runTimedAttempt(options: TimedAttemptOptions): Promise<unknown> {
  const { runSignal, timeoutMs, input } = options;
  const controller = new AbortController();
  const forward = (): void => controller.abort(runSignal.reason);
  if (runSignal.aborted) forward();
  else runSignal.addEventListener('abort', forward, { once: true });
  const timeoutError = new NodeTimeoutError(input.nodeId, timeoutMs, input.attempt);
  try {
    return await pTimeout(invokeExecutor(options.executor, input, controller.signal), {
      milliseconds: timeoutMs,
      message: timeoutError,
      customTimers: toGlobalTimers(options.clock),
    });
  } catch (error) {
    if (error === timeoutError) controller.abort(timeoutError);
    throw error;
  } finally {
    runSignal.removeEventListener('abort', forward);
  }
}
