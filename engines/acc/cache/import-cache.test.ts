import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CACHE_FILE_NAME,
  CACHE_JOURNAL_FILE_NAME,
  loadImportCache,
  saveImportCache,
  type CacheEntry,
} from './import-cache.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const entry = (n: number): CacheEntry => ({
  size: n,
  mtimeMs: 1_700_000_000_000 + n,
  hash: n.toString(16).padStart(40, 'a'),
  digest: n.toString(16).padStart(16, 'b'),
});

function entries(from: number, to: number): Map<string, CacheEntry> {
  const map = new Map<string, CacheEntry>();
  for (let n = from; n < to; n++) map.set(`src/f${n}.ts`, entry(n));
  return map;
}

describe('import cache', () => {
  it('names a corrupt journal as itself, not as the base file', () => {
    dir = mkdtempSync(join(tmpdir(), 'maestro-import-cache-'));
    saveImportCache(dir, entries(0, 100), 1, 'key-1');
    writeFileSync(join(dir, CACHE_JOURNAL_FILE_NAME), '{"format": "maestro-acc-imports-journal');
    const loaded = loadImportCache(dir);
    expect(loaded.entries.size).toBe(0);
    expect(loaded.warning).toContain(`corrupt import cache journal discarded: ${join(dir, CACHE_JOURNAL_FILE_NAME)}`);
  });

  it('refuses a FIFO in place of a cache file without blocking, and says so', () => {
    dir = mkdtempSync(join(tmpdir(), 'maestro-import-cache-'));
    execFileSync('mkfifo', [join(dir, CACHE_FILE_NAME)]);
    const loaded = loadImportCache(dir);
    expect(loaded.entries.size).toBe(0);
    expect(loaded.warning).toContain(`${join(dir, CACHE_FILE_NAME)}: is a FIFO (named pipe), not a regular file`);
  });

  it('round-trips a full write, then lays a small journal over the unchanged base', () => {
    dir = mkdtempSync(join(tmpdir(), 'maestro-import-cache-'));
    saveImportCache(dir, entries(0, 100), 1, 'key-1');
    const first = loadImportCache(dir);
    expect(first.warning).toBeUndefined();
    expect(first.entries.size).toBe(100);
    expect(first.entries.get('src/f42.ts')).toEqual(entry(42));
    expect([...first.entries.keys()]).toEqual([...entries(0, 100).keys()]);

    const next = entries(1, 100); // f0 removed
    next.set('src/f5.ts', { ...entry(5), size: 999 }); // changed
    next.set('src/new.ts', entry(500)); // added
    const base = readFileSync(join(dir, CACHE_FILE_NAME), 'utf8');
    saveImportCache(dir, next, 2, 'key-2', first);
    expect(readFileSync(join(dir, CACHE_FILE_NAME), 'utf8')).toBe(base);
    const journal = JSON.parse(readFileSync(join(dir, CACHE_JOURNAL_FILE_NAME), 'utf8')) as {
      files: Record<string, unknown>;
    };
    expect(Object.keys(journal.files).sort()).toEqual(['src/f0.ts', 'src/f5.ts', 'src/new.ts']);

    const returned = saveImportCache(dir, next, 2, 'key-2', first); // the same journal again: what save returns ...
    const second = loadImportCache(dir); // ... is what a load reads back
    expect(second).toMatchObject({ scanStartedAt: 2, resolutionKey: 'key-2' });
    expect([...returned.entries.keys()].sort()).toEqual([...second.entries.keys()].sort());
    for (const path of second.entries.keys()) expect(returned.entries.get(path)).toEqual(second.entries.get(path));
    expect(returned.base?.id).toBe(second.base?.id);
    expect(second.entries.size).toBe(100);
    expect(second.entries.get('src/f0.ts')).toBeUndefined();
    expect(second.entries.get('src/f5.ts')?.size).toBe(999);
    expect(second.entries.get('src/new.ts')).toEqual(entry(500));
    expect([...second.entries.keys()].sort()).toEqual([...next.keys()].sort());
  });

  it('returns from a full write what a load reads back', () => {
    dir = mkdtempSync(join(tmpdir(), 'maestro-import-cache-'));
    const returned = saveImportCache(dir, entries(0, 20), 5, 'key');
    const loaded = loadImportCache(dir);
    expect(returned).toMatchObject({ scanStartedAt: 5, resolutionKey: 'key', base: { id: loaded.base?.id } });
    expect([...returned.entries.keys()]).toEqual([...loaded.entries.keys()]);
    expect(returned.entries.get('src/f7.ts')).toEqual(entry(7));
  });

  it('discards a base whose columns do not line up, with a warning', () => {
    dir = mkdtempSync(join(tmpdir(), 'maestro-import-cache-'));
    saveImportCache(dir, entries(0, 10), 1, 'key');
    const file = join(dir, CACHE_FILE_NAME);
    const good = readFileSync(file, 'utf8');
    for (const [damage, message] of [
      [good.replace('"mtimes":[', '"mtimes":[1,'), 'columns of different lengths'],
      [good.replace(/"hashes":"a/, '"hashes":"'), 'malformed hashes'],
      [good.replace(/"digests":"b/, '"digests":"'), 'malformed digests'],
      [good.replace('"paths":["src/f0.ts"', '"paths":[7'), 'bad entry #0'],
    ] as const) {
      writeFileSync(file, damage);
      const loaded = loadImportCache(dir);
      expect(loaded.warning).toContain(message);
      expect(loaded.entries.size).toBe(0);
    }
  });
});
