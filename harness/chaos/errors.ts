/** Codes of the chaos errors; stable, so specs and retry predicates can tell injected faults from real ones. */
export type ChaosErrorCode = 'ERR_CHAOS_INJECTED' | 'ERR_CHAOS_PLAN' | 'ERR_CHAOS_RESOURCE';

/** The failure `withChaos` injects; a real failure of the wrapped task is never wrapped in this. */
export class ChaosInjectedError extends Error {
  override readonly name = 'ChaosInjectedError';
  readonly code: ChaosErrorCode = 'ERR_CHAOS_INJECTED';
  /** 1-based index of the call that failed. */
  readonly call: number;
  /** Whether the wrapped task ran (and its result was discarded) before the failure. */
  readonly phase: 'before' | 'after';

  constructor(call: number, phase: 'before' | 'after', options: { cause?: unknown } = {}) {
    super(`chaos: injected failure on call ${call} (${phase} the task)`, { cause: options.cause });
    this.call = call;
    this.phase = phase;
  }
}

/** A fault plan or resource request that cannot be honoured; `problems` lists every one found, not just the first. */
export class ChaosPlanError extends Error {
  override readonly name = 'ChaosPlanError';
  readonly code: ChaosErrorCode = 'ERR_CHAOS_PLAN';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`chaos: invalid plan: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

/** Setting up a resource-exhaustion fault failed; whatever was already taken has been released. */
export class ChaosResourceError extends Error {
  override readonly name = 'ChaosResourceError';
  readonly code: ChaosErrorCode = 'ERR_CHAOS_RESOURCE';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(`chaos: ${message}`, { cause: options.cause });
  }
}
