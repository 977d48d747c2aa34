import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getEventListeners } from 'node:events';
import { repeatEvery, sleep } from './clock.js';
import { createManualClock } from './testing/manual-clock.js';

describe('sleep', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after the delay, not before', async () => {
    let done = false;
    const waiting = sleep(500).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(499);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with the abort reason, clears its timer and removes its listener', async () => {
    const controller = new AbortController();
    const waiting = sleep(10_000, { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('removes its listener when it completes normally', async () => {
    const controller = new AbortController();
    const waiting = sleep(10, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(10);
    await waiting;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('rejects at once on an already aborted signal without scheduling a timer', async () => {
    const reason = new Error('already');
    await expect(sleep(10, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('createManualClock', () => {
  it('fires due timers in due-time order, including ones scheduled by a firing callback, and only when advanced', async () => {
    const clock = createManualClock(100);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => {
      fired.push(`a@${clock.now()}`);
      clock.setTimeout(() => fired.push(`c@${clock.now()}`), 5);
    }, 10);
    const cancelled = clock.setTimeout(() => fired.push('never'), 15);
    clock.clearTimeout(cancelled);
    expect(clock.pending()).toBe(2);
    clock.advance(9);
    expect(fired).toEqual([]);
    clock.advance(20);
    expect(fired).toEqual(['a@110', 'c@115', 'b@120']);
    expect(clock.now()).toBe(129);
    expect(clock.pending()).toBe(0);

    const slept = sleep(50, { clock });
    clock.advance(50);
    await expect(slept).resolves.toBeUndefined();
  });
});

describe('repeatEvery', () => {
  it('ticks every period on the clock until stopped, leaving no timer behind', () => {
    const clock = createManualClock();
    const ticks: number[] = [];
    const stop = repeatEvery(clock, 10, () => ticks.push(clock.now()));
    clock.advance(35);
    expect(ticks).toEqual([10, 20, 30]);
    expect(clock.pending()).toBe(1);
    stop();
    expect(clock.pending()).toBe(0);
    clock.advance(100);
    expect(ticks).toEqual([10, 20, 30]);
  });

  it('stops from inside its own callback', () => {
    const clock = createManualClock();
    let count = 0;
    const stop = repeatEvery(clock, 5, () => {
      if (++count === 2) stop();
    });
    clock.advance(50);
    expect(count).toBe(2);
    expect(clock.pending()).toBe(0);
  });
});
