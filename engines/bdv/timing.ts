import type { Clock } from '../common/index.js';

/**
 * Where a run reads the time: engines/common's one Clock (monotonic readings, and the timers of step and hook
 * timeouts) and the epoch milliseconds at which it read 0. Cucumber messages and the report carry wall-clock
 * timestamps, `timeOrigin + clock.now()`; durations are differences of two such readings.
 */
export interface RunTime {
  readonly clock: Clock;
  readonly timeOrigin: number;
}

/** Epoch milliseconds (fractional) now, on the run's clock. */
export function epochNow(time: RunTime): number {
  return time.timeOrigin + time.clock.now();
}
