import { afterEach, describe, expect, it } from 'vitest';
import { trapInterrupts, type Interrupts } from './interrupts.js';

let trap: Interrupts | undefined;
afterEach(() => {
  trap?.dispose();
  trap = undefined;
});

describe('trapInterrupts', () => {
  it('aborts on the first signal, ignores the same Ctrl-C delivered twice, exits with 128+n on a real second one', () => {
    let clock = 0;
    const exits: number[] = [];
    const events: string[] = [];
    trap = trapInterrupts({
      now: () => clock,
      exit: (code) => exits.push(code),
      notify: () => undefined,
      onFirst: (s) => events.push(`first ${s}`),
      onSecond: (s) => events.push(`second ${s}`),
    });
    process.emit('SIGTERM');
    expect(trap.signal.aborted).toBe(true);
    expect(trap.received()).toBe('SIGTERM');
    clock = 200;
    process.emit('SIGINT');
    expect(exits).toEqual([]);
    clock = 1500;
    process.emit('SIGINT');
    expect(events).toEqual(['first SIGTERM', 'second SIGINT']);
    expect(exits).toEqual([130]);
  });

  it('leaves the process to its own handlers once disposed', () => {
    trap = trapInterrupts({ exit: () => undefined, notify: () => undefined });
    const before = process.listenerCount('SIGINT');
    trap.dispose();
    expect(process.listenerCount('SIGINT')).toBe(before - 1);
  });
});
