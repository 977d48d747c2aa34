import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WholeFileReader } from './read-whole-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fileWith(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'acc-read-'));
  dirs.push(dir);
  const path = join(dir, 'f.ts');
  writeFileSync(path, bytes);
  return path;
}

describe('WholeFileReader', () => {
  it('reads files of every size whole, growing its buffer past the first 64 KiB', () => {
    const reader = new WholeFileReader();
    for (const size of [0, 1, 65_535, 65_536, 65_537, 300_000]) {
      const bytes = Buffer.alloc(size, 0);
      for (let i = 0; i < size; i++) bytes[i] = (i * 31 + size) % 251;
      const read = reader.read(fileWith(bytes), 1_000_000);
      expect(Buffer.isBuffer(read) && read.equals(bytes), `size ${size}`).toBe(true);
    }
  });

  it('reports the size of a file over the limit instead of its bytes, at the limit and far beyond it', () => {
    const reader = new WholeFileReader();
    expect(reader.read(fileWith(Buffer.alloc(10, 97)), 10)).toEqual(Buffer.alloc(10, 97));
    expect(reader.read(fileWith(Buffer.alloc(11, 97)), 10)).toBe(11);
    expect(reader.read(fileWith(Buffer.alloc(200_000, 97)), 100_000)).toBe(200_000);
  });

  it('throws for a missing file', () => {
    expect(() => new WholeFileReader().read(join(tmpdir(), 'acc-read-missing', 'x.ts'), 10)).toThrow(/ENOENT/);
  });
});
