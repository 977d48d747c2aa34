import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

// Synchronous scenarios never yield on their own; let timers, I/O and abort signals in every so often.
const YIELD_EVERY = 256;

/**
 * Runs `task` on each item `items` yields, on `lanes` lanes that each pull the next item (with its position); a
 * lane continues synchronously while tasks complete synchronously. Items are pulled only as lanes take them, so a
 * lazy iterator (a suite parsed file by file) is never read ahead. Stops taking items once `signal` aborts and
 * resolves to how many it took. `pause`, when given, is asked at every yield point whether to wait (an output
 * stream applying backpressure).
 */
export async function runLanes<T>(
  items: Iterator<T>,
  lanes: number,
  signal: AbortSignal | undefined,
  task: (item: T, index: number) => void | Promise<void>,
  pause?: () => Promise<void> | undefined,
): Promise<number> {
  let next = 0;
  let done = false;
  const take = (): { item: T; index: number } | undefined => {
    if (done || signal?.aborted === true) return undefined;
    const step = items.next();
    if (step.done === true) {
      done = true;
      return undefined;
    }
    return { item: step.value, index: next++ };
  };
  const lane = async (): Promise<void> => {
    let sinceYield = 0;
    for (let taken = take(); taken !== undefined; taken = take()) {
      const pending = task(taken.item, taken.index);
      if (pending !== undefined) {
        await pending;
        sinceYield = 0;
        const wait = pause?.();
        if (wait !== undefined) await wait;
      } else if (++sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await (pause?.() ?? yieldToEventLoop());
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
  return next;
}
