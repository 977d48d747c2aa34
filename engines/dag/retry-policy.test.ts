import { describe, expect, it } from 'vitest';
import { computeBackoffDelay, findRetryPolicyProblems, normalizeRetryPolicy } from './retry-policy.js';

describe('computeBackoffDelay', () => {
  it('grows exponentially from initialDelayMs and stops at the cap', () => {
    const policy = normalizeRetryPolicy({ retries: 6, initialDelayMs: 100, factor: 3, maxDelayMs: 2_000 });
    const never = (): number => {
      throw new Error('random must not be used without jitter');
    };
    expect([1, 2, 3, 4, 5].map((retry) => computeBackoffDelay(policy, retry, never))).toEqual([100, 300, 900, 2_000, 2_000]);
  });

  it('scales by a random factor in [1 - jitter, 1 + jitter], then caps again', () => {
    const policy = normalizeRetryPolicy({ retries: 3, initialDelayMs: 1_000, factor: 2, maxDelayMs: 2_500, jitter: 0.5 });
    expect(computeBackoffDelay(policy, 1, () => 0)).toBe(500);
    expect(computeBackoffDelay(policy, 1, () => 0.5)).toBe(1_000);
    expect(computeBackoffDelay(policy, 1, () => 0.999)).toBe(1_499);
    expect(computeBackoffDelay(policy, 2, () => 0.75)).toBe(2_500);
  });

  it('uses 100 ms, x2 and a 30 s cap by default', () => {
    const policy = normalizeRetryPolicy({ retries: 20 });
    expect(computeBackoffDelay(policy, 1, Math.random)).toBe(100);
    expect(computeBackoffDelay(policy, 4, Math.random)).toBe(800);
    expect(computeBackoffDelay(policy, 15, Math.random)).toBe(30_000);
  });
});

describe('findRetryPolicyProblems', () => {
  it('accepts a sane policy and names each bad field', () => {
    expect(findRetryPolicyProblems({ retries: 2, initialDelayMs: 0, factor: 1, maxDelayMs: 10, jitter: 1 })).toEqual([]);
    const problems = findRetryPolicyProblems({ retries: 1.5, initialDelayMs: Number.NaN, factor: 0, maxDelayMs: -1, jitter: -0.1 });
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/retries.*initialDelayMs.*maxDelayMs.*factor.*jitter/s);
  });
});
