import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const PLAYWRIGHT_CLI = join(dirname(createRequire(import.meta.url).resolve('@playwright/test/package.json')), 'cli.js');

export interface PlaywrightChild {
  child: ChildProcess;
  /** Exit code (130 when it died of a signal), and stdout when captured. */
  done: Promise<{ code: number; stdout: string }>;
}

/**
 * Starts `playwright <args>`. Playwright's runner handles SIGINT itself (it stops the workers, ends the reporters
 * and exits 130; a SIGINT within the next second is ignored, so a terminal's Ctrl-C plus ours count once) but not
 * SIGTERM, so a CLI stops it with SIGINT whatever it received.
 */
export function startPlaywright(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; capture?: boolean }): PlaywrightChild {
  const child = spawn(process.execPath, [PLAYWRIGHT_CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: options.capture === true ? ['ignore', 'pipe', 'inherit'] : 'inherit',
  });
  let stdout = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const done = new Promise<{ code: number; stdout: string }>((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolvePromise({ code: code ?? (signal === null ? 1 : 130), stdout }));
  });
  return { child, done };
}
