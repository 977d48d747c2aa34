import { describe, expect, it } from 'vitest';
import { median } from './median.js';

describe('median', () => {
  it('takes the middle of an odd count regardless of order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });
  it('averages the middle two of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('is undefined for no values and does not reorder its input', () => {
    const values = [3, 1, 2];
    expect(median([])).toBeUndefined();
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
