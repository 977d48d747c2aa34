import type { Clock, TimerHandle } from '../clock.js';

/** A clock that only moves when told to: deterministic timeouts, backoff, eviction and leak ages in tests. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, firing due timers in due-time order (ties in creation order). */
  advance(ms: number): void;
  /** Timers scheduled and not yet fired or cleared. */
  pending(): number;
}

interface Scheduled {
  readonly id: number;
  readonly due: number;
  readonly callback: () => void;
}

export function createManualClock(startMs = 0): ManualClock {
  let now = startMs;
  let nextId = 1;
  const scheduled = new Map<number, Scheduled>();
  const nextDue = (limit: number): Scheduled | undefined => {
    let next: Scheduled | undefined;
    for (const entry of scheduled.values()) {
      if (
        entry.due <= limit &&
        (next === undefined || entry.due < next.due || (entry.due === next.due && entry.id < next.id))
      )
        next = entry;
    }
    return next;
  };
  return {
    now: () => now,
    setTimeout: (callback, ms) => {
      const id = nextId++;
      scheduled.set(id, { id, due: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout: (handle: TimerHandle) => {
      if (typeof handle === 'number') scheduled.delete(handle);
    },
    advance: (ms) => {
      const target = now + ms;
      // A callback may schedule more timers; those due within the target fire in this same advance.
      for (let next = nextDue(target); next !== undefined; next = nextDue(target)) {
        scheduled.delete(next.id);
        now = Math.max(now, next.due);
        next.callback();
      }
      now = target;
    },
    pending: () => scheduled.size,
  };
}
