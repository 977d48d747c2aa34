import { describe, expect, it } from 'vitest';
import { checkAgreement } from './agreement.js';

describe('checkAgreement', () => {
  it('agrees on equal scalars and on equal sets in any order', () => {
    const check = checkAgreement({ nodes: 20, cycles: ['a + b', 'c + d'] }, { nodes: 20, cycles: ['c + d', 'a + b'] }, [
      'nodes',
      'cycles',
    ]);
    expect(check).toEqual({ agree: true, differences: [] });
  });

  it('names a differing count', () => {
    const check = checkAgreement({ scenarios: 500 }, { scenarios: 499 }, ['scenarios']);
    expect(check.agree).toBe(false);
    expect(check.differences).toEqual(['scenarios: expected 500, got 499']);
  });

  it('lists missing and unexpected set members', () => {
    const check = checkAgreement({ cycles: ['a + b', 'c + d'] }, { cycles: ['a + b', 'x + y'] }, ['cycles']);
    expect(check.agree).toBe(false);
    expect(check.differences[0]).toBe('cycles: expected 2 items, got 2; missing: c + d; unexpected: x + y');
  });

  it('treats a fact the candidate does not report as a disagreement', () => {
    const check = checkAgreement({ cycles: ['a + b'], violations: [] }, { cycles: ['a + b'] }, [
      'cycles',
      'violations',
    ]);
    expect(check).toEqual({ agree: false, differences: ['violations: not reported'] });
  });

  it('never agrees on nothing', () => {
    expect(checkAgreement({ a: 1 }, { a: 1 }, []).agree).toBe(false);
  });

  it('does not equate a list with a scalar', () => {
    expect(checkAgreement({ a: ['1'] }, { a: 1 }, ['a']).agree).toBe(false);
  });
});
