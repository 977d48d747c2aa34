import { systemClock, type TimerHandle, type Clock } from '../common/index.js';
import { RunCancelledError, StreamDeadlineError } from './errors.js';
import { serializeError } from './serialize-error.js';
import type { StreamContext, StreamName, StreamOutcome, StreamResult, ValidationStream } from './types.js';

export interface RunIsolatedOptions {
  readonly runId: string;
  readonly workspaceDir: string;
  readonly timeoutMs: number;
  /** How long to wait, after aborting a late stream, to learn whether it honoured its signal. */
  readonly graceMs: number;
  readonly clock?: Clock;
  /** Cancels the whole run. */
  readonly runSignal?: AbortSignal;
  readonly includeStacks?: boolean;
}

type Settlement<D> =
  | { readonly kind: 'value'; readonly value: unknown; readonly outcome?: StreamOutcome<D> }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'aborted' };

/**
 * Runs one stream so that nothing it does can reach the caller as an exception: a throw (sync or async), a
 * hang past the deadline, bad input or a malformed outcome all become this stream's failed result. The stream
 * gets its own AbortController; its deadline timer and listeners are removed whatever happens.
 */
export async function runIsolated<D>(
  stream: ValidationStream<D>,
  options: RunIsolatedOptions,
): Promise<StreamResult<D>> {
  const clock = options.clock ?? systemClock;
  const name: StreamName = stream.name;
  const controller = new AbortController();
  const startedAt = clock.now();
  const deadline = startedAt + options.timeoutMs;
  const context: StreamContext = Object.freeze({
    stream: name,
    runId: options.runId,
    workspaceDir: options.workspaceDir,
    signal: controller.signal,
    clock,
    deadline,
    remainingMs: () => Math.max(0, deadline - clock.now()),
  });

  const onRunAbort = (): void =>
    controller.abort(new RunCancelledError(`run ${options.runId} cancelled`, { cause: options.runSignal?.reason }));
  let deadlineTimer: TimerHandle | undefined;
  let onAbort: (() => void) | undefined;
  let settled = false;
  let runPromise: Promise<unknown>;
  try {
    runPromise = Promise.resolve(stream.run(context));
  } catch (error) {
    runPromise = Promise.reject(error);
  }
  // Observed here so a stream that rejects after being abandoned never becomes an unhandled rejection.
  const observed = runPromise.then(
    (value): Settlement<D> => ((settled = true), { kind: 'value', value }),
    (error: unknown): Settlement<D> => ((settled = true), { kind: 'error', error }),
  );

  let settlement: Settlement<D>;
  try {
    const aborted = new Promise<Settlement<D>>((resolve) => {
      onAbort = () => resolve({ kind: 'aborted' });
      controller.signal.addEventListener('abort', onAbort, { once: true });
    });
    if (options.runSignal?.aborted === true) onRunAbort();
    else options.runSignal?.addEventListener('abort', onRunAbort, { once: true });
    deadlineTimer = clock.setTimeout(
      () => controller.abort(new StreamDeadlineError(`${name} stream passed its ${options.timeoutMs} ms deadline`)),
      options.timeoutMs,
    );
    settlement = await Promise.race([observed, aborted]);
  } finally {
    if (deadlineTimer !== undefined) clock.clearTimeout(deadlineTimer);
    if (onAbort !== undefined) controller.signal.removeEventListener('abort', onAbort);
    options.runSignal?.removeEventListener('abort', onRunAbort);
  }
  const durationMs = clock.now() - startedAt;
  const includeStacks = options.includeStacks ?? true;

  if (settlement.kind === 'aborted' || (settlement.kind === 'error' && controller.signal.aborted)) {
    if (!settled) await waitForSettle(observed, options.graceMs, clock);
    const reason = controller.signal.reason instanceof RunCancelledError ? 'cancelled' : 'timedOut';
    return {
      stream: name,
      status: 'failed',
      reason,
      durationMs,
      summary:
        reason === 'timedOut'
          ? `${name} did not finish within ${options.timeoutMs} ms`
          : `${name} cancelled with the run`,
      error: serializeError(controller.signal.reason, includeStacks),
      settledAfterAbort: settled,
    };
  }

  if (settlement.kind === 'error') {
    const error = serializeError(settlement.error, includeStacks);
    const badInput = error.code === 'STREAM_BAD_INPUT';
    return {
      stream: name,
      status: 'failed',
      reason: badInput ? 'badInput' : 'crashed',
      durationMs,
      summary: `${name} ${badInput ? 'rejected its input' : 'crashed'}: ${error.message}`,
      error,
    };
  }

  const outcome = asOutcome<D>(settlement.value);
  if (outcome === undefined) {
    return {
      stream: name,
      status: 'failed',
      reason: 'invalidOutcome',
      durationMs,
      summary: `${name} returned something that is not { passed: boolean, summary: string, details }`,
    };
  }
  if (outcome.passed)
    return { stream: name, status: 'passed', durationMs, summary: outcome.summary, details: outcome.details };
  return {
    stream: name,
    status: 'failed',
    reason: 'checksFailed',
    durationMs,
    summary: outcome.summary,
    details: outcome.details,
  };
}

function asOutcome<D>(value: unknown): StreamOutcome<D> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as Partial<StreamOutcome<D>>;
  if (typeof candidate.passed !== 'boolean' || typeof candidate.summary !== 'string' || !('details' in candidate))
    return undefined;
  return candidate as StreamOutcome<D>;
}

async function waitForSettle(observed: Promise<unknown>, graceMs: number, clock: Clock): Promise<void> {
  let timer: TimerHandle | undefined;
  try {
    await Promise.race([observed, new Promise<void>((resolve) => (timer = clock.setTimeout(resolve, graceMs)))]);
  } finally {
    if (timer !== undefined) clock.clearTimeout(timer);
  }
}
