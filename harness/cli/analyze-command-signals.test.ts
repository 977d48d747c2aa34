import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/maestro.mjs', import.meta.url));

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A code base big enough that its first analysis is still running when the signal arrives (12,000 files). */
function bigTree(files: number): string {
  const root = mkdtempSync(path.join(tmpdir(), 'maestro-analyze-signals-'));
  made.push(root);
  for (let d = 0; d < files / 100; d++) {
    mkdirSync(path.join(root, 'src', `m${d}`), { recursive: true });
    for (let f = 0; f < 100; f++) {
      writeFileSync(
        path.join(root, 'src', `m${d}`, `f${f}.ts`),
        `import { x } from './f${(f + 1) % 100}';\nimport y from '../m${(d + 1) % (files / 100)}/f${f}';\nexport const v = 1;\n`,
      );
    }
  }
  return root;
}

function start(args: readonly string[]): {
  pid: number;
  out: () => string;
  err: () => string;
  exit: Promise<[number | null, NodeJS.Signals | null]>;
} {
  const child = spawn(process.execPath, [BIN, 'analyze', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return {
    pid: child.pid ?? -1,
    out: () => out,
    err: () => err,
    exit: once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>,
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('maestro analyze on a signal (the real bin as a child process)', () => {
  for (const [name, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`stops a running analysis on ${name} and exits ${code}`, async () => {
      const root = bigTree(12_000);
      const child = start([root, '--no-cache', '--progress']);
      // Printed once the handlers are installed, right before the analysis of 12,000 files begins.
      await until(() => child.err().includes('maestro analyze: analysing'), 'the analysis to start');
      const sent = performance.now();
      process.kill(child.pid, name);
      const [exitCode] = await child.exit;
      expect(exitCode).toBe(code);
      expect(child.err()).toContain(`stopped by ${name}`);
      expect(child.err()).not.toContain('analysed 12000 files'); // it was stopped, not finished
      expect(child.out()).toBe(''); // no half report
      expect(performance.now() - sent).toBeLessThan(20_000);
    }, 120_000);
  }

  it('ends --watch on SIGINT with 130 after the complete reports, and a second signal exits at once', async () => {
    const root = bigTree(200);
    const child = start([root, '--watch']);
    await until(() => child.out().includes('score:'), 'the first report');
    process.kill(child.pid, 'SIGINT');
    const [exitCode] = await child.exit;
    expect(exitCode).toBe(130);
    expect(child.out()).toMatch(/=== analysis 1 [\s\S]*score: /);

    const again = start([root, '--watch']);
    await until(() => again.out().includes('score:'), 'the first report');
    process.kill(again.pid, 'SIGTERM');
    process.kill(again.pid, 'SIGTERM');
    const [secondCode, signal] = await again.exit;
    expect(signal).toBeNull();
    expect(secondCode).toBe(143);
  }, 120_000);
});
