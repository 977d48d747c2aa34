import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSeededRandom, errorMessage, errorWithName, writeFileAtomic, writeJsonAtomic } from './index.js';

describe('createSeededRandom', () => {
  it('replays the same sequence for the same seed and differs across seeds', () => {
    const draw = (seed: number): number[] => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 5 }, () => random());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(42)[0]).toBe(0.6011037519201636);
  });

  it('stays in [0, 1) with a mean near 1/2', () => {
    const random = createSeededRandom(1);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const value = random();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      sum += value;
    }
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
  });
});

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'common-atomic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces the file whole and leaves no temporary file behind', async () => {
    const target = join(dir, 'nested', 'state.json');
    await writeJsonAtomic(target, { a: 1 });
    await writeJsonAtomic(target, { a: 2 }, { fsync: false });
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ a: 2 });
    expect(await readdir(join(dir, 'nested'))).toEqual(['state.json']);
  });

  it('keeps the old content and removes its temporary file when the rename fails', async () => {
    const target = join(dir, 'occupied');
    await writeFile(join(dir, 'keep.txt'), 'old');
    // A non-empty directory at the target makes rename fail after the temporary file was written.
    await writeFileAtomic(join(target, 'child'), 'x');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['keep.txt', 'occupied']);
    expect(await readFile(join(dir, 'keep.txt'), 'utf8')).toBe('old');
  });
});

describe('errorMessage and errorWithName', () => {
  it("print an Error's message (with its name on request) and anything else thrown as a string", () => {
    expect(errorMessage(new RangeError('too big'))).toBe('too big');
    expect(errorWithName(new RangeError('too big'))).toBe('RangeError: too big');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorWithName(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
  });
});
