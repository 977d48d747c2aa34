import { createManualClock, type Clock } from '../../common/index.js';

/**
 * A manual clock that moves `stepMs` at each reading: two runs that read the time at the same points write the
 * same timestamps and durations, and a reading more or fewer shows. Timers fire only as readings move time on.
 */
export function createTickingClock(stepMs: number): Clock {
  const clock = createManualClock();
  return {
    now: () => {
      clock.advance(stepMs);
      return clock.now();
    },
    setTimeout: (callback, ms) => clock.setTimeout(callback, ms),
    clearTimeout: (handle) => clock.clearTimeout(handle),
  };
}
