import { describe, expect, it } from 'vitest';
import { UsageError } from '../../harness/command-line/index.js';
import { parseBenchArgs } from './cli-args.js';

describe('parseBenchArgs', () => {
  it('defaults to a full run of every suite', () => {
    expect(parseBenchArgs([])).toEqual({
      quick: false,
      suites: ['dag', 'bdv', 'acc'],
      repetitions: undefined,
      seed: 20240601,
      keep: false,
      outDir: 'reports/bench',
      help: false,
    });
  });
  it('reads --quick, --only, --reps, --seed, --out and --keep', () => {
    expect(
      parseBenchArgs(['--quick', '--only', 'acc,dag', '--reps', '7', '--seed', '3', '--out', 'x', '--keep']),
    ).toMatchObject({
      quick: true,
      suites: ['dag', 'acc'],
      repetitions: 7,
      seed: 3,
      outDir: 'x',
      keep: true,
    });
  });
  it('rejects unknown flags, suites and bad numbers', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--only', 'dag,xyz'])).toThrow(/--only/);
    expect(() => parseBenchArgs(['--reps', '0'])).toThrow(/positive integer/);
    expect(() => parseBenchArgs(['--reps'])).toThrow(/argument missing/);
  });
});
