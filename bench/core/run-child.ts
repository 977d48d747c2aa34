import { spawn } from 'node:child_process';
import type { ChildMeasurement } from './bench-types.js';
import { BenchProtocolError, parseChildOutput } from './child-protocol.js';

export interface RunChildOptions {
  /** Repository root: the child resolves tsx and packages from here. */
  readonly cwd: string;
  /** Kills the child (SIGKILL) after this long. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

const STDERR_TAIL = 2000;

/**
 * Runs one repetition of a contender as its own `node --import tsx <entry> <task-json>` process, so its memory
 * is its own and nothing it loads or caches survives into the next repetition.
 */
export function runChild(entry: string, task: unknown, options: RunChildOptions): Promise<ChildMeasurement> {
  return new Promise<ChildMeasurement>((resolve, reject) => {
    const controller = new AbortController();
    const onOuterAbort = (): void => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const timer = setTimeout(
      () => controller.abort(new BenchProtocolError(`timed out after ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(task)], {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: controller.signal,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_TAIL)));
    const cleanUp = (): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onOuterAbort);
    };
    child.on('error', (error) => {
      cleanUp();
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
      reject(reason instanceof Error ? reason : new BenchProtocolError(String(reason), { cause: error }));
    });
    child.on('close', (code, killSignal) => {
      cleanUp();
      if (controller.signal.aborted) return; // the 'error' handler already rejected
      if (code !== 0) {
        reject(new BenchProtocolError(`exited with ${killSignal ?? `code ${code}`}: ${lastLines(stderr)}`));
        return;
      }
      try {
        resolve(parseChildOutput(stdout));
      } catch (error) {
        reject(error instanceof Error ? error : new BenchProtocolError(String(error)));
      }
    });
  });
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-6).join(' / ') || '(no stderr)';
}
