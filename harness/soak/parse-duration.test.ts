import { describe, expect, it } from 'vitest';
import { SoakConfigError } from './errors.js';
import { formatDuration, parseDuration, readDurationFromEnv } from './parse-duration.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2m15s', 135_000],
    ['500ms', 500],
    ['1.5m', 90_000],
    [' 45S ', 45_000],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10', '10x', 'm', '-5s', '0s', '1m1m', '5 m', 'abc', '1h-30m', '1e3s'])(
    'rejects %j with a clear error',
    (text) => {
      const error = (() => {
        try {
          parseDuration(text);
          return undefined;
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error).toBeInstanceOf(SoakConfigError);
      expect((error as SoakConfigError).code).toBe('SOAK_BAD_DURATION');
      expect((error as Error).message).toContain(`"${text}"`);
      expect((error as Error).message).toContain('examples: 30s, 10m, 1h');
    },
  );
});

describe('readDurationFromEnv', () => {
  it('defaults when unset or blank and names the variable on a bad value', () => {
    expect(readDurationFromEnv({}, 60_000)).toBe(60_000);
    expect(readDurationFromEnv({ STRESS_DURATION: '  ' }, 60_000)).toBe(60_000);
    expect(readDurationFromEnv({ STRESS_DURATION: '10m' })).toBe(600_000);
    expect(() => readDurationFromEnv({ STRESS_DURATION: 'ten minutes' })).toThrow(
      /^STRESS_DURATION: invalid duration "ten minutes"/,
    );
  });
});

describe('formatDuration', () => {
  it('prints compact durations', () => {
    expect(formatDuration(9_400)).toBe('9s');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(3_725_000)).toBe('1h02m05s');
  });
});
