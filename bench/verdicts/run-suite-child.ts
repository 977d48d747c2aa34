import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RepeatOptions } from '../../harness/metrics/index.js';
import type { SuiteRunResult } from './measure-run.js';

const ENTRY = fileURLToPath(new URL('./suite-run-child.ts', import.meta.url));

/** Runs suite-run-child.ts as `node --import tsx` and returns what it measured; bounded by `timeoutMs`. */
export async function runSuiteChild(
  task: { workDir: string; seed: number; extraCpuMs: Record<string, number[]>; repeat: RepeatOptions },
  options: { cwd: string; timeoutMs: number; signal?: AbortSignal },
): Promise<SuiteRunResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, JSON.stringify(task)], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const kill = (): void => void child.kill('SIGKILL');
  const timer = setTimeout(kill, options.timeoutMs);
  options.signal?.addEventListener('abort', kill, { once: true });
  try {
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    options.signal?.throwIfAborted();
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (code !== 0 || line === undefined)
      throw new Error(`suite run child exited ${String(code)} without a result: ${stderr.slice(-2000)}`);
    return JSON.parse(line.slice('RESULT '.length)) as SuiteRunResult;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', kill);
  }
}
