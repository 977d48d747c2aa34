import { describe, expect, it } from 'vitest';
import { cycleGroups, layerViolationPairs } from './acc-task.js';

describe('cycleGroups', () => {
  it('merges cycles that share files into one group, whatever way a tool lists them', () => {
    // dependency-cruiser style: one cycle per module, each starting at that module.
    const perModule = [
      ['a', 'b', 'c'],
      ['b', 'c', 'a'],
      ['c', 'a', 'b'],
      ['x', 'y'],
    ];
    // SCC style: each component once.
    const components = [
      ['y', 'x'],
      ['c', 'b', 'a'],
    ];
    expect(cycleGroups(perModule)).toEqual(['a + b + c', 'x + y']);
    expect(cycleGroups(components)).toEqual(cycleGroups(perModule));
  });
  it('joins two elementary cycles through a shared file', () => {
    expect(
      cycleGroups([
        ['a', 'b'],
        ['b', 'c'],
      ]),
    ).toEqual(['a + b + c']);
  });
});

describe('layerViolationPairs', () => {
  it('keeps only presentation -> data imports, de-duplicated and sorted', () => {
    const pairs = layerViolationPairs([
      ['src/presentation/x.ts', 'src/data/y.ts'],
      ['src/presentation/x.ts', 'src/business/z.ts'],
      ['src/data/y.ts', 'src/presentation/x.ts'],
      ['src/presentation/x.ts', 'src/data/y.ts'],
    ]);
    expect(pairs).toEqual(['src/presentation/x.ts -> src/data/y.ts']);
  });
});
