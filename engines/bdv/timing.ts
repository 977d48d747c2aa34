/** Source of wall-clock time in epoch milliseconds (fractional); injectable so tests control durations. */
export interface Clock {
  now(): number;
}

/** Timer functions used for step timeouts; injectable like p-timeout's `customTimers`. */
export interface Timers {
  readonly setTimeout: typeof globalThis.setTimeout;
  readonly clearTimeout: typeof globalThis.clearTimeout;
}

// performance.now() is monotonic; anchoring it at timeOrigin gives epoch times that never run backwards.
export const systemClock: Clock = { now: () => performance.timeOrigin + performance.now() };
