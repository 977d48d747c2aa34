import { describe, expect, it } from 'vitest';
import { PerfRecorder } from './perf-recorder.js';

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('PerfRecorder', () => {
  it('times overlapping work once (union of intervals, not the sum)', async () => {
    const clock = manualClock();
    const recorder = new PerfRecorder({ clock: clock.now });
    let releaseA!: () => void;
    let releaseB!: () => void;
    const a = recorder.time(() => new Promise<void>((r) => (releaseA = r)));
    clock.advance(10);
    const b = recorder.time(() => new Promise<void>((r) => (releaseB = r)));
    clock.advance(30);
    releaseA();
    await a;
    clock.advance(20);
    releaseB();
    await b;
    clock.advance(100); // idle time is not work
    expect(recorder.snapshot().workMs).toBe(60);
  });

  it('leaves workMs undefined when nothing was timed', () => {
    expect(new PerfRecorder().snapshot().workMs).toBeUndefined();
  });

  it('measure() records latency and one item per success, one error per failure, and rethrows', async () => {
    const clock = manualClock();
    const recorder = new PerfRecorder({ clock: clock.now });
    await recorder.measure(() => {
      clock.advance(5);
      return 'ok';
    });
    await expect(
      recorder.measure(() => {
        clock.advance(7);
        throw new TypeError('boom');
      }),
    ).rejects.toThrow('boom');
    const snap = recorder.snapshot();
    expect(snap.itemsProcessed).toBe(1);
    expect(snap.errors).toBe(1);
    expect(snap.errorSamples).toEqual(['TypeError: boom']);
    expect(snap.latency?.count).toBe(2);
    expect(snap.latency?.maxMs).toBe(7);
    expect(snap.workMs).toBe(12);
  });

  it('keeps named counters sorted and only the first few error messages', () => {
    const recorder = new PerfRecorder({ maxErrorSamples: 2 });
    recorder.count('zeta');
    recorder.count('alpha', 3);
    recorder.count('alpha', 2);
    for (let i = 0; i < 5; i++) recorder.recordError(new Error(`e${i}`));
    const snap = recorder.snapshot();
    expect(Object.entries(snap.counters)).toEqual([
      ['alpha', 5],
      ['zeta', 1],
    ]);
    expect(snap.errors).toBe(5);
    expect(snap.errorSamples).toEqual(['Error: e0', 'Error: e1']);
  });

  it('rejects nonsensical item counts', () => {
    const recorder = new PerfRecorder();
    expect(() => recorder.addItems(-1)).toThrow(RangeError);
    expect(() => recorder.addItems(1.5)).toThrow(RangeError);
  });
});
