import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

// Synchronous scenarios never yield on their own; let timers, I/O and abort signals in every so often.
const YIELD_EVERY = 256;

/**
 * Runs `task(0..count-1)` on `lanes` lanes that each pull the next index; a lane continues synchronously
 * while tasks complete synchronously. Stops handing out indexes once `signal` aborts. `pause`, when given, is
 * asked at every yield point whether to wait (an output stream applying backpressure).
 */
export async function runLanes(
  count: number,
  lanes: number,
  signal: AbortSignal | undefined,
  task: (index: number) => void | Promise<void>,
  pause?: () => Promise<void> | undefined,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    let sinceYield = 0;
    while (next < count && signal?.aborted !== true) {
      const index = next++;
      const pending = task(index);
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
  await Promise.all(Array.from({ length: Math.min(lanes, Math.max(count, 1)) }, lane));
}
