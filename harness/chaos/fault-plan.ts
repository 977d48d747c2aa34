import type { RandomSource } from '../resilience/index.js';
import { ChaosPlanError } from './errors.js';
import { findLatencyProblems, type LatencyDistribution } from './latency.js';

/**
 * What `withChaos` does to each call. Hang, error and partial result are mutually exclusive outcomes whose rates
 * are exact per-call probabilities (they must add up to at most 1); latency is independent of them.
 */
export interface FaultPlan<T> {
  /** Probability that a call fails with `ChaosInjectedError` (or `createError`'s error). */
  readonly errorRate?: number;
  /**
   * `before` (default): the task never runs. `after`: the task runs to completion and its result is thrown away,
   * like a lost acknowledgement, the case that catches "completed work lost or done twice" bugs.
   */
  readonly errorPhase?: 'before' | 'after';
  /** Builds the injected error, e.g. to look like a real network error. */
  readonly createError?: (info: { readonly call: number; readonly phase: 'before' | 'after' }) => Error;
  /** Probability that a call never settles until its signal aborts. */
  readonly hangRate?: number;
  /** Probability that a successful call returns `truncate(result)` instead of its result. */
  readonly partialRate?: number;
  /** Cuts a result short (drop items, cut a string); required when `partialRate` > 0. */
  readonly truncate?: (result: T, random: RandomSource) => T;
  /** Delay added before the call. */
  readonly latency?: LatencyDistribution;
  /** Probability that a call is delayed by `latency`. Default 1. */
  readonly latencyRate?: number;
}

/** Throws `ChaosPlanError` listing every problem in the plan. */
export function assertValidFaultPlan<T>(plan: FaultPlan<T>): void {
  const problems: string[] = [];
  const rates = {
    errorRate: plan.errorRate,
    hangRate: plan.hangRate,
    partialRate: plan.partialRate,
    latencyRate: plan.latencyRate,
  };
  for (const [name, rate] of Object.entries(rates)) {
    if (rate !== undefined && !(rate >= 0 && rate <= 1)) problems.push(`${name} must be within [0, 1], got ${rate}`);
  }
  const exclusive = (plan.errorRate ?? 0) + (plan.hangRate ?? 0) + (plan.partialRate ?? 0);
  if (exclusive > 1 + 1e-9) problems.push(`errorRate + hangRate + partialRate must be <= 1, got ${exclusive}`);
  if ((plan.partialRate ?? 0) > 0 && plan.truncate === undefined)
    problems.push('partialRate > 0 needs a truncate function');
  if (plan.errorPhase !== undefined && plan.errorPhase !== 'before' && plan.errorPhase !== 'after') {
    problems.push(`errorPhase must be 'before' or 'after', got ${String(plan.errorPhase)}`);
  }
  if (plan.latency !== undefined) problems.push(...findLatencyProblems(plan.latency, 'latency'));
  if (problems.length > 0) throw new ChaosPlanError(problems);
}
