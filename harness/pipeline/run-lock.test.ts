import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunLockError, acquireRunLock, isLockHeldBy, type RunLockHolder } from './run-lock.js';

let dir: string;
let lockFile: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'run-lock-'));
  lockFile = join(dir, 'reports', 'maestro-run.lock');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const holder = (overrides: Partial<RunLockHolder>): RunLockHolder => ({
  pid: 1,
  host: hostname(),
  command: 'npm run stress',
  startedAt: 0,
  ...overrides,
});

describe('acquireRunLock', () => {
  it('refuses a second run while the first holds the lock, naming the holder, and admits one after release', async () => {
    const first = await acquireRunLock(lockFile, {
      command: 'npm run stress',
      now: () => Date.UTC(2026, 11, 4, 21, 30),
    });
    const refusal = await acquireRunLock(lockFile, { command: 'npm run report' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RunLockError);
    expect((refusal as RunLockError).message).toContain(
      `npm run stress (pid ${process.pid}, started 2026-12-04T21:30:00.000Z)`,
    );
    expect((refusal as RunLockError).holder.pid).toBe(process.pid);

    await first.release();
    const second = await acquireRunLock(lockFile, { command: 'npm run report' });
    expect(JSON.parse(await readFile(lockFile, 'utf8'))).toMatchObject({ pid: process.pid, command: 'npm run report' });
    await second.release();
    await expect(readFile(lockFile, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('takes over a lock whose process no longer runs, and says whose it was', async () => {
    // One start time for both, as two holders in one process within a millisecond have: only the token tells them apart.
    const now = (): number => 1_764_000_000_000;
    const first = await acquireRunLock(lockFile, { command: 'npm run stress', now });
    const stale = JSON.parse(await readFile(lockFile, 'utf8')) as RunLockHolder;
    const second = await acquireRunLock(lockFile, { command: 'npm run stress', isAlive: () => false, now });
    expect(second.replaced).toEqual(stale);
    // The first holder's release must not remove the lock it no longer holds.
    await first.release();
    expect(JSON.parse(await readFile(lockFile, 'utf8'))).toMatchObject({ startedAt: expect.any(Number) as number });
    await second.release();
  });

  it('treats a lock left by a process that exited as stale (a real dead pid, not a stub)', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    const pid = await new Promise<number>((resolve) => child.on('exit', () => resolve(child.pid ?? 0)));
    await mkdir(dirname(lockFile), { recursive: true });
    await writeFile(lockFile, JSON.stringify(holder({ pid })));
    const lock = await acquireRunLock(lockFile, { command: 'npm run stress' });
    expect(lock.replaced?.pid).toBe(pid);
    await lock.release();
  });

  it('treats an unreadable lock file as stale', async () => {
    await mkdir(dirname(lockFile), { recursive: true });
    await writeFile(lockFile, 'not json');
    const lock = await acquireRunLock(lockFile, { command: 'npm run stress' });
    expect(lock.replaced?.command).toBe('an unreadable lock file');
    await lock.release();
  });

  it('lets exactly one of many concurrent takers win', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => acquireRunLock(lockFile, { command: `taker ${i}` })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => r.reason instanceof RunLockError)).toBe(true);
    await won[0]?.value.release();
  });
});

describe('isLockHeldBy', () => {
  it('is true only for the live process that holds the lock', async () => {
    expect(await isLockHeldBy(lockFile, process.pid)).toBe(false);
    const lock = await acquireRunLock(lockFile, { command: 'npm run stress' });
    expect(await isLockHeldBy(lockFile, process.pid)).toBe(true);
    expect(await isLockHeldBy(lockFile, process.pid + 1)).toBe(false);
    await lock.release();
    expect(await isLockHeldBy(lockFile, process.pid)).toBe(false);
  });
});
