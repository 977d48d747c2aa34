import { describe, expect, it } from 'vitest';
import { computeBackoffDelay } from '../common/index.js';
import { findRetryPolicyProblems, normalizeRetryPolicy } from './retry-policy.js';

describe('a retry policy through computeBackoffDelay (before retry n: n - 1 retries consumed)', () => {
  const never = (): number => {
    throw new Error('random must not be used without randomize');
  };

  it('grows exponentially from minTimeout and stops at maxTimeout', () => {
    const policy = normalizeRetryPolicy({ retries: 6, minTimeout: 100, factor: 3, maxTimeout: 2_000 });
    expect([1, 2, 3, 4, 5].map((retry) => computeBackoffDelay(retry - 1, policy, never))).toEqual([
      100, 300, 900, 2_000, 2_000,
    ]);
  });

  it('with randomize, scales by 1 + random() in [1, 2), then caps', () => {
    const policy = normalizeRetryPolicy({
      retries: 3,
      minTimeout: 1_000,
      factor: 2,
      maxTimeout: 2_500,
      randomize: true,
    });
    expect(computeBackoffDelay(0, policy, () => 0)).toBe(1_000);
    expect(computeBackoffDelay(0, policy, () => 0.5)).toBe(1_500);
    expect(computeBackoffDelay(0, policy, () => 0.999)).toBe(1_999);
    expect(computeBackoffDelay(1, policy, () => 0.75)).toBe(2_500);
  });

  it('uses 100 ms, x2 and a 30 s cap by default', () => {
    const policy = normalizeRetryPolicy({ retries: 20 });
    expect(policy).toMatchObject({ minTimeout: 100, factor: 2, maxTimeout: 30_000, randomize: false });
    expect(computeBackoffDelay(0, policy, never)).toBe(100);
    expect(computeBackoffDelay(3, policy, never)).toBe(800);
    expect(computeBackoffDelay(14, policy, never)).toBe(30_000);
  });
});

describe('findRetryPolicyProblems', () => {
  it('accepts a sane policy and names each bad field', () => {
    expect(findRetryPolicyProblems({ retries: 2, minTimeout: 0, factor: 1, maxTimeout: 10, randomize: true })).toEqual(
      [],
    );
    const problems = findRetryPolicyProblems({
      retries: 1.5,
      minTimeout: Number.NaN,
      factor: 0,
      maxTimeout: -1,
      randomize: 1 as unknown as boolean,
    });
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/retries.*minTimeout.*maxTimeout.*factor.*randomize/s);
  });
});
