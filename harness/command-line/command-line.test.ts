import { describe, expect, it } from 'vitest';
import { parseCommandLine, startPlaywright, UsageError } from './index.js';

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
