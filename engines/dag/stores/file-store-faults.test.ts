import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readlinkSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { temporaryPathFor } from '../../common/index.js';
import type { ExecutionSnapshot } from './context-store.js';
import { FileContextStore } from './file-store.js';

const here = dirname(fileURLToPath(import.meta.url));
const linux = process.platform === 'linux';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dag-store-faults-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
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

/** The pid of a process that has exited: what a temporary file of a SIGKILLed write carries in its name. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

describe('FileContextStore faults', () => {
  it('removes temporary files left by killed writes when opened and in delete(), keeping those of live writers', async () => {
    const store = new FileContextStore({ directory });
    await store.save(snapshot('exec-1', 1));
    await store.save(snapshot('exec-2', 2));
    const dead = await deadPid();
    const killedWrites = [
      temporaryPathFor(store.pathOf('exec-1'), dead),
      temporaryPathFor(store.pathOf('exec-1'), dead),
      temporaryPathFor(store.pathOf('exec-2'), dead),
    ];
    // A live writer (the parent of this process, certainly alive) is mid-write: its file must stay.
    const liveWrite = temporaryPathFor(store.pathOf('exec-2'), process.ppid);
    // A live pid on a file an hour old is a reused pid: the write that made it is long gone.
    const reusedPid = temporaryPathFor(store.pathOf('exec-2'), process.ppid);
    for (const path of [...killedWrites, liveWrite, reusedPid]) await writeFile(path, '{"half":');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(reusedPid, hourAgo, hourAgo);

    const reopened = new FileContextStore({ directory });
    expect((await reopened.list()).sort()).toEqual(['exec-1', 'exec-2']);
    expect((await readdir(directory)).sort()).toEqual(
      ['exec-1.json', 'exec-2.json', liveWrite.slice(directory.length + 1)].sort(),
    );

    // A write killed after the store was opened: delete() clears what that execution left.
    const lateKill = temporaryPathFor(reopened.pathOf('exec-1'), dead);
    await writeFile(lateKill, '{');
    await reopened.delete('exec-1');
    expect((await readdir(directory)).sort()).toEqual(['exec-2.json', liveWrite.slice(directory.length + 1)].sort());
  });

  it.skipIf(!linux)('fsyncs the directory after the rename when fsync is on, and not when it is off', async () => {
    const target = join(directory, 'exec-1.json');
    const synced: { path: string; holdsNewSnapshot: boolean }[] = [];
    const probe = new FileContextStore({ directory: join(directory, 'probe') });
    await probe.save(snapshot('probe', 0));
    // FileHandle is not exported; its prototype is reachable from any open handle.
    const { open } = await import('node:fs/promises');
    const handle = await open(probe.pathOf('probe'), 'r');
    const prototype = Object.getPrototypeOf(handle) as { sync(this: { fd: number }): Promise<void> };
    await handle.close();
    const original = prototype.sync;
    vi.spyOn(prototype, 'sync').mockImplementation(function (this: { fd: number }) {
      const path = readlinkSync(`/proc/self/fd/${this.fd}`);
      let text = '';
      try {
        text = readFileSync(target, 'utf8');
      } catch {
        // not there yet
      }
      synced.push({ path, holdsNewSnapshot: text.includes('"output":2') });
      return original.call(this);
    });

    const store = new FileContextStore({ directory });
    await store.save(snapshot('exec-1', 1));
    synced.length = 0;
    await store.save(snapshot('exec-1', 2));
    const directorySyncs = synced.filter((entry) => entry.path === directory);
    expect(directorySyncs.length, JSON.stringify(synced)).toBeGreaterThanOrEqual(1);
    // The directory is flushed after the rename published the new file, so the rename itself is durable.
    expect(directorySyncs.at(-1)?.holdsNewSnapshot).toBe(true);

    synced.length = 0;
    await new FileContextStore({ directory, fsync: false }).save(snapshot('exec-1', 3));
    expect(synced).toEqual([]);
  });

  it.skipIf(!linux)(
    'reports the real cause when the directory cannot be created, instead of hanging or saying ENOENT',
    async () => {
      // Under /proc, mkdir fails with ENOENT although the parent exists: Node's recursive mkdir retries it forever.
      const store = new FileContextStore({ directory: '/proc/self/maestro-store/deeper' });
      const started = performance.now();
      const error = await store.save(snapshot('exec-1', 1)).then(
        () => undefined,
        (e: unknown) => e as NodeJS.ErrnoException,
      );
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(error?.code).toBe('ENOENT');
      expect(error?.message).toContain('/proc/self/maestro-store');
    },
  );
});

/** Can this machine give a child its own mount namespace (to mount a read-only file system without root)? */
function canMountReadOnly(): boolean {
  if (!linux) return false;
  return spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'true'], { stdio: 'ignore' }).status === 0;
}

describe('FileContextStore on a read-only file system', () => {
  it.skipIf(!canMountReadOnly())('says EROFS (read-only file system), not ENOENT', () => {
    const mountPoint = join(directory, 'ro');
    const script = join(here, '..', 'testing', 'save-once.ts');
    const output = execFileSync(
      'unshare',
      [
        '--user',
        '--map-root-user',
        '--mount',
        'sh',
        '-c',
        `mkdir -p "$1" && mount -t tmpfs -o ro tmpfs "$1" && exec "$2" --import tsx "$3" "$1/store/deeper"`,
        'sh',
        mountPoint,
        process.execPath,
        script,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(JSON.parse(output.trim().split('\n').at(-1) ?? '{}')).toMatchObject({
      code: 'EROFS',
      message: expect.stringContaining('read-only file system'),
    });
  });
});
