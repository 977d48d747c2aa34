import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  parseCommandLine,
  startPlaywright,
  stopPlaywright,
  UsageError,
  type PlaywrightChild,
  type PlaywrightExit,
} from './index.js';

describe('parseCommandLine', () => {
  const options = { workers: { type: 'string' }, quick: { type: 'boolean', default: false } } as const;

  it('parses as node:util parseArgs does', () => {
    expect(parseCommandLine({ args: ['--workers', '3', '--quick'], options, strict: true }).values).toEqual({
      workers: '3',
      quick: true,
    });
  });

  it('turns every parseArgs complaint into a UsageError naming the flag', () => {
    for (const args of [['--wrokers', '3'], ['--workers'], ['stray']]) {
      expect(() => parseCommandLine({ args, options, strict: true, allowPositionals: false })).toThrow(UsageError);
    }
    expect(() => parseCommandLine({ args: ['--wrokers'], options, strict: true })).toThrow(/--wrokers/);
  });
});

describe('startPlaywright', () => {
  it("runs this repository's Playwright CLI and hands back its exit code and captured output", async () => {
    const { code, stdout, output } = await startPlaywright(['--version'], {
      cwd: process.cwd(),
      stdout: 'capture',
      stderr: 'capture',
      signal: AbortSignal.timeout(60_000),
    }).done;
    expect(code, output).toBe(0);
    expect(stdout).toMatch(/^Version \d+\.\d+\.\d+/);
  }, 90_000);

  it('reports a failing command as its non-zero exit code', async () => {
    const { code, output } = await startPlaywright(['no-such-command'], {
      cwd: process.cwd(),
      stdout: 'capture',
      stderr: 'capture',
      signal: AbortSignal.timeout(60_000),
    }).done;
    expect(code).not.toBe(0);
    expect(output).toMatch(/no-such-command/);
  }, 90_000);
});

/**
 * A stand-in for Playwright's runner, as it treats SIGINT: it says so on stdout, then exits ('stops'), drops its
 * handler and runs on as a runner whose test ignored the stop does ('lingers'), or keeps its handler ('deaf').
 */
interface FakeRunner extends PlaywrightChild {
  readonly done: Promise<PlaywrightExit & { readonly signal: NodeJS.Signals | null }>;
  readonly lines: () => string[];
}

function fakeRunner(mode: 'stops' | 'lingers' | 'deaf'): FakeRunner {
  const script = `
    const onInt = () => {
      process.stdout.write('SIGINT\\n');
      if (${JSON.stringify(mode)} === 'stops') process.exit(130);
      if (${JSON.stringify(mode)} === 'lingers') process.off('SIGINT', onInt);
    };
    process.on('SIGINT', onInt);
    setInterval(() => {}, 1000);
    process.stdout.write('ready\\n');`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const done = once(child, 'close').then(([code, signal]) => ({
    code: (code as number | null) ?? (signal === null ? 1 : 130),
    signal: signal as NodeJS.Signals | null,
    stdout,
    stderr: '',
    output: stdout,
  }));
  return { child, done, lines: () => stdout.split('\n').filter(Boolean) };
}

/** Starts a stand-in runner, stops it once it is ready (300 ms grace), and hands back how it ended and what was said. */
async function stopRunner(mode: 'stops' | 'lingers' | 'deaf') {
  const runner = fakeRunner(mode);
  while (!runner.lines().includes('ready')) await once(runner.child.stdout!, 'data');
  const said: string[] = [];
  stopPlaywright(runner, { graceMs: 300, notify: (line) => said.push(line) });
  const exit = await runner.done;
  return { exit, said, lines: runner.lines };
}

describe('stopPlaywright', () => {
  it('sends one SIGINT to a runner that stops, and nothing more', async () => {
    const { exit, said, lines } = await stopRunner('stops');
    expect(exit.code).toBe(130);
    // Nothing may fire after the runner closed: wait past two grace times (a wait for an absence, not for work).
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(lines()).toEqual(['ready', 'SIGINT']);
    expect(said).toEqual([]);
  }, 30_000);

  it('interrupts again a runner still running after the grace time, and says so', async () => {
    const { exit, said, lines } = await stopRunner('lingers');
    // The first SIGINT was handled; the second found no handler and ended the process as a default SIGINT does.
    expect(lines()).toEqual(['ready', 'SIGINT']);
    expect(exit.signal).toBe('SIGINT');
    expect(said).toEqual([expect.stringMatching(/still running 0\.3 s after SIGINT.*sending SIGINT/)]);
  }, 30_000);

  it('kills a runner that ignores every SIGINT', async () => {
    const { exit, said, lines } = await stopRunner('deaf');
    expect(lines()).toEqual(['ready', 'SIGINT', 'SIGINT']);
    expect(exit.signal).toBe('SIGKILL');
    expect(said).toHaveLength(2);
    expect(said[1]).toMatch(/sending SIGKILL/);
  }, 30_000);
});
