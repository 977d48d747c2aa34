import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

let cliPath: string | undefined;

/**
 * The Playwright Test CLI of this repository's own @playwright/test, to run with this Node (never a global `npx`).
 * Resolved on first use, so a command that never starts Playwright (`maestro analyze`) never looks for it.
 */
export function playwrightCliPath(): string {
  cliPath ??= createRequire(import.meta.url).resolve('@playwright/test/cli');
  return cliPath;
}

/** What becomes of one output stream of the child: shown as it comes, dropped, or kept for the caller. */
export type PlaywrightOutput = 'inherit' | 'ignore' | 'capture';

export interface StartPlaywrightOptions {
  readonly cwd: string;
  /** Laid over this process's environment; a key set to undefined is removed (e.g. `{ CI: undefined }`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Default 'inherit'. */
  readonly stdout?: PlaywrightOutput;
  /** Default 'inherit'. */
  readonly stderr?: PlaywrightOutput;
  /** Aborting kills the child (SIGTERM) and rejects `done` with an AbortError. */
  readonly signal?: AbortSignal;
}

export interface PlaywrightExit {
  /** Exit code; 130 when the child died of a signal. */
  readonly code: number;
  /** What was captured ('' for a stream not captured). */
  readonly stdout: string;
  readonly stderr: string;
  /** Both captured streams interleaved as they arrived, for a test's failure message. */
  readonly output: string;
}

export interface PlaywrightChild {
  readonly child: ChildProcess;
  readonly done: Promise<PlaywrightExit>;
}

/**
 * Starts `playwright <args>`. Playwright's runner handles SIGINT itself (it stops the workers, ends the reporters
 * and exits 130; a SIGINT within the next second is ignored, so a terminal's Ctrl-C plus ours count once) but not
 * SIGTERM, so a CLI stops it with SIGINT whatever it received.
 */
export function startPlaywright(args: readonly string[], options: StartPlaywrightOptions): PlaywrightChild {
  const stdio = (mode: PlaywrightOutput | undefined): 'inherit' | 'ignore' | 'pipe' =>
    mode === 'capture' ? 'pipe' : (mode ?? 'inherit');
  const out = stdio(options.stdout);
  const err = stdio(options.stderr);
  const child = spawn(process.execPath, [playwrightCliPath(), ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    // A terminal's stdin stays with the child only when all of its output does too (a CLI run, not a test).
    stdio: [out === 'inherit' && err === 'inherit' ? 'inherit' : 'ignore', out, err],
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    output += chunk;
  });
  const done = new Promise<PlaywrightExit>((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolvePromise({ code: code ?? (signal === null ? 1 : 130), stdout, stderr, output }),
    );
  });
  return { child, done };
}

export interface StopPlaywrightOptions {
  /** How long Playwright gets to stop after each signal before the next one. Default 10 s. */
  readonly graceMs?: number;
  /** Where the escalation is said; default stderr. */
  readonly notify?: (line: string) => void;
}

/**
 * Asks a running Playwright to stop: SIGINT, and again SIGINT then SIGKILL if it is still running `graceMs` after each.
 * Why more than one: Playwright's worker interrupts only the step running when the stop arrives (its TimeoutManager
 * rejects the current runnable), so a test caught between two steps (fixture set-up, its folder being emptied) runs
 * on to its end or its timeout, minutes for a stress test. The second SIGINT comes after Playwright's one-second
 * window for a repeated Ctrl-C and after its runner dropped its handler, so it ends the runner (its workers follow
 * when their channel closes); that test's result is lost, what finished before is kept. The timers end with the
 * child.
 */
export function stopPlaywright(playwright: PlaywrightChild, options: StopPlaywrightOptions = {}): void {
  const { child } = playwright;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const graceMs = options.graceMs ?? 10_000;
  const notify = options.notify ?? ((line: string) => process.stderr.write(`${line}\n`));
  const steps: readonly NodeJS.Signals[] = ['SIGINT', 'SIGINT', 'SIGKILL'];
  let timer: NodeJS.Timeout | undefined;
  const send = (index: number): void => {
    const signal = steps[index];
    if (signal === undefined) return;
    if (index > 0)
      notify(
        `playwright test is still running ${graceMs / 1000} s after ${steps[index - 1]} (a test that was starting as it came runs on); sending ${signal}`,
      );
    child.kill(signal);
    timer = setTimeout(() => send(index + 1), graceMs);
  };
  child.once('close', () => clearTimeout(timer));
  send(0);
}
