import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BenchProtocolError } from './child-protocol.js';
import { runChild } from './run-child.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./testdata/${name}.ts`, import.meta.url));
const cwd = fileURLToPath(new URL('../..', import.meta.url));
// Starting node with tsx takes seconds on a loaded 2-core machine: generous bounds, no timing assertions.
const SLOW = 60_000;

describe('runChild', () => {
  it(
    'runs the entry in its own process and returns the result line with the child peak RSS',
    async () => {
      const m = await runChild(fixture('echo-contender'), { n: 7 }, { cwd, timeoutMs: SLOW });
      expect(m.outcome).toEqual({ n: 7 });
      expect(m.items).toBe(7);
      expect(m.peakRssMb).toBeGreaterThan(10);
    },
    SLOW,
  );

  it(
    'rejects with the exit code and the tail of stderr when the contender fails',
    async () => {
      await expect(runChild(fixture('crash-contender'), {}, { cwd, timeoutMs: SLOW })).rejects.toThrow(
        /code 3: contender exploded/,
      );
    },
    SLOW,
  );

  it(
    'kills a contender that outlives its time limit',
    async () => {
      const error = await runChild(fixture('hang-contender'), {}, { cwd, timeoutMs: 1_500 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BenchProtocolError);
      expect((error as Error).message).toMatch(/timed out after 1500 ms/);
    },
    SLOW,
  );

  it(
    'stops at once when the caller aborts',
    async () => {
      const controller = new AbortController();
      const pending = runChild(fixture('hang-contender'), {}, { cwd, timeoutMs: SLOW, signal: controller.signal });
      controller.abort(new Error('user pressed ctrl-c'));
      await expect(pending).rejects.toThrow('user pressed ctrl-c');
    },
    SLOW,
  );
});
