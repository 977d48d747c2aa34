import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContextStoreCorruptError } from '../errors.js';
import type { ExecutionSnapshot } from './context-store.js';
import { FileContextStore } from './file-store.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dag-file-store-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function snapshot(executionId: string, output: unknown): ExecutionSnapshot {
  return {
    version: 1,
    executionId,
    workflowId: 'w',
    status: 'RUNNING',
    context: {},
    nodes: { a: { status: 'COMPLETED', attempts: 1, output } },
    updatedAt: 1,
  };
}

describe('FileContextStore', () => {
  it('round-trips a snapshot through one JSON file per execution and leaves no temp files', async () => {
    const store = new FileContextStore({ directory: join(directory, 'nested', 'store') });
    await store.save(snapshot('exec-1', { n: 1 }));
    await store.save(snapshot('exec-1', { n: 2 }));
    await store.save(snapshot('exec-2', 'x'));
    expect((await store.load('exec-1'))?.nodes['a']?.output).toEqual({ n: 2 });
    expect((await store.list()).sort()).toEqual(['exec-1', 'exec-2']);
    expect((await readdir(store.directory)).sort()).toEqual(['exec-1.json', 'exec-2.json']);
    await store.delete('exec-1');
    expect(await store.load('exec-1')).toBeUndefined();
    expect(await new FileContextStore({ directory: join(directory, 'absent') }).list()).toEqual([]);
  });

  it('keeps one complete snapshot under many concurrent saves (atomic rename, never a torn file)', async () => {
    const store = new FileContextStore({ directory, fsync: false });
    const big = 'x'.repeat(200_000);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.save(snapshot('race', { i, big }))));
    const loaded = await store.load('race');
    expect((loaded?.nodes['a']?.output as { big: string }).big).toHaveLength(200_000);
    expect(await readdir(directory)).toEqual(['race.json']);
  });

  it.each([
    ['truncated JSON', (text: string) => text.slice(0, text.length / 2), /invalid JSON/],
    ['an empty file', () => '', /the file is empty/],
    ['the wrong shape', () => JSON.stringify({ version: 1, executionId: 'bad' }), /workflowId is missing/],
    ['an unknown node status', (text: string) => text.replace('"COMPLETED"', '"DONE"'), /unknown status "DONE"/],
    ['another execution', (text: string) => text.replace('"bad"', '"other"'), /holds execution "other"/],
  ])('names the file and refuses to load %s, leaving it untouched', async (_label, corrupt, reason) => {
    const store = new FileContextStore({ directory });
    await store.save(snapshot('bad', { ok: true }));
    const path = store.pathOf('bad');
    const broken = corrupt(await readFile(path, 'utf8'));
    await writeFile(path, broken);
    const error = await store.load('bad').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContextStoreCorruptError);
    expect((error as ContextStoreCorruptError).message).toContain(path);
    expect((error as ContextStoreCorruptError).message).toMatch(reason);
    expect((error as ContextStoreCorruptError).code).toBe('DAG_STORE_CORRUPT');
    expect(await readFile(path, 'utf8')).toBe(broken);
  });

  it('refuses execution ids that are not safe file names', async () => {
    const store = new FileContextStore({ directory });
    await expect(store.save(snapshot('../escape', 1))).rejects.toThrow(/cannot name a file/);
    expect(() => store.pathOf('a/b')).toThrow(TypeError);
  });
});
