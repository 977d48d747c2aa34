import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnvelope, type Envelope } from '@cucumber/messages';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/maestro.mjs', import.meta.url));

/** `maestro bdv` as a child process: waits for a line on stderr, signals it, and measures how it ends. */
interface Child {
  readonly process: ChildProcess;
  stderr: string;
  stdout: string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

function startBdv(cwd: string, args: readonly string[]): Child {
  const child = spawn(process.execPath, [BIN, 'bdv', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const state: Child = {
    process: child,
    stderr: '',
    stdout: '',
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${pattern} on stderr within ${timeoutMs} ms; stderr: ${state.stderr}`)),
          timeoutMs,
        );
        const check = (): void => {
          if (pattern.test(state.stderr)) {
            clearTimeout(timer);
            child.stderr?.off('data', check);
            resolve();
          }
        };
        child.stderr?.on('data', check);
        check();
      }),
    exit: async () => {
      const start = performance.now();
      const [code, signal] = await exited;
      return { code, signal, ms: performance.now() - start };
    },
  };
  child.stderr?.on('data', (chunk: Buffer) => (state.stderr += chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => (state.stdout += chunk.toString()));
  return state;
}

function parseStream(text: string): Envelope[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => parseEnvelope(line));
}

// Each step announces itself on stderr, so the test signals the child only once the long step is running.
const STEPS = `import { setTimeout as sleep } from 'node:timers/promises';
export default function steps({ Given, AfterAll, setDefaultTimeout }) {
  setDefaultTimeout(60_000);
  Given('a quick step', function () {});
  Given('a step that waits {int} s on its signal', async function (s) {
    process.stderr.write('long step started\\n');
    await sleep(s * 1000, undefined, { signal: this.signal });
  });
  Given('a step that ignores its signal', function () {
    process.stderr.write('deaf step started\\n');
    const keepAlive = setInterval(() => {}, 1000);
    return new Promise(() => { void keepAlive; });
  });
  Given('a step that spins forever', function () {
    process.stderr.write('spinning\\n');
    for (;;) {}
  });
  AfterAll(async function () {
    if (process.env.HANG_AFTER_ALL !== '1') return;
    process.stderr.write('after-all hanging\\n');
    setInterval(() => {}, 1000);
    await new Promise(() => {});
  });
}
`;

describe('maestro bdv on SIGINT and SIGTERM (the real bin, as a child process)', () => {
  let dir: string;
  let child: Child | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bdv-signals-'));
    await mkdir(path.join(dir, 'features'));
    await writeFile(path.join(dir, 'steps.mjs'), STEPS);
  });
  afterEach(async () => {
    if (child !== undefined && child.process.exitCode === null && child.process.signalCode === null)
      child.process.kill('SIGKILL');
    child = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const feature = (name: string, body: string): Promise<void> =>
    writeFile(path.join(dir, 'features', `${name}.feature`), body);

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s aborts a 40 s step through this.signal, writes a valid NDJSON stream of what ran, and exits %i',
    async (signal, code) => {
      await feature(
        'a',
        'Feature: A\n  Scenario: quick\n    Given a quick step\n  Scenario: long\n    Given a step that waits 40 s on its signal\n  Scenario: never started\n    Given a quick step\n',
      );
      const out = path.join(dir, 'out.ndjson');
      child = startBdv(dir, ['features', '--steps', 'steps.mjs', '--format', 'ndjson', '--output', out]);
      await child.waitFor(/long step started/);
      child.process.kill(signal);
      const end = await child.exit();
      expect(end).toMatchObject({ code, signal: null });
      expect(end.ms).toBeLessThan(20_000);
      const envelopes = parseStream(await readFile(out, 'utf8'));
      expect(envelopes.at(-1)?.testRunFinished?.success).toBe(false);
      // The quick scenario finished; the long one was interrupted; the third never started.
      expect(envelopes.filter((e) => e.testCaseFinished)).toHaveLength(2);
      expect(envelopes.filter((e) => e.testCase)).toHaveLength(3);
      expect(child.stdout).toMatch(/\(aborted\)/);
    },
    90_000,
  );

  it('abandons a step that ignores its signal on the first signal; a second signal exits at once while AfterAll hangs', async () => {
    await feature('a', 'Feature: A\n  Scenario: deaf\n    Given a step that ignores its signal\n');
    child = startBdv(dir, ['features', '--steps', 'steps.mjs']);
    await child.waitFor(/deaf step started/);
    child.process.kill('SIGINT');
    expect((await child.exit()).code).toBe(130);

    const hanging = spawn(process.execPath, [BIN, 'bdv', 'features', '--steps', 'steps.mjs'], {
      cwd: dir,
      env: { ...process.env, HANG_AFTER_ALL: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    hanging.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(hanging, 'exit') as Promise<[number | null]>;
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (stderr.includes('deaf step started')) {
          hanging.stderr.off('data', check);
          resolve();
        }
      };
      hanging.stderr.on('data', check);
    });
    hanging.kill('SIGINT');
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (stderr.includes('after-all hanging')) resolve();
        else setTimeout(check, 20);
      };
      check();
    });
    const start = performance.now();
    hanging.kill('SIGINT');
    const [second] = await exited;
    expect(second).toBe(130);
    expect(performance.now() - start).toBeLessThan(5_000);
  }, 90_000);

  it('--workers: stops a worker thread stuck in an endless synchronous loop and still writes the stream', async () => {
    await feature(
      'a',
      'Feature: A\n  Scenario: spin\n    Given a step that spins forever\n  Scenario: quick\n    Given a quick step\n',
    );
    const out = path.join(dir, 'out.ndjson');
    child = startBdv(dir, [
      'features',
      '--steps',
      'steps.mjs',
      '--workers',
      '2',
      '--format',
      'ndjson',
      '--output',
      out,
    ]);
    await child.waitFor(/spinning/);
    child.process.kill('SIGTERM');
    const end = await child.exit();
    expect(end.code).toBe(143);
    expect(end.ms).toBeLessThan(20_000);
    const envelopes = parseStream(await readFile(out, 'utf8'));
    expect(envelopes.at(-1)?.testRunFinished?.success).toBe(false);
  }, 90_000);

  it('names a steps module whose default export never settles instead of exiting 13 with no output', async () => {
    await feature('a', 'Feature: A\n  Scenario: quick\n    Given a quick step\n');
    await writeFile(path.join(dir, 'stuck.mjs'), 'export default function steps() { return new Promise(() => {}); }\n');
    await writeFile(
      path.join(dir, 'stuck-top-level.mjs'),
      'await new Promise(() => {});\nexport default function steps() {}\n',
    );
    for (const module of ['stuck.mjs', 'stuck-top-level.mjs']) {
      child = startBdv(dir, ['features', '--steps', module, '--load-timeout', '1000']);
      const end = await child.exit();
      expect(end.code).toBe(2);
      expect(child.stderr).toMatch(
        new RegExp(`steps module ${module.replace('.', '\\.')} did not finish (loading|registering) within 1000 ms`),
      );
      expect(child.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 90_000);
});
