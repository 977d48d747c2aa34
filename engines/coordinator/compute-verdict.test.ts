import { describe, expect, it } from 'vitest';
import { computeVerdict, isDeployable, type Verdict } from './index.js';

describe('computeVerdict', () => {
  const table: [boolean, boolean, boolean, Verdict][] = [
    [true, true, true, 'ALL_PASS'],
    [true, false, true, 'DESIGN_GAP'],
    [true, true, false, 'ARCHITECTURAL_EROSION'],
    [false, true, true, 'PROCESS_ISSUE'],
    [false, false, true, 'MIXED_FAILURE'],
    [false, true, false, 'MIXED_FAILURE'],
    [true, false, false, 'MIXED_FAILURE'],
    [false, false, false, 'SYSTEMIC_FAILURE'],
  ];
  it.each(table)('DDE=%s BDV=%s ACC=%s -> %s', (DDE, BDV, ACC, expected) => {
    expect(computeVerdict({ DDE, BDV, ACC })).toBe(expected);
    expect(isDeployable(expected)).toBe(expected === 'ALL_PASS');
  });
});
