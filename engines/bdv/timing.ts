import { systemClock as engineClock, type Clock as EngineClock, type GlobalTimerFunctions } from '../common/index.js';

/**
 * The `now()` of engines/common's one Clock, read as epoch milliseconds (fractional): Cucumber messages carry
 * wall-clock timestamps. Injectable so tests control durations (any object with `now()`).
 */
export type Clock = Pick<EngineClock, 'now'>;

/**
 * Timer functions used for step timeouts (p-timeout's `customTimers`); engines/common's toGlobalTimers(clock) gives
 * them for any Clock.
 */
export type Timers = GlobalTimerFunctions;

// engines/common's system clock is performance.now(), monotonic: anchored at timeOrigin it gives epoch times that
// never run backwards.
export const systemClock: Clock = { now: () => performance.timeOrigin + engineClock.now() };
