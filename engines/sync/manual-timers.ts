import type { TimerHandle, Timers } from './timers.js';

/** A clock that only moves when told to: deterministic timeouts, eviction and leak ages in tests. */
export interface ManualTimers extends Timers {
  /** Moves time forward, firing due timers in due-time order (ties in creation order). */
  advance(ms: number): void;
  /** Timers scheduled and not yet fired or cleared. */
  pending(): number;
}

interface Scheduled {
  readonly id: number;
  readonly due: number;
  readonly callback: () => void;
}

export function createManualTimers(startMs = 0): ManualTimers {
  let now = startMs;
  let nextId = 1;
  const scheduled = new Map<number, Scheduled>();
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
      for (;;) {
        let next: Scheduled | undefined;
        for (const entry of scheduled.values()) {
          if (entry.due <= target && (next === undefined || entry.due < next.due || (entry.due === next.due && entry.id < next.id))) next = entry;
        }
        if (next === undefined) break;
        scheduled.delete(next.id);
        now = Math.max(now, next.due);
        next.callback();
      }
      now = target;
    },
    pending: () => scheduled.size,
  };
}
