import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

/**
 * One run at a time per checkout. Two runs in one `reports/` would empty each other's results folder, write each
 * other's run manifest and interleave their history lines, and neither would say so. The lock is a file created
 * exclusively (`wx`); a lock whose process is gone (killed with SIGKILL, machine rebooted) is taken over with a note.
 *
 * A CLI that starts Playwright (`npm run stress`, `stress:shards`) takes the lock and hands its pid down in
 * RUN_LOCK_OWNER_ENV, so Playwright's global setup knows the lock is its parent's; a plain `npx playwright test`
 * takes the lock itself.
 */
export const RUN_LOCK_OWNER_ENV = 'MAESTRO_RUN_LOCK_OWNER';

export interface RunLockHolder {
  pid: number;
  /**
   * Tells two holders of one process apart (pid and start can be equal within a millisecond). Optional only so a
   * lock written before it existed still reads as a holder.
   */
  token?: string;
  host: string;
  command: string;
  startedAt: number;
}

export class RunLockError extends Error {
  override readonly name = 'RunLockError';
  readonly code = 'RUN_IN_PROGRESS';
  constructor(
    readonly holder: RunLockHolder,
    lockFile: string,
  ) {
    super(
      `another run is using this checkout's reports/: ${holder.command} (pid ${holder.pid}, started ` +
        `${new Date(holder.startedAt).toISOString()}); wait for it to end or stop it (if no such process is running, ` +
        `delete ${lockFile})`,
    );
  }
}

export interface RunLock {
  /** Set when a lock left by a process that no longer runs was taken over. */
  readonly replaced?: RunLockHolder;
  /** Removes the lock if this process still holds it. Safe to call twice; also runs on process exit. */
  release(): Promise<void>;
}

export interface AcquireRunLockOptions {
  command: string;
  /** Defaults to asking the OS whether the pid runs on this host. */
  isAlive?: (holder: RunLockHolder) => boolean;
  now?: () => number;
}

export async function acquireRunLock(lockFile: string, options: AcquireRunLockOptions): Promise<RunLock> {
  const isAlive = options.isAlive ?? isRunningHere;
  const own: RunLockHolder = {
    pid: process.pid,
    token: randomUUID(),
    host: hostname(),
    command: options.command,
    startedAt: (options.now ?? Date.now)(),
  };
  await mkdir(dirname(lockFile), { recursive: true });
  let replaced: RunLockHolder | undefined;
  // Two rounds: the second follows the removal of a stale lock; losing that race to another process is a refusal.
  for (let round = 0; round < 2; round++) {
    if (await createExclusive(lockFile, `${JSON.stringify(own)}\n`)) return holdLock(lockFile, own, replaced);
    const holder = await readHolder(lockFile);
    if (holder === undefined) continue; // removed between our create and read: try again
    if (isAlive(holder)) throw new RunLockError(holder, lockFile);
    replaced = holder;
    await unlink(lockFile).catch(ignoreMissing);
  }
  const holder = await readHolder(lockFile);
  throw new RunLockError(holder ?? own, lockFile);
}

/**
 * Whether the lock at `lockFile` is held by the live process named by `ownerPid` (the CLI that started this one).
 * A child run uses it to tell "my parent's lock" from "another run's".
 */
export async function isLockHeldBy(lockFile: string, ownerPid: number): Promise<boolean> {
  const holder = await readHolder(lockFile);
  return holder !== undefined && holder.pid === ownerPid && holder.host === hostname() && isRunningHere(holder);
}

function holdLock(lockFile: string, own: RunLockHolder, replaced: RunLockHolder | undefined): RunLock {
  let held = true;
  // A crash or process.exit() skips finally blocks; the exit hook still removes the lock (synchronously, as exit requires).
  const onExit = (): void => {
    if (held) removeIfOurs(lockFile, own);
  };
  process.once('exit', onExit);
  return {
    ...(replaced !== undefined ? { replaced } : {}),
    release: async () => {
      if (!held) return;
      held = false;
      process.removeListener('exit', onExit);
      const holder = await readHolder(lockFile);
      if (isSameHolder(holder, own)) await unlink(lockFile).catch(ignoreMissing);
    },
  };
}

/** The lock is still this holder's: a stale-lock takeover by another process wrote its own pid and start. */
function isSameHolder(holder: RunLockHolder | undefined, own: RunLockHolder): boolean {
  return holder?.pid === own.pid && holder.token === own.token && holder.startedAt === own.startedAt;
}

function removeIfOurs(lockFile: string, own: RunLockHolder): void {
  try {
    const holder = parseHolder(readFileSync(lockFile, 'utf8'));
    if (isSameHolder(holder, own)) unlinkSync(lockFile);
  } catch {
    // Already gone: nothing to release.
  }
}

/** Creates `path` with `text` only if it does not exist, content and all at once: a reader never sees it half-written. */
async function createExclusive(path: string, text: string): Promise<boolean> {
  const draft = `${path}.${process.pid}-${randomUUID()}.tmp`;
  await writeFile(draft, text);
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(draft).catch(ignoreMissing);
  }
}

async function readHolder(lockFile: string): Promise<RunLockHolder | undefined> {
  try {
    return parseHolder(await readFile(lockFile, 'utf8')) ?? unreadableHolder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A lock file that cannot be read as one (edited by hand, a disk error) is treated as stale. */
const unreadableHolder: RunLockHolder = { pid: 0, host: '', command: 'an unreadable lock file', startedAt: 0 };

function parseHolder(text: string): RunLockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<RunLockHolder>;
    if (
      typeof value.pid !== 'number' ||
      typeof value.host !== 'string' ||
      typeof value.command !== 'string' ||
      typeof value.startedAt !== 'number'
    )
      return undefined;
    return {
      pid: value.pid,
      ...(typeof value.token === 'string' ? { token: value.token } : {}),
      host: value.host,
      command: value.command,
      startedAt: value.startedAt,
    };
  } catch {
    return undefined;
  }
}

function isRunningHere(holder: RunLockHolder): boolean {
  // A lock from another host (a shared folder) cannot be checked: assume it is live rather than break a run.
  if (holder.host !== hostname()) return holder.pid > 0;
  if (holder.pid <= 0) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
