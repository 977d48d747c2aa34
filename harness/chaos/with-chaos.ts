import { sleep, type Clock } from '../../engines/common/index.js';
import { createSeededRandom, type RandomSource, type Task } from '../resilience/index.js';
import { ChaosInjectedError } from './errors.js';
import { assertValidFaultPlan, type FaultPlan } from './fault-plan.js';
import { sampleLatency } from './latency.js';

/** The fault chosen for one call; `none` means the task ran untouched (it may still fail on its own). */
export type InjectedFault = 'none' | 'error' | 'hang' | 'partial';

/** One call's decision, reported through `onDecision` (e.g. to attach the fault sequence of a run). */
export interface ChaosDecision {
  readonly call: number;
  readonly fault: InjectedFault;
  /** Injected delay, 0 when none. */
  readonly latencyMs: number;
}

/** Faults actually injected so far (a fault cut short by an abort during its latency is not counted). */
export interface ChaosStats {
  readonly calls: number;
  readonly errors: number;
  readonly hangs: number;
  readonly partials: number;
  /** Calls that were delayed, and the sum of their delays. */
  readonly delayed: number;
  readonly latencyMsTotal: number;
  /** Calls hanging right now; 0 once every hang has been released by its signal. */
  readonly hanging: number;
}

export interface ChaosOptions {
  readonly clock?: Clock;
  readonly onDecision?: (decision: ChaosDecision) => void;
}

/** A chaos-wrapped task: still a `Task<T>`, plus the counters of what was injected. */
export interface ChaosTask<T> extends Task<T> {
  stats(): ChaosStats;
}

/**
 * Wraps a task with seeded fault injection: latency, errors, hangs and partial results at the rates of `plan`.
 *
 * Every call draws exactly four numbers from `random`, all before it awaits anything, so the fault sequence
 * depends only on the seed and the call order, never on timing or on which faults fired; the same seed
 * replays the same run. A hang rejects with the signal's reason once the signal aborts, which is how
 * `withTimeout` around it releases it.
 */
export function withChaos<T>(
  task: Task<T>,
  plan: FaultPlan<T>,
  random: RandomSource,
  options: ChaosOptions = {},
): ChaosTask<T> {
  assertValidFaultPlan(plan);
  const hangRate = plan.hangRate ?? 0;
  const errorRate = plan.errorRate ?? 0;
  const partialRate = plan.partialRate ?? 0;
  const latencyRate = plan.latencyRate ?? 1;
  const errorPhase = plan.errorPhase ?? 'before';
  const counters = { calls: 0, errors: 0, hangs: 0, partials: 0, delayed: 0, latencyMsTotal: 0, hanging: 0 };

  const decide = (): { call: number; fault: InjectedFault; latencyMs: number; truncateSeed: number } => {
    counters.calls += 1;
    const call = counters.calls;
    const uFault = random();
    const uDelayed = random();
    const latencySample = plan.latency === undefined ? 0 : sampleLatency(plan.latency, random);
    if (plan.latency === undefined) random();
    const truncateSeed = Math.floor(random() * 2 ** 32);
    // One draw split into disjoint slices, so each rate is that fault's exact probability.
    const fault: InjectedFault =
      uFault < hangRate
        ? 'hang'
        : uFault < hangRate + errorRate
          ? 'error'
          : uFault < hangRate + errorRate + partialRate
            ? 'partial'
            : 'none';
    const latencyMs = plan.latency !== undefined && uDelayed < latencyRate ? latencySample : 0;
    return { call, fault, latencyMs, truncateSeed };
  };

  const injectError = (call: number, phase: 'before' | 'after'): Error => {
    counters.errors += 1;
    return plan.createError?.({ call, phase }) ?? new ChaosInjectedError(call, phase);
  };

  const hang = (signal: AbortSignal): Promise<never> => {
    counters.hangs += 1;
    counters.hanging += 1;
    return new Promise<never>((_resolve, reject) => {
      const release = (): void => {
        counters.hanging -= 1;
        reject(signal.reason);
      };
      if (signal.aborted) release();
      else signal.addEventListener('abort', release, { once: true });
    });
  };

  const chaotic = async (signal: AbortSignal): Promise<T> => {
    const { call, fault, latencyMs, truncateSeed } = decide();
    options.onDecision?.({ call, fault, latencyMs });
    if (latencyMs > 0) {
      counters.delayed += 1;
      counters.latencyMsTotal += latencyMs;
      await sleep(latencyMs, { signal, clock: options.clock });
    }
    signal.throwIfAborted();
    if (fault === 'hang') return hang(signal);
    if (fault === 'error' && errorPhase === 'before') throw injectError(call, 'before');
    const result = await task(signal);
    if (fault === 'error') throw injectError(call, 'after');
    if (fault === 'partial' && plan.truncate !== undefined) {
      counters.partials += 1;
      return plan.truncate(result, createSeededRandom(truncateSeed));
    }
    return result;
  };

  return Object.assign(chaotic, { stats: (): ChaosStats => ({ ...counters }) });
}
